package io.careloop.patient.booking;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a reschedule does to one resource's cells (a provider's, a room's): cells the old and new
 * time share on the same resource and day change claim in place, the others of the new time are
 * claimed fresh, the others of the old time are given back. An empty resource holds no cells.
 */
record CellMove(
    Optional<UUID> from,
    Optional<UUID> to,
    List<Instant> fresh,
    List<Instant> retagged,
    List<Instant> released) {

  static CellMove of(
      Optional<UUID> from, Appointment before, Optional<UUID> to, Appointment after) {
    boolean inPlace = from.isPresent() && from.equals(to) && before.day().equals(after.day());
    List<Instant> wanted = to.isPresent() ? after.cells() : List.of();
    List<Instant> held = from.isPresent() ? before.cells() : List.of();
    List<Instant> retagged = inPlace ? wanted.stream().filter(held::contains).toList() : List.of();
    List<Instant> fresh = wanted.stream().filter(c -> !retagged.contains(c)).toList();
    List<Instant> released =
        inPlace ? held.stream().filter(c -> !wanted.contains(c)).toList() : held;
    return new CellMove(from, to, fresh, retagged, released);
  }

  /** Claims the new cells, all or none; true when there are none to claim. */
  Future<Boolean> claim(ProviderTimeRepository claims, Appointment before, Appointment after) {
    return to.map(
            resource ->
                claims.claim(
                    resource,
                    after.day(),
                    fresh,
                    retagged,
                    after.id(),
                    after.claimId(),
                    before.claimId()))
        .orElse(Future.succeededFuture(true));
  }

  /** Gives back what {@link #claim} took, when the move does not go through. */
  Future<Void> undo(ProviderTimeRepository claims, Appointment before, Appointment after) {
    return to.map(
            resource ->
                claims.undo(
                    resource, after.day(), fresh, retagged, after.claimId(), before.claimId()))
        .orElse(Future.succeededFuture());
  }

  /** Frees the old cells the new time does not use, once the move is committed. */
  Future<Void> release(ProviderTimeRepository claims, Appointment before) {
    return from.map(resource -> claims.release(resource, before.day(), released, before.claimId()))
        .orElse(Future.succeededFuture());
  }
}
