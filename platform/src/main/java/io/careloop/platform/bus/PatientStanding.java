package io.careloop.platform.bus;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * A patient's standing for priority booking, as the CRM judges it ({@link
 * Addresses#PATIENT_STANDING}): whether they are on the fast track, and why (e.g. {@code
 * returning}, {@code tier:strategic}, {@code tag:open-high-alert}). Asked with {@link #ask}.
 */
public record PatientStanding(UUID patientId, boolean fastTrack, List<String> reasons) {

  public PatientStanding {
    reasons = List.copyOf(reasons);
  }

  /** The question: the patient, nothing judged yet. */
  public static PatientStanding ask(UUID patientId) {
    return new PatientStanding(patientId, false, List.of());
  }

  public static void register(EventBus bus) {
    RecordCodec.register(
        bus, PatientStanding.class, PatientStanding::toJson, PatientStanding::fromJson);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("patientId", patientId.toString())
        .put("fastTrack", fastTrack)
        .put("reasons", new JsonArray(reasons));
  }

  public static PatientStanding fromJson(JsonObject json) {
    return new PatientStanding(
        UUID.fromString(json.getString("patientId")),
        json.getBoolean("fastTrack", false),
        json.getJsonArray("reasons", new JsonArray()).stream().map(String::valueOf).toList());
  }
}
