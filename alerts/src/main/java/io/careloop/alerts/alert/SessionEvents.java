package io.careloop.alerts.alert;

import io.careloop.alerts.rule.SessionFacts;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.SessionsStored;
import io.careloop.platform.bus.SharedCodecs;
import io.careloop.platform.bus.StoredSession;
import io.careloop.platform.tracing.Traces;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the sessions device-ingest stores ({@link Addresses#SESSION_STORED}) and has each one
 * judged against its patient's plan. An event lost here only delays an alert to the next sweep.
 */
public final class SessionEvents {

  private static final Logger log = LoggerFactory.getLogger(SessionEvents.class);
  private static final int RECENT_EVENTS = 10_000;

  private final AlertService service;
  private final AtomicLong heard = new AtomicLong();

  /** The latest session event heard per patient, bounded: what operators and tests look at. */
  private final Map<UUID, StoredSession> lastSeen =
      Collections.synchronizedMap(
          new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, StoredSession> eldest) {
              return size() > RECENT_EVENTS;
            }
          });

  private MessageConsumer<SessionsStored> consumer;

  public SessionEvents(AlertService service) {
    this.service = service;
  }

  public Future<Void> listen(EventBus bus) {
    SharedCodecs.register(bus); // events from an ingest in another process arrive in it
    consumer =
        bus.<SessionsStored>consumer(
            Addresses.SESSION_STORED, msg -> msg.body().sessions().forEach(this::stored));
    return consumer.completion();
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void stored(StoredSession event) {
    UUID patientId = event.patientId();
    if (patientId == null) {
      return; // a brush nobody owns yet: nothing to follow up
    }
    heard.incrementAndGet();
    lastSeen.put(patientId, event);
    // Most patients have no active plan: the event is read into facts only for those who do.
    // Judged in the event's trace (when tracing is on), which ends for this consumer when it
    // returns.
    Traces.continued(() -> service.sessionStored(patientId, () -> SessionFacts.of(event)))
        .onFailure(
            err ->
                log.warn(
                    "Rules of patient {} not judged now (the sweep will): {}",
                    patientId,
                    err.toString()));
  }

  /** The latest stored session heard of for the patient (bounded memory). */
  public Optional<SessionFacts> lastSessionSeen(UUID patientId) {
    return Optional.ofNullable(lastSeen.get(patientId)).map(SessionFacts::of);
  }

  public long heard() {
    return heard.get();
  }
}
