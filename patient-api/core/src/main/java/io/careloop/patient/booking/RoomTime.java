package io.careloop.patient.booking;

import io.careloop.patient.clinic.ClinicFacilities.Room;
import io.careloop.patient.time.Interval;
import io.careloop.patient.time.SlotGrid;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Rooms' time, for appointments whose needs only some rooms meet (a hoist): which of those rooms is
 * free when, as last read. The claim in room_time_by_day decides, as for a provider's time.
 */
public final class RoomTime {

  private final ProviderTimeRepository claims;
  private final StrayClaims strays;

  public RoomTime(
      ProviderTimeRepository roomClaims, AppointmentRepository appointments, Clock clock) {
    this.claims = roomClaims;
    this.strays = new StrayClaims(roomClaims, appointments, Appointment::roomId, clock);
  }

  public ProviderTimeRepository claims() {
    return claims;
  }

  /** The first of {@code rooms} nobody but {@code own} holds during {@code wanted}. */
  public Future<Optional<Room>> freeRoom(
      UUID clinicId, List<Room> rooms, Interval wanted, ZoneId zone, Optional<UUID> own) {
    LocalDate day = wanted.start().atZone(zone).toLocalDate();
    List<Future<List<Interval>>> busy =
        rooms.stream().map(room -> busy(room.id(clinicId), List.of(day), own)).toList();
    return Future.all(busy)
        .map(
            read -> {
              for (int i = 0; i < rooms.size(); i++) {
                if (busy.get(i).result().stream().noneMatch(wanted::overlaps)) {
                  return Optional.of(rooms.get(i));
                }
              }
              return Optional.empty();
            });
  }

  /**
   * Frees the claims in {@code wanted} on any of {@code rooms} that no appointment stands behind
   * (left by a request that died half-way); tells whether it freed any.
   */
  public Future<Boolean> freeStrays(
      UUID clinicId, List<Room> rooms, Interval wanted, ZoneId zone, UUID own) {
    LocalDate day = wanted.start().atZone(zone).toLocalDate();
    List<Future<Boolean>> freed =
        rooms.stream()
            .map(room -> room.id(clinicId))
            .map(
                roomId ->
                    claims
                        .claimsOn(roomId, day)
                        .compose(
                            all ->
                                strays.free(
                                    roomId,
                                    day,
                                    all.stream()
                                        .filter(c -> !own.equals(c.appointmentId()))
                                        .filter(c -> wanted.overlaps(SlotGrid.cell(c.cell())))
                                        .toList())))
            .toList();
    return Future.all(freed).map(done -> freed.stream().anyMatch(Future::result));
  }

  /** The slots at which one of {@code rooms} is free for {@code occupies}. */
  public Future<List<SlotFinder.Slot>> withFreeRoom(
      UUID clinicId,
      List<Room> rooms,
      List<SlotFinder.Slot> slots,
      Duration occupies,
      ZoneId zone) {
    List<LocalDate> days =
        slots.stream().map(s -> s.start().atZone(zone).toLocalDate()).distinct().toList();
    Map<Room, Future<List<Interval>>> busy = new HashMap<>();
    rooms.forEach(room -> busy.put(room, busy(room.id(clinicId), days, Optional.empty())));
    return Future.all(List.copyOf(busy.values()))
        .map(
            read ->
                slots.stream()
                    .filter(
                        slot -> {
                          Interval wanted = new Interval(slot.start(), slot.start().plus(occupies));
                          return busy.values().stream()
                              .anyMatch(room -> room.result().stream().noneMatch(wanted::overlaps));
                        })
                    .toList());
  }

  private Future<List<Interval>> busy(UUID roomId, List<LocalDate> days, Optional<UUID> own) {
    return claims
        .claimsOn(roomId, days)
        .map(
            claimed -> {
              List<Interval> cells = new ArrayList<>();
              claimed.stream()
                  .filter(c -> own.map(id -> !id.equals(c.appointmentId())).orElse(true))
                  .forEach(c -> cells.add(SlotGrid.cell(c.cell())));
              return cells;
            });
  }
}
