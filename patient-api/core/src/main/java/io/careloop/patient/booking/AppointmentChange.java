package io.careloop.patient.booking;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One entry of an appointment's history: which version it made, who made it and when, and what the
 * appointment was afterwards.
 *
 * @param change booked, rescheduled, cancelled, checked_in, completed or no_show
 * @param end when the version's service ended; empty in rows written before it was kept
 * @param blockedUntil when its buffer ended; empty as {@code end}
 * @param room the room it held
 */
public record AppointmentChange(
    int version,
    Instant changedAt,
    UUID changedBy,
    String changedByRole,
    String change,
    AppointmentStatus status,
    Instant start,
    UUID providerId,
    Optional<Instant> end,
    Optional<Instant> blockedUntil,
    Optional<String> room) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("version", version)
        .put("changedAt", changedAt.toString())
        .put("changedBy", changedBy.toString())
        .put("changedByRole", changedByRole)
        .put("change", change)
        .put("status", status.json())
        .put("start", start.toString())
        .put("providerId", providerId.toString());
  }
}
