package io.careloop.patient.care;

import io.careloop.platform.auth.CarerRight;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A patient's invitation to a carer's e-mail address, until accepted or expired. */
public record Invitation(
    UUID id,
    UUID patientId,
    String email,
    Set<CarerRight> rights,
    Instant createdAt,
    Optional<UUID> acceptedBy) {

  /** How long an invitation waits for its carer (the tables' TTL). */
  public static final Duration LIFETIME = Duration.ofDays(14);

  public Invitation {
    rights = Set.copyOf(rights);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("invitationId", id.toString())
        .put("email", email)
        .put("rights", CareLink.rightsJson(rights))
        .put("expiresAt", createdAt.plus(LIFETIME).toString());
  }
}
