package io.careloop.platform.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * {@link Addresses#PATIENT_CLINICS}: asked with the patient ({@link #ask}), answered with the
 * clinics they are a patient of (registered with, or booked at).
 */
public record PatientClinics(UUID patientId, List<UUID> clinicIds) {

  public PatientClinics {
    clinicIds = List.copyOf(clinicIds);
  }

  public static PatientClinics ask(UUID patientId) {
    return new PatientClinics(patientId, List.of());
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("patientId", patientId.toString())
        .put("clinicIds", Ids.toJson(clinicIds));
  }

  public static PatientClinics fromJson(JsonObject json) {
    return new PatientClinics(
        UUID.fromString(json.getString("patientId")), Ids.fromJson(json.getJsonArray("clinicIds")));
  }
}
