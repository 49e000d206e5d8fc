package io.careloop.patient.waitlist;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Freed time offered to one waiting patient. The same time goes to {@code sharedWith} patients of
 * one wave at once, and they are told so: the first to accept gets it.
 *
 * @param freedBy the round of offers it belongs to ({@link FreedTime})
 * @param appointmentId the appointment it became, once accepted
 */
public record WaitlistOffer(
    UUID id,
    UUID patientId,
    UUID entryId,
    UUID clinicId,
    UUID serviceId,
    UUID providerId,
    Instant start,
    UUID freedBy,
    Instant expiresAt,
    int sharedWith,
    Optional<UUID> appointmentId,
    Instant createdAt) {

  boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  WaitlistOffer accepted(UUID appointment) {
    return new WaitlistOffer(
        id,
        patientId,
        entryId,
        clinicId,
        serviceId,
        providerId,
        start,
        freedBy,
        expiresAt,
        sharedWith,
        Optional.of(appointment),
        createdAt);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("id", id.toString())
            .put("entryId", entryId.toString())
            .put("clinicId", clinicId.toString())
            .put("serviceId", serviceId.toString())
            .put("providerId", providerId.toString())
            .put("start", start.toString())
            .put("expiresAt", expiresAt.toString())
            .put("sharedWith", sharedWith);
    appointmentId.ifPresent(a -> json.put("appointmentId", a.toString()));
    return json;
  }
}
