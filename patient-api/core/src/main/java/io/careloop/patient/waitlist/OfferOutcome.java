package io.careloop.patient.waitlist;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * An offer as the clinic's figures keep it: when it was made, until when it held, and what became
 * of it; never whom it went to, so the patient's erasure leaves it behind as a count.
 *
 * @param joinedAt when its patient joined the waitlist (absent for offers made before it was kept)
 */
public record OfferOutcome(
    UUID offerId,
    UUID serviceId,
    Instant createdAt,
    Instant expiresAt,
    Optional<Instant> joinedAt,
    WaitlistOffer.State state,
    Optional<Instant> decidedAt) {

  /** Whether it ran out unanswered by {@code now}. */
  boolean ranOutAt(Instant now) {
    return state == WaitlistOffer.State.OPEN && !now.isBefore(expiresAt);
  }

  boolean openAt(Instant now) {
    return state == WaitlistOffer.State.OPEN && now.isBefore(expiresAt);
  }

  /** From joining the waitlist to accepting this offer, when it was accepted. */
  Optional<Duration> waited() {
    if (state != WaitlistOffer.State.ACCEPTED || joinedAt.isEmpty() || decidedAt.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(joinedAt.get(), decidedAt.get()));
  }
}
