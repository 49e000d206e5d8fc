package io.careloop.patient.waitlist;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * A patient waiting for earlier time: a service at a clinic, with one provider or any, on a local
 * day of the clinic between {@code from} and {@code to}.
 */
public record WaitlistEntry(
    UUID id,
    UUID patientId,
    UUID clinicId,
    UUID serviceId,
    Optional<UUID> providerId,
    LocalDate from,
    LocalDate to,
    Instant joinedAt) {

  /** Whether time of {@code provider} starting on local day {@code day} is what it waits for. */
  boolean wants(UUID provider, LocalDate day) {
    return providerId.map(provider::equals).orElse(true) && !day.isBefore(from) && !day.isAfter(to);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("id", id.toString())
            .put("clinicId", clinicId.toString())
            .put("serviceId", serviceId.toString())
            .put("from", from.toString())
            .put("to", to.toString())
            .put("joinedAt", joinedAt.toString());
    providerId.ifPresent(p -> json.put("providerId", p.toString()));
    return json;
  }
}
