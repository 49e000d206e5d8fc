package io.careloop.reminders.bus;

import io.careloop.platform.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What brushing nudges ask device-ingest over the event bus; reminders never read its tables. */
public final class DeviceIngestClient {

  private final EventBus bus;

  public DeviceIngestClient(EventBus bus) {
    this.bus = bus;
  }

  /**
   * Whether device-ingest knows a brush paired to the patient now ({@link
   * Addresses#PATIENT_DEVICES}).
   */
  public Future<Boolean> hasPairedBrush(UUID patientId) {
    return bus.<JsonObject>request(
            Addresses.PATIENT_DEVICES, new JsonObject().put("patientId", patientId.toString()))
        .map(reply -> !reply.body().getJsonArray("devices", new JsonArray()).isEmpty());
  }

  /** When the patient's sessions in [from, to) were placed ({@link Addresses#PATIENT_SESSIONS}). */
  public Future<List<Instant>> sessionStarts(UUID patientId, Instant from, Instant to) {
    return bus.<JsonObject>request(
            Addresses.PATIENT_SESSIONS,
            new JsonObject()
                .put("patientId", patientId.toString())
                .put("from", from.toString())
                .put("to", to.toString()))
        .map(
            reply -> {
              JsonArray sessions = reply.body().getJsonArray("sessions", new JsonArray());
              List<Instant> starts = new ArrayList<>();
              for (int i = 0; i < sessions.size(); i++) {
                starts.add(Instant.parse(sessions.getJsonObject(i).getString("placedAt")));
              }
              return starts;
            });
  }
}
