package io.careloop.patient.bus;

import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * The answer of {@link io.careloop.platform.bus.Addresses#PATIENT_APPOINTMENTS}: every stored
 * change of every appointment of the patient, oldest version first per appointment, each as the
 * appointment-changed event announced it (the appointment as that version left it).
 */
public record PatientAppointments(UUID patientId, List<AppointmentChanged> changes) {

  public PatientAppointments {
    changes = List.copyOf(changes);
  }

  /** The question: the patient, no changes. */
  public static PatientAppointments ask(UUID patientId) {
    return new PatientAppointments(patientId, List.of());
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("patientId", patientId.toString())
        .put("changes", new JsonArray(changes.stream().map(AppointmentChanged::toJson).toList()));
  }

  public static PatientAppointments fromJson(JsonObject json) {
    return new PatientAppointments(
        UUID.fromString(json.getString("patientId")),
        json.getJsonArray("changes").stream()
            .map(o -> AppointmentChanged.fromJson((JsonObject) o))
            .toList());
  }
}
