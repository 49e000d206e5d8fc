package io.careloop.reminders.bus;

import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.PatientDevices;
import io.careloop.platform.bus.PatientSessions;
import io.careloop.platform.bus.SharedCodecs;
import io.careloop.platform.bus.StoredSession;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What brushing nudges ask device-ingest over the event bus; reminders never read its tables. */
public final class DeviceIngestClient {

  private final EventBus bus;

  public DeviceIngestClient(EventBus bus) {
    this.bus = bus;
    SharedCodecs.register(bus);
  }

  /**
   * Whether device-ingest knows a brush paired to the patient now ({@link
   * Addresses#PATIENT_DEVICES}).
   */
  public Future<Boolean> hasPairedBrush(UUID patientId) {
    return bus.<PatientDevices>request(Addresses.PATIENT_DEVICES, PatientDevices.ask(patientId))
        .map(reply -> !reply.body().devices().isEmpty());
  }

  /** When the patient's sessions in [from, to) were placed ({@link Addresses#PATIENT_SESSIONS}). */
  public Future<List<Instant>> sessionStarts(UUID patientId, Instant from, Instant to) {
    return bus.<PatientSessions>request(
            Addresses.PATIENT_SESSIONS, PatientSessions.ask(patientId, from, to))
        .map(reply -> reply.body().sessions().stream().map(StoredSession::placedAt).toList());
  }
}
