package io.careloop.patient.waitlist;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One round of offers for time that freed up: which wave it is in, until when that wave's offers
 * hold, the entries offered so far, and the offer that took it.
 *
 * @param freedBy the appointment change that let the time go
 */
public record FreedTime(
    UUID clinicId,
    Instant start,
    UUID providerId,
    UUID freedBy,
    int wave,
    Instant waveExpires,
    Set<UUID> offeredEntries,
    Optional<UUID> takenByOffer) {}
