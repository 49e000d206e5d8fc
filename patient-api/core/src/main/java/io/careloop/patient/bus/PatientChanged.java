package io.careloop.patient.bus;

import io.careloop.patient.account.Account;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * The event of {@link io.careloop.platform.bus.Addresses#PATIENT_CHANGED}: a patient account as it
 * is after it was registered or its profile changed.
 *
 * @param change registered or profile
 * @param phone null when the patient gave none
 * @param at when it happened: the account's creation, or the profile's update
 */
public record PatientChanged(
    UUID patientId,
    String change,
    String email,
    String name,
    String phone,
    String timeZone,
    Instant at) {

  public static final String REGISTERED = "registered";
  public static final String PROFILE = "profile";

  static PatientChanged registered(Account account) {
    return of(account, REGISTERED, account.createdAt());
  }

  static PatientChanged profile(Account account, Instant at) {
    return of(account, PROFILE, at);
  }

  private static PatientChanged of(Account a, String change, Instant at) {
    return new PatientChanged(a.id(), change, a.email(), a.name(), a.phone(), a.timeZone(), at);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("patientId", patientId.toString())
        .put("change", change)
        .put("email", email)
        .put("name", name)
        .put("phone", phone)
        .put("timeZone", timeZone)
        .put("at", at.toString());
  }

  public static PatientChanged fromJson(JsonObject json) {
    return new PatientChanged(
        UUID.fromString(json.getString("patientId")),
        json.getString("change"),
        json.getString("email"),
        json.getString("name"),
        json.getString("phone"),
        json.getString("timeZone"),
        Instant.parse(json.getString("at")));
  }
}
