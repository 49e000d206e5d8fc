package io.careloop.patient.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.patient.booking.BookingService.BookingRequest;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.ScheduleException;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.testing.BookingWorld;
import io.careloop.platform.http.Problem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slots and bookings on the days daylight saving time starts and ends in Paris, through the stored
 * schedules and claims: an emergency rota through the night is the only kind of hours the change at
 * 02:00/03:00 can touch.
 */
class DaylightSavingBookingIT {

  private static final LocalDate SPRING_FORWARD = LocalDate.of(2026, 3, 29);
  private static final LocalDate FALL_BACK = LocalDate.of(2026, 10, 25);

  @RegisterExtension
  static final BookingWorld world = new BookingWorld(Instant.parse("2026-03-20T12:00:00Z"));

  private static Instant at(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }

  private static List<Instant> at(String... offsetDateTimes) {
    return Arrays.stream(offsetDateTimes).map(DaylightSavingBookingIT::at).toList();
  }

  private List<Instant> starts(Clinic clinic, ClinicalService service, LocalDate day) {
    return world.slotStarts(clinic, service, day, Optional.empty(), Optional.empty());
  }

  @Test
  @DisplayName(
      "On 29 March 2026 the night rota is five hours long; a booking across the gap holds 45 real minutes; breaks and closures apply")
  void springForward() {
    world.clock.set(Instant.parse("2026-03-20T12:00:00Z"));
    Clinic clinic = world.clinic("Europe/Paris", 0, 0, 365);
    ClinicalService checkUp = world.service("Check-up", 30, 15);
    Provider anna = world.provider("Anna", Set.of(checkUp), clinic);
    world.everyDay(
        anna,
        clinic,
        List.of(TimeRange.parse("00:00", "06:00")),
        List.of(TimeRange.parse("04:00", "04:30")));
    world
        .api
        .schedules()
        .addException(
            Optional.of(clinic.id()),
            Optional.empty(),
            SPRING_FORWARD,
            SPRING_FORWARD,
            Optional.of(TimeRange.parse("05:30", "06:00")),
            ScheduleException.Reason.OTHER,
            "fire drill")
        .await();

    Appointment booked =
        world
            .booking()
            .book(
                UUID.randomUUID(),
                "across-the-gap",
                new BookingRequest(
                    clinic.id(), checkUp.id(), anna.id(), at("2026-03-29T01:30:00+01:00")))
            .await()
            .appointment();

    assertThat(booked.end()).isEqualTo(at("2026-03-29T03:00:00+02:00"));
    assertThat(booked.blockedUntil()).isEqualTo(at("2026-03-29T03:15:00+02:00"));
    assertThat(booked.toJson().getString("start")).isEqualTo("2026-03-29T01:30:00+01:00");
    assertThat(booked.toJson().getString("end")).isEqualTo("2026-03-29T03:00:00+02:00");
    assertThat(world.cells(anna.id(), SPRING_FORWARD))
        .extracting(r -> r.getInstant("cell"))
        .containsExactlyElementsOf(
            at(
                "2026-03-29T01:30:00+01:00",
                "2026-03-29T01:45:00+01:00",
                "2026-03-29T03:00:00+02:00"));
    assertThat(starts(clinic, checkUp, SPRING_FORWARD))
        .containsExactlyElementsOf(
            at(
                "2026-03-29T00:00:00+01:00",
                "2026-03-29T00:15:00+01:00",
                "2026-03-29T00:30:00+01:00",
                "2026-03-29T00:45:00+01:00",
                "2026-03-29T03:15:00+02:00",
                "2026-03-29T04:30:00+02:00",
                "2026-03-29T04:45:00+02:00"));
    assertThatThrownBy(
            () ->
                world
                    .booking()
                    .book(
                        UUID.randomUUID(),
                        "in-the-buffer",
                        new BookingRequest(
                            clinic.id(), checkUp.id(), anna.id(), at("2026-03-29T03:00:00+02:00")))
                    .await())
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo("slot-taken"));
  }

  @Test
  @DisplayName(
      "On 25 October 2026 02:00-03:00 happens twice: a break closes the first, a booking holds the second, and the rest is offered with the right offsets")
  void fallBack() {
    world.clock.set(Instant.parse("2026-10-20T12:00:00Z"));
    Clinic clinic = world.clinic("Europe/Paris", 0, 0, 365);
    ClinicalService quick = world.service("Quick look", 15, 15);
    Provider ben = world.provider("Ben", Set.of(quick), clinic);
    world.everyDay(
        ben,
        clinic,
        List.of(TimeRange.parse("01:30", "03:30")),
        List.of(TimeRange.parse("02:00", "02:30")));

    Appointment second =
        world
            .booking()
            .book(
                UUID.randomUUID(),
                "second-two-o-clock",
                new BookingRequest(
                    clinic.id(), quick.id(), ben.id(), at("2026-10-25T02:00:00+01:00")))
            .await()
            .appointment();

    assertThat(second.day()).isEqualTo(FALL_BACK);
    assertThat(second.toJson().getString("start")).isEqualTo("2026-10-25T02:00:00+01:00");
    assertThat(starts(clinic, quick, FALL_BACK))
        .containsExactlyElementsOf(
            at(
                "2026-10-25T01:30:00+02:00",
                "2026-10-25T02:30:00+02:00",
                "2026-10-25T02:30:00+01:00",
                "2026-10-25T02:45:00+01:00",
                "2026-10-25T03:00:00+01:00"));
    assertThatThrownBy(
            () ->
                world
                    .booking()
                    .book(
                        UUID.randomUUID(),
                        "first-two-o-clock",
                        new BookingRequest(
                            clinic.id(), quick.id(), ben.id(), at("2026-10-25T02:00:00+02:00")))
                    .await())
        .as("the first 02:00 is in the break")
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo("not-bookable"));
    assertThat(world.cells(ben.id(), FALL_BACK)).hasSize(2);
  }
}
