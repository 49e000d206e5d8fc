package io.careloop.reminders.bus;

import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.DevicePaired;
import io.careloop.platform.bus.SessionsStored;
import io.careloop.platform.bus.SharedCodecs;
import io.careloop.platform.bus.StoredSession;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device-ingest's events that start a patient's brushing nudges: {@link Addresses#SESSION_STORED}
 * (sessions of theirs were stored) and {@link Addresses#DEVICE_PAIRED} (a brush was paired to them:
 * it may still lie in a drawer, and they are nudged from tonight on). Fire and forget: the nudges'
 * repair pass over their roster makes up for an event lost.
 */
public final class BrushingEvents {

  private static final Logger log = LoggerFactory.getLogger(BrushingEvents.class);

  private final EventBus bus;
  private final Clock clock;

  public BrushingEvents(EventBus bus, Clock clock) {
    this.bus = bus;
    this.clock = clock;
  }

  /** Calls {@code brushing} with each patient of an event, once, and the time the event arrived. */
  public void listen(BiFunction<UUID, Instant, Future<Void>> brushing) {
    SharedCodecs.register(bus); // events from an ingest in another process arrive in it
    bus.<SessionsStored>consumer(
        Addresses.SESSION_STORED,
        msg -> {
          Instant now = clock.instant();
          patientsOf(msg.body())
              .forEach(
                  patientId ->
                      brushing
                          .apply(patientId, now)
                          .onFailure(
                              err ->
                                  log.warn(
                                      "Brushing nudge of {} not planned now ({}); the repair pass will",
                                      patientId,
                                      err.toString())));
        });
    bus.<DevicePaired>consumer(
        Addresses.DEVICE_PAIRED,
        msg -> {
          UUID patientId = msg.body().patientId();
          brushing
              .apply(patientId, clock.instant())
              .onFailure(
                  err ->
                      log.warn(
                          "Brushing nudges of newly paired {} not planned now ({}); the next session will",
                          patientId,
                          err.toString()));
        });
  }

  /** The owners of the event's sessions, each once (a backlog's sessions are one patient's). */
  private static Set<UUID> patientsOf(SessionsStored event) {
    Set<UUID> patients = new HashSet<>();
    for (StoredSession session : event.sessions()) {
      if (session.patientId() != null) { // null: a brush paired to nobody
        patients.add(session.patientId());
      }
    }
    return patients;
  }
}
