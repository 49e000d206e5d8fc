package io.careloop.patient.booking;

import io.careloop.patient.booking.ProviderTimeRepository.Claim;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Frees provider (or room) time that no appointment stands behind any more. A request that dies
 * half-way (the process stops, Cassandra stops answering) can leave cells claimed: those of a
 * booking that was never confirmed, of a cancelled appointment, the old time of a reschedule, or
 * the new time of one that never committed. Such cells are found when they stand in somebody's way:
 * a booking or reschedule that finds its time taken asks here, and looks again if anything was
 * freed.
 *
 * <p>Every step is conditional on the cell's claim, so a claim that is (or becomes) real is never
 * touched: an appointment's current time always stays held by its current claim.
 */
final class StrayClaims {

  /** A request gives up after seconds; a booking still pending after this was abandoned. */
  static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

  private final ProviderTimeRepository claims;
  private final AppointmentRepository appointments;
  private final Function<Appointment, Optional<UUID>> resourceOf;
  private final Clock clock;

  /** For providers' time. */
  StrayClaims(ProviderTimeRepository claims, AppointmentRepository appointments, Clock clock) {
    this(claims, appointments, a -> Optional.of(a.providerId()), clock);
  }

  /** For the time of the resource {@code resourceOf} names for an appointment (its room). */
  StrayClaims(
      ProviderTimeRepository claims,
      AppointmentRepository appointments,
      Function<Appointment, Optional<UUID>> resourceOf,
      Clock clock) {
    this.claims = claims;
    this.appointments = appointments;
    this.resourceOf = resourceOf;
    this.clock = clock;
  }

  /**
   * Frees the claims of the {@code blocking} cells that are stray, with all their cells that day
   * (not only those in the way); tells whether it freed any.
   */
  Future<Boolean> free(UUID providerId, LocalDate day, Collection<Claim> blocking) {
    Set<UUID> suspects = blocking.stream().map(Claim::claimId).collect(Collectors.toSet());
    if (suspects.isEmpty()) {
      return Future.succeededFuture(false);
    }
    return claims
        .claimsOn(providerId, day)
        .compose(
            all -> {
              Map<UUID, List<Claim>> byClaim = new LinkedHashMap<>();
              all.stream()
                  .filter(c -> suspects.contains(c.claimId()))
                  .forEach(
                      c -> byClaim.computeIfAbsent(c.claimId(), k -> new ArrayList<>()).add(c));
              List<Future<Boolean>> freed = new ArrayList<>();
              byClaim.forEach(
                  (claimId, cells) ->
                      freed.add(
                          freeIfStray(
                              providerId,
                              day,
                              claimId,
                              cells.get(0).appointmentId(),
                              cells.stream().map(Claim::cell).toList())));
              return Future.all(freed).map(done -> freed.stream().anyMatch(Future::result));
            });
  }

  /**
   * The cells were read before the appointment, so a claim that looks stray here was made before
   * this snapshot: it is real only if the snapshot names it or a reschedule holds the lease (and
   * may commit it). A claim made later has a new id and is never touched.
   */
  private Future<Boolean> freeIfStray(
      UUID providerId, LocalDate day, UUID claimId, UUID appointmentId, List<Instant> cells) {
    return appointments
        .snapshot(appointmentId)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return release(providerId, day, cells, claimId);
              }
              Appointment a = found.get().appointment();
              if (a.status() == AppointmentStatus.PENDING) {
                if (!claimId.equals(a.claimId())) {
                  return release(providerId, day, cells, claimId);
                }
                if (a.bookedAt().plus(ABANDONED_AFTER).isAfter(clock.instant())) {
                  return Future.succeededFuture(false); // still being booked
                }
                // Forget it first: should its request still be alive, its confirmation now fails.
                return appointments
                    .forgetPending(a)
                    .compose(
                        forgotten ->
                            forgotten
                                ? release(providerId, day, cells, claimId)
                                : Future.succeededFuture(false));
              }
              if (a.status() == AppointmentStatus.CANCELLED) {
                return release(providerId, day, cells, claimId);
              }
              if (claimId.equals(a.claimId()) || found.get().beingChanged()) {
                return Future.succeededFuture(
                    false); // its current time, or a reschedule moving it right now
              }
              // Cells of its current time that a dead reschedule took over go back to it; the
              // others are free.
              List<Instant> current =
                  resourceOf.apply(a).equals(Optional.of(providerId)) && a.day().equals(day)
                      ? a.cells()
                      : List.of();
              List<Instant> giveBack = cells.stream().filter(current::contains).toList();
              List<Instant> free = cells.stream().filter(c -> !current.contains(c)).toList();
              return claims
                  .retag(providerId, day, giveBack, claimId, a.claimId())
                  .compose(v -> release(providerId, day, free, claimId));
            });
  }

  private Future<Boolean> release(
      UUID providerId, LocalDate day, List<Instant> cells, UUID claimId) {
    return claims.release(providerId, day, cells, claimId).map(!cells.isEmpty());
  }
}
