package io.careloop.platform.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@link Addresses#PATIENT_SESSIONS}: asked with the patient and a span [from, to) ({@link #ask}),
 * answered with the sessions placed in it, newest first, without duplicates.
 */
public record PatientSessions(
    UUID patientId, Instant from, Instant to, List<StoredSession> sessions) {

  public PatientSessions {
    sessions = List.copyOf(sessions);
  }

  public static PatientSessions ask(UUID patientId, Instant from, Instant to) {
    return new PatientSessions(patientId, from, to, List.of());
  }

  public PatientSessions answer(List<StoredSession> found) {
    return new PatientSessions(patientId, from, to, found);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("patientId", patientId.toString())
        .put("from", from.toString())
        .put("to", to.toString())
        .put("sessions", StoredSessions.toJson(sessions));
  }

  public static PatientSessions fromJson(JsonObject json) {
    return new PatientSessions(
        UUID.fromString(json.getString("patientId")),
        Instant.parse(json.getString("from")),
        Instant.parse(json.getString("to")),
        StoredSessions.fromJson(json.getJsonArray("sessions")));
  }
}
