package io.careloop.platform.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * {@link Addresses#PATIENT_PROFILE}: asked with the patient ({@link #ask}, nothing else known),
 * answered with the account as it is now ({@code phone} may be null). No account is a 404.
 */
public record PatientProfile(
    UUID patientId,
    String timeZone,
    String name,
    String email,
    String role,
    Instant registeredAt,
    String phone) {

  public static PatientProfile ask(UUID patientId) {
    return new PatientProfile(patientId, null, null, null, null, null, null);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("patientId", patientId.toString());
    putIfKnown(json, "timeZone", timeZone);
    putIfKnown(json, "name", name);
    putIfKnown(json, "email", email);
    putIfKnown(json, "role", role);
    putIfKnown(json, "registeredAt", registeredAt == null ? null : registeredAt.toString());
    putIfKnown(json, "phone", phone);
    return json;
  }

  public static PatientProfile fromJson(JsonObject json) {
    String registered = json.getString("registeredAt");
    return new PatientProfile(
        UUID.fromString(json.getString("patientId")),
        json.getString("timeZone"),
        json.getString("name"),
        json.getString("email"),
        json.getString("role"),
        registered == null ? null : Instant.parse(registered),
        json.getString("phone"));
  }

  private static void putIfKnown(JsonObject json, String field, String value) {
    if (value != null) {
      json.put(field, value);
    }
  }
}
