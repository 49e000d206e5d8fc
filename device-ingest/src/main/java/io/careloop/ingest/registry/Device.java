package io.careloop.ingest.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A registered brush: its current owner (the claim taken at pairing, null when unpaired) and its
 * pairing history, oldest pairing first.
 */
public record Device(
    String deviceId,
    String model,
    String credentialHash,
    boolean revoked,
    Instant registeredAt,
    UUID ownerId,
    List<Pairing> pairings) {

  /** One patient's time with the brush; {@code unpairedAt} is null while it lasts. */
  public record Pairing(UUID patientId, Instant pairedAt, Instant unpairedAt) {
    boolean endedBefore(Instant t) {
      return unpairedAt != null && !t.isBefore(unpairedAt);
    }
  }

  public Device {
    pairings = List.copyOf(pairings);
  }

  /**
   * Who brushed a session placed at {@code placedAt}: the first pairing that had not ended by then.
   * A session brushed before a pairing began (and after the previous one ended) belongs to the
   * patient of that pairing, since the contract says the brush's owner used it; one brushed after
   * the last pairing ended belongs to nobody yet (the next patient to pair it).
   */
  public Optional<UUID> ownerAt(Instant placedAt) {
    return pairings.stream()
        .filter(p -> !p.endedBefore(placedAt))
        .findFirst()
        .map(Pairing::patientId);
  }

  public Optional<Pairing> currentPairing() {
    return pairings.isEmpty() || pairings.get(pairings.size() - 1).unpairedAt() != null
        ? Optional.empty()
        : Optional.of(pairings.get(pairings.size() - 1));
  }

  /**
   * Since when the brush's waiting sessions are the current owner's: the end of the pairing before
   * the current one (see {@link #ownerAt}), or ever when there was none.
   */
  public Instant waitingSince() {
    return pairings.size() < 2
        ? Instant.EPOCH
        : Optional.ofNullable(pairings.get(pairings.size() - 2).unpairedAt()).orElse(Instant.EPOCH);
  }

  /**
   * Whether a pairing request of {@code patientId} whose code was taken at {@code codeTakenAt} may
   * still finish (a retry of an interrupted one): no pairing began since, or the one that did is
   * this patient's and still lasts. A code whose pairing ended, or whose brush another patient
   * paired after it was taken, is spent: whoever keeps the box must not get the brush back with it.
   */
  public boolean pairingMayFinish(UUID patientId, Instant codeTakenAt) {
    return pairings.stream()
        .filter(p -> !p.pairedAt().isBefore(codeTakenAt))
        .allMatch(p -> p.patientId().equals(patientId) && p.unpairedAt() == null);
  }
}
