package io.careloop.simulators.report;

import io.careloop.simulators.fleet.FleetListener;
import io.careloop.simulators.fleet.FleetMember;
import io.careloop.simulators.profile.Upload;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything a run did, as it happened: each session's first publish and PUBACK, every publish the
 * broker acknowledged (what reached CareLoop, and when), the faults and the app traffic.
 * Thread-safe: brushes, faults and traffic write to it at once.
 */
public final class RunLog implements FleetListener {

  /** One session (device, id, start) as the brushes handled it. */
  public static final class Track {
    final FleetMember member;
    final int wearer;
    final Instant firstPublish;
    volatile Instant acknowledged;

    /** A PUBACK said "no matching subscribers": the broker kept nothing of that copy. */
    volatile boolean noSubscribers;

    final AtomicLong publishes = new AtomicLong();

    Track(FleetMember member, int wearer, Instant firstPublish) {
      this.member = member;
      this.wearer = wearer;
      this.firstPublish = firstPublish;
    }

    public Instant firstPublish() {
      return firstPublish;
    }

    public boolean noSubscribers() {
      return noSubscribers;
    }

    /** The first PUBACK, or null. */
    public Instant acknowledged() {
      return acknowledged;
    }
  }

  /** A publish the broker acknowledged: the payload as sent, and when. */
  public record Arrival(Instant at, JsonObject payload) {}

  /** A fault command as it ran. */
  public record Fault(
      String name,
      String command,
      Instant startedAt,
      Instant endedAt,
      int exitCode,
      String output) {}

  private final Instant start;
  private final Map<String, Track> tracks = new ConcurrentHashMap<>();
  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final Map<String, LongAdder> traffic = new ConcurrentHashMap<>();
  private final Map<Long, long[]> perSecond = new ConcurrentHashMap<>();
  private final LongAdder published = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();

  public RunLog(Instant start) {
    this.start = start;
  }

  public Instant start() {
    return start;
  }

  @Override
  public void published(FleetMember member, Upload upload, int attempt, Instant at) {
    tracks
        .computeIfAbsent(upload.sessionKey(), k -> new Track(member, upload.wearer(), at))
        .publishes
        .incrementAndGet();
    published.increment();
    count(at, 0);
  }

  @Override
  public void acknowledged(FleetMember member, Upload upload, int reasonCode, Instant at) {
    Track track = tracks.get(upload.sessionKey());
    if (reasonCode == io.careloop.simulators.fleet.Link.NO_MATCHING_SUBSCRIBERS) {
      track.noSubscribers = true;
    }
    if (track.acknowledged == null) {
      track.acknowledged = at;
    }
    if (reasonCode != io.careloop.simulators.fleet.Link.NO_MATCHING_SUBSCRIBERS) {
      arrivals.add(new Arrival(at, upload.payload())); // otherwise it never reached CareLoop
    }
    acknowledged.increment();
    count(at, 1);
  }

  @Override
  public void failed(FleetMember member, Upload upload, String reason, Instant at) {
    failed.increment();
    count(at, 2);
  }

  @Override
  public void droppedByBrush(FleetMember member, Upload upload, Instant at) {
    dropped.increment();
  }

  @Override
  public void connectFailed(FleetMember member, String reason, Instant at) {
    connectFailures.increment();
  }

  public void fault(Fault fault) {
    faults.add(fault);
  }

  /** One app request's outcome, e.g. {@code book: done}. */
  public void traffic(String operation, String outcome) {
    traffic.computeIfAbsent(operation + ":" + outcome, k -> new LongAdder()).increment();
  }

  private void count(Instant at, int column) {
    long second = Math.max(0, java.time.Duration.between(start, at).getSeconds());
    long[] row = perSecond.computeIfAbsent(second, s -> new long[3]);
    synchronized (row) {
      row[column]++;
    }
  }

  public Map<String, Track> tracks() {
    return tracks;
  }

  public List<Arrival> arrivals() {
    return new ArrayList<>(arrivals);
  }

  public List<Fault> faults() {
    return new ArrayList<>(faults);
  }

  public Map<String, Long> trafficCounts() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    traffic.forEach((k, v) -> counts.put(k, v.sum()));
    return counts;
  }

  /** Published, acknowledged and failed publishes per second since the start. */
  public Map<Long, long[]> perSecond() {
    return new java.util.TreeMap<>(perSecond);
  }

  public long publishedCount() {
    return published.sum();
  }

  public long acknowledgedCount() {
    return acknowledged.sum();
  }

  public long failedCount() {
    return failed.sum();
  }

  public long droppedCount() {
    return dropped.sum();
  }

  public long connectFailures() {
    return connectFailures.sum();
  }

  /** Distinct sessions published, and those with a PUBACK. */
  public long sessionsPublished() {
    return tracks.size();
  }

  public long sessionsAcknowledged() {
    return tracks.values().stream().filter(t -> t.acknowledged != null).count();
  }
}
