package io.careloop.patient.waitlist;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * Freed time offered to one waiting patient. The same time goes to {@code sharedWith} patients of
 * one wave at once, and they are told so: the first to accept gets it.
 *
 * @param freedBy the round of offers it belongs to ({@link FreedTime})
 * @param appointmentId the appointment it became, once accepted
 * @param day the clinic's local day the offer was made: where the clinic's figures keep it
 * @param joinedAt when the patient joined the waitlist, for the wait to an accepted offer
 * @param decidedAt when it was accepted or refused
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
    Instant createdAt,
    LocalDate day,
    Instant joinedAt,
    State state,
    Optional<Instant> decidedAt) {

  /** What became of an offer; one that ran out unanswered stays open past its expiry. */
  public enum State {
    OPEN,
    ACCEPTED,
    /** The patient accepted after another took the time. */
    REFUSED
  }

  boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  WaitlistOffer accepted(UUID appointment, Instant at) {
    return decided(Optional.of(appointment), State.ACCEPTED, at);
  }

  WaitlistOffer refused(Instant at) {
    return decided(Optional.empty(), State.REFUSED, at);
  }

  private WaitlistOffer decided(Optional<UUID> appointment, State decision, Instant at) {
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
        appointment,
        createdAt,
        day,
        joinedAt,
        decision,
        Optional.of(at));
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
