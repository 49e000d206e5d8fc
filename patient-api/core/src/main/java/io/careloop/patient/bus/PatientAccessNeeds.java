package io.careloop.patient.bus;

import io.careloop.patient.access.AccessNeeds;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A patient's access needs, as {@link io.careloop.platform.bus.Addresses#PATIENT_ACCESS_NEEDS}
 * answers them (asked with {@link #ask}): what staff prepare for before the patient arrives.
 */
public record PatientAccessNeeds(UUID patientId, AccessNeeds needs) {

  /** The question: the patient, no needs known yet. */
  public static PatientAccessNeeds ask(UUID patientId) {
    return new PatientAccessNeeds(patientId, AccessNeeds.NONE);
  }

  public JsonObject toJson() {
    return new JsonObject().put("patientId", patientId.toString()).put("needs", needs.toJson());
  }

  public static PatientAccessNeeds fromJson(JsonObject json) {
    return new PatientAccessNeeds(
        UUID.fromString(json.getString("patientId")),
        AccessNeeds.fromJson(json.getJsonObject("needs")));
  }
}
