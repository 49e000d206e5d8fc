package io.careloop.patient.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.patient.access.AccessNeeds;
import io.careloop.patient.booking.BookingService.BookingRequest;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicFacilities;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.testing.BookingWorld;
import io.careloop.platform.http.Problem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Appointments of patients with access needs: the time their needs add, claimed like any other. */
class AccessNeedsBookingIT {

  /** Tuesday 1 December 2026, 08:00 in Paris. */
  private static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");

  private static final LocalDate THURSDAY = LocalDate.of(2026, 12, 3);
  private static BookingWorld world;

  private Clinic clinic;
  private ClinicalService checkUp;
  private Provider anna;

  @BeforeAll
  static void start() {
    world = new BookingWorld(NOW);
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @BeforeEach
  void stepFreeClinic() {
    world.clock.set(NOW);
    clinic = world.clinic("Europe/Paris", 60, 24 * 60, 60);
    checkUp = world.service("Check-up", 30, 15);
    anna = world.provider("Anna", Set.of(checkUp), clinic);
    world.everyDay(anna, clinic, List.of(TimeRange.parse("08:00", "17:00")), List.of());
    world
        .api
        .facilities()
        .save(
            clinic.id(),
            new ClinicFacilities(Set.of("wheelchair", "step-free"), Set.of(), Map.of()))
        .await();
  }

  private static Instant at(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }

  private Appointment book(UUID patient, String start) {
    return world
        .booking()
        .book(
            patient,
            UUID.randomUUID().toString(),
            new BookingRequest(clinic.id(), checkUp.id(), anna.id(), at(start)))
        .await()
        .appointment();
  }

  private void needs(UUID patient, Set<String> needs, int extraMinutes) {
    world
        .api
        .accessNeeds()
        .set(patient, new AccessNeeds(needs, extraMinutes, Optional.empty()), "patient", patient)
        .await();
  }

  private List<Instant> cells() {
    return world.cells(anna.id(), THURSDAY).stream().map(r -> r.getInstant("cell")).toList();
  }

  @Test
  @DisplayName(
      "A reschedule after the patient's needs added 15 minutes claims the new length, in one claim")
  void rescheduleTakesTheNewLength() {
    UUID patient = UUID.randomUUID();
    Appointment before = book(patient, "2026-12-03T09:00:00+01:00");
    needs(patient, Set.of("wheelchair"), 15);

    Appointment moved =
        world
            .booking()
            .reschedule(patient, before.id(), at("2026-12-03T10:00:00+01:00"), Optional.empty())
            .await();

    assertThat(moved.end()).isEqualTo(at("2026-12-03T10:45:00+01:00"));
    assertThat(moved.blockedUntil()).isEqualTo(at("2026-12-03T11:00:00+01:00"));
    assertThat(cells())
        .containsExactly(
            at("2026-12-03T10:00:00+01:00"),
            at("2026-12-03T10:15:00+01:00"),
            at("2026-12-03T10:30:00+01:00"),
            at("2026-12-03T10:45:00+01:00"));
    assertThat(world.cells(anna.id(), THURSDAY))
        .allMatch(r -> r.getUuid("claim_id").equals(moved.claimId()));
    assertThat(world.booking().find(before.id()).await()).contains(moved);
  }

  @Test
  @DisplayName(
      "A reschedule to the same start after the needs changed lengthens the appointment in place")
  void sameStartLengthens() {
    UUID patient = UUID.randomUUID();
    Appointment before = book(patient, "2026-12-03T09:00:00+01:00");
    needs(patient, Set.of(), 15);

    Appointment longer =
        world.booking().reschedule(patient, before.id(), before.start(), Optional.empty()).await();

    assertThat(longer.version()).isEqualTo(2);
    assertThat(longer.end()).isEqualTo(at("2026-12-03T09:45:00+01:00"));
    assertThat(cells()).hasSize(4);
  }

  @Test
  @DisplayName(
      "A reschedule whose added minutes run into another patient's time is slot-taken and changes nothing")
  void longerTimeTakenByAnother() {
    UUID patient = UUID.randomUUID();
    Appointment mine = book(patient, "2026-12-03T09:00:00+01:00");
    book(UUID.randomUUID(), "2026-12-03T10:45:00+01:00");
    needs(patient, Set.of(), 15);
    List<String> claimsBefore =
        world.cells(anna.id(), THURSDAY).stream().map(Row::getFormattedContents).toList();

    Problem refused =
        problemOf(
            () ->
                world
                    .booking()
                    .reschedule(
                        patient, mine.id(), at("2026-12-03T10:00:00+01:00"), Optional.empty())
                    .await());

    assertThat(refused.kind()).isEqualTo("slot-taken");
    assertThat(world.booking().find(mine.id()).await()).contains(mine);
    assertThat(world.cells(anna.id(), THURSDAY))
        .extracting(Row::getFormattedContents)
        .containsExactlyElementsOf(claimsBefore);
  }

  @Test
  @DisplayName(
      "A reschedule after the patient added a need the clinic cannot meet is 422 and changes nothing")
  void rescheduleCheckedAgainstFacilities() {
    UUID patient = UUID.randomUUID();
    Appointment mine = book(patient, "2026-12-03T09:00:00+01:00");
    needs(patient, Set.of("hoist"), 0);

    Problem refused =
        problemOf(
            () ->
                world
                    .booking()
                    .reschedule(
                        patient, mine.id(), at("2026-12-03T11:00:00+01:00"), Optional.empty())
                    .await());

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.kind()).isEqualTo("access-needs-not-met");
    assertThat(world.booking().find(mine.id()).await()).contains(mine);
    assertThat(cells()).hasSize(3).startsWith(at("2026-12-03T09:00:00+01:00"));
  }

  private static Problem problemOf(Runnable call) {
    try {
      call.run();
    } catch (Problem p) {
      return p;
    }
    throw new AssertionError("expected a problem");
  }
}
