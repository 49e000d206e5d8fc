package io.careloop.simulators.fleet;

import io.careloop.simulators.profile.Upload;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One brush of a running fleet, on a thread of its own: it sends each upload when the timeline
 * says, keeps every session until its PUBACK (at most 30, oldest dropped first, as the firmware
 * does), reconnects about every second while the broker is away, and then uploads what it kept,
 * oldest first, as a backlog.
 */
final class LiveBrush implements Runnable {

  static final int MEMORY = 30;
  private static final Duration RECONNECT_EVERY = Duration.ofSeconds(1);

  /** A session the brush holds until the broker acknowledges it. */
  private record Kept(Upload upload, int attempts) {}

  private final FleetMember member;
  private final Link link;
  private final Timeline timeline;
  private final FleetListener listener;
  private final Runnable handover;
  private final Instant giveUpAt;
  private final Deque<Kept> memory = new ArrayDeque<>();
  private volatile boolean stopping;
  private Instant nextConnect = Instant.MIN;

  LiveBrush(
      FleetMember member,
      Link link,
      Timeline timeline,
      FleetListener listener,
      Runnable handover,
      Instant giveUpAt) {
    this.member = member;
    this.link = link;
    this.timeline = timeline;
    this.listener = listener;
    this.handover = handover;
    this.giveUpAt = giveUpAt;
  }

  @Override
  public void run() {
    boolean handedOver = false;
    try {
      for (Upload upload : member.uploads()) {
        sleepUntil(timeline.real(upload.sendAt()));
        if (stopping) {
          return;
        }
        if (upload.wearer() == 1 && !handedOver) {
          handover.run();
          handedOver = true;
        }
        keep(upload);
        uploadKept();
      }
      while (!memory.isEmpty() && !stopping && Instant.now().isBefore(giveUpAt)) {
        sleep(200);
        uploadKept();
      }
    } finally {
      link.close();
    }
  }

  /** Sessions still on the brush (not acknowledged) when it stopped. */
  int kept() {
    return memory.size();
  }

  void stop() {
    stopping = true;
  }

  private void keep(Upload upload) {
    if (memory.size() == MEMORY) {
      listener.droppedByBrush(member, memory.removeFirst().upload(), Instant.now());
    }
    memory.addLast(new Kept(upload, 0));
  }

  private void uploadKept() {
    if (!link.connected() && !reconnect()) {
      return;
    }
    while (!memory.isEmpty() && !stopping) {
      Kept next = memory.peekFirst();
      Upload upload = next.attempts() == 0 ? next.upload() : asBacklog(next.upload());
      listener.published(member, next.upload(), next.attempts() + 1, Instant.now());
      try {
        int reason =
            link.publish(
                "careloop/v1/devices/" + member.deviceId() + "/sessions",
                upload.payload().encode().getBytes(StandardCharsets.UTF_8));
        memory.removeFirst();
        listener.acknowledged(member, next.upload(), reason, Instant.now());
      } catch (Exception e) {
        memory.removeFirst();
        memory.addFirst(new Kept(next.upload(), next.attempts() + 1));
        listener.failed(member, next.upload(), String.valueOf(e.getMessage()), Instant.now());
        link.close();
        return;
      }
    }
  }

  private static Upload asBacklog(Upload upload) {
    return new Upload(
        upload.sendAt(),
        upload.wearer(),
        upload.payload().copy().put("backlog", true),
        upload.copy());
  }

  private boolean reconnect() {
    Instant now = Instant.now();
    if (now.isBefore(nextConnect)) {
      return false;
    }
    nextConnect = now.plus(RECONNECT_EVERY);
    try {
      link.connect();
      listener.connected(member, Instant.now());
      return true;
    } catch (Exception e) {
      link.close();
      listener.connectFailed(member, String.valueOf(e.getMessage()), Instant.now());
      return false;
    }
  }

  private void sleepUntil(Instant at) {
    while (!stopping) {
      long wait = Duration.between(Instant.now(), at).toMillis();
      if (wait <= 0) {
        return;
      }
      if (!memory.isEmpty()) {
        uploadKept(); // the broker came back meanwhile
      }
      sleep(Math.min(wait, memory.isEmpty() ? 1000 : 200));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
