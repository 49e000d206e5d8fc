package io.careloop.ingest;

import io.careloop.ingest.registry.Device;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.session.BrushingSession;
import io.careloop.ingest.session.BrushingSessionRepository;
import io.careloop.ingest.session.SessionPayloadParser;
import io.careloop.ingest.session.SessionPlacement;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.SessionsStored;
import io.careloop.platform.bus.SharedCodecs;
import io.careloop.platform.bus.StoredSession;
import io.careloop.platform.vertx.TurnBatches;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The business step of ingestion, independent of MQTT: read the payload, check it against the
 * registry, store it, announce it. The returned future completes once the outcome is durable
 * (session stored, or dead letter stored); it fails only when storage is unavailable, and then the
 * message must not be acknowledged. A copy of a session that arrived before is stored again (it may
 * be the one that completes it) but not announced: downstream, it changes nothing.
 */
public final class SessionIngestor {

  private final SessionPayloadParser parser;
  private final DeviceRegistry registry;
  private final BrushingSessionRepository sessions;
  private final DeadLetters deadLetters;
  private final TurnBatches<StoredSession> storedEvents;
  private final Clock clock;

  /**
   * The placement of each session whose storage is under way, by {@link BrushingSession#identity}.
   */
  private final Map<String, Instant> placing = new ConcurrentHashMap<>();

  private final Counter stored;
  private final Counter copies;
  private final Timer storeTime;

  public SessionIngestor(
      SessionPayloadParser parser,
      DeviceRegistry registry,
      BrushingSessionRepository sessions,
      DeadLetters deadLetters,
      EventBus bus,
      Clock clock,
      MeterRegistry meters) {
    this.parser = parser;
    this.registry = registry;
    this.sessions = sessions;
    this.deadLetters = deadLetters;
    // the sessions stored in one event-loop turn are announced in one event: a burst costs the
    // event bus (and its consumers' event loops) one delivery, not one per session; the record is
    // immutable, so the consumers of this process share it rather than each getting a copy
    SharedCodecs.register(bus);
    this.storedEvents =
        new TurnBatches<>(
            events -> bus.publish(Addresses.SESSION_STORED, new SessionsStored(events)));
    this.clock = clock;
    this.stored =
        Counter.builder("careloop.ingest.sessions.stored")
            .description("Brushing sessions stored (a redelivered copy counts again)")
            .register(meters);
    this.copies =
        Counter.builder("careloop.ingest.sessions.copies")
            .description("Stored sessions that had arrived before (not announced again)")
            .register(meters);
    this.storeTime =
        Timer.builder("careloop.ingest.store.duration")
            .description("From receipt to durable storage of a session")
            .register(meters);
    FunctionCounter.builder(
            "careloop.ingest.store.rows", sessions, BrushingSessionRepository::rowsStored)
        .description("Session rows written (two per session)")
        .register(meters);
    FunctionCounter.builder(
            "careloop.ingest.store.requests", sessions, BrushingSessionRepository::storeRequests)
        .description(
            "Cassandra requests that wrote them (a batch of one partition's rows counts once)")
        .register(meters);
  }

  /** Stores a session message received now. */
  public Future<IngestOutcome> ingest(String topic, byte[] payload) {
    return ingest(topic, payload, clock.instant());
  }

  /**
   * Stores a session message that reached ingest at {@code receivedAt}, the same on every retry of
   * it.
   */
  public Future<IngestOutcome> ingest(String topic, byte[] payload, Instant receivedAt) {
    long start = System.nanoTime();
    SessionPayloadParser.Result parsed = parser.parse(topic, payload, receivedAt);
    if (parsed instanceof SessionPayloadParser.Rejected r) {
      return deadLetter(
          receivedAt, topic, r.deviceId(), r.rejection().reason(), r.rejection().detail(), payload);
    }
    BrushingSession session = ((SessionPayloadParser.Accepted) parsed).session();
    return registry
        .find(session.deviceId())
        .compose(
            device -> {
              if (device.isEmpty()) {
                return deadLetter(
                    receivedAt,
                    topic,
                    session.deviceId(),
                    "unknown-device",
                    session.deviceId() + " is not registered",
                    payload);
              }
              if (device.get().revoked()) {
                return deadLetter(
                    receivedAt,
                    topic,
                    session.deviceId(),
                    "revoked-device",
                    session.deviceId() + " was revoked",
                    payload);
              }
              return store(session, device.get())
                  .map(
                      v -> {
                        storeTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        return IngestOutcome.STORED;
                      });
            });
  }

  private Future<Void> store(BrushingSession received, Device device) {
    BrushingSession session = placement(received, device);
    UUID owner = device.ownerAt(session.placedAt()).orElse(null);
    // composed, so that a write that throws also fails the future and the placement is let go
    return Future.succeededFuture()
        .compose(v -> sessions.store(session, owner))
        .compose(v -> sessions.settle(session, owner))
        .andThen(done -> placing.remove(session.identity(), session.placedAt()))
        .compose(
            settled -> {
              BrushingSession placed =
                  session.withPlacedAt(settled.placedAt()).withReceivedAt(settled.receivedAt());
              stored.increment();
              announce(placed, settled, session);
              return settled.owner() == null
                  ? attributeIfPairedMeanwhile(placed)
                  : Future.succeededFuture();
            });
  }

  /**
   * Announces the session, unless another copy arrived before this one: that copy announced it
   * (copies stored at the same moment on two instances may both announce it; one stopped between
   * its write and its announcement leaves the session to the alerts sweep).
   */
  private void announce(
      BrushingSession placed, BrushingSessionRepository.Settled settled, BrushingSession copy) {
    if (settled.arrivedBefore(copy)) {
      copies.increment();
    } else {
      storedEvents.add(placed.toStored(settled.owner()));
    }
  }

  /**
   * A session stored as waiting for an owner, by a registry read that may be a moment old (the
   * cache, or a pairing that moved the brush's waiting sessions while this one was on its way):
   * read the brush again after the write, and when its current owner has it, move the waiting
   * sessions as pairing does. Either this read sees the pairing, or the pairing's move sees the
   * row.
   */
  private Future<Void> attributeIfPairedMeanwhile(BrushingSession session) {
    return registry
        .findFresh(session.deviceId())
        .compose(
            found -> {
              if (found.isEmpty()
                  || found.get().ownerId() == null
                  || !found
                      .get()
                      .ownerId()
                      .equals(found.get().ownerAt(session.placedAt()).orElse(null))) {
                return Future.succeededFuture();
              }
              return sessions
                  .attributeWaitingSessions(
                      session.deviceId(), found.get().waitingSince(), found.get().ownerId())
                  .mapEmpty();
            });
  }

  /**
   * Where this copy places its session: as {@link SessionPlacement} decides, or like a copy of it
   * still on its way through this instance ({@link #placing}). Copies can be placed differently (a
   * brush clock ahead of ours is not trusted at first and is trusted by a copy resent later; a live
   * copy has a shorter window than its re-upload from the backlog), and a session placed twice
   * would be on two days: the first copy stored places it, and a later copy, here or on another
   * instance, is moved there when it settles ({@link BrushingSessionRepository#settle}).
   */
  private BrushingSession placement(BrushingSession received, Device device) {
    BrushingSession s = SessionPlacement.withinPairing(received, device::ownerAt);
    Instant inFlight = placing.putIfAbsent(s.identity(), s.placedAt());
    return inFlight != null ? s.withPlacedAt(inFlight) : s;
  }

  private Future<IngestOutcome> deadLetter(
      Instant receivedAt,
      String topic,
      String deviceId,
      String reason,
      String detail,
      byte[] payload) {
    return deadLetters.refuse(receivedAt, topic, deviceId, reason, detail, payload);
  }
}
