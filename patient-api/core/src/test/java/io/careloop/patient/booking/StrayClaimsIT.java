package io.careloop.patient.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.patient.booking.BookingService.BookingRequest;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.testing.BookingWorld;
import io.careloop.platform.http.Problem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests that die half-way leave claims behind; the next patient who wants that time gets it, and
 * nothing real is ever freed. Each test stops a change where a crash would, by doing its first
 * steps through the same repositories BookingService uses.
 */
class StrayClaimsIT {

  private static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");
  private static final LocalDate THURSDAY = LocalDate.of(2026, 12, 3);
  @RegisterExtension static final BookingWorld world = new BookingWorld(NOW);
  private static AppointmentRepository appointments;
  private static ProviderTimeRepository claims;

  private Clinic clinic;
  private ClinicalService checkUp;
  private Provider anna;

  @BeforeAll
  static void start() {
    appointments = new AppointmentRepository(world.session);
    claims = new ProviderTimeRepository(world.session);
  }

  @BeforeEach
  void clinic() {
    world.clock.set(NOW);
    clinic = world.clinic("Europe/Paris", 0, 0, 30);
    checkUp = world.service("Check-up", 30, 15);
    anna = world.provider("Anna", Set.of(checkUp), clinic);
    world.everyDay(anna, clinic, List.of(TimeRange.parse("08:00", "17:00")), List.of());
  }

  private static Instant at(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }

  private BookingRequest at9() {
    return new BookingRequest(
        clinic.id(), checkUp.id(), anna.id(), at("2026-12-03T09:00:00+01:00"));
  }

  /** A booking that died after claiming its time, before confirming it. */
  private Appointment pendingAndClaimed(Instant bookedAt) {
    return pendingAndClaimed(bookedAt, "hash");
  }

  private Appointment pendingAndClaimed(Instant bookedAt, String requestHash) {
    UUID patient = UUID.randomUUID();
    Instant start = at("2026-12-03T09:00:00+01:00");
    Appointment pending =
        new Appointment(
            BookingService.appointmentId(patient, "lost"),
            patient,
            clinic.id(),
            anna.id(),
            checkUp.id(),
            clinic.zone(),
            start,
            start.plus(Duration.ofMinutes(30)),
            start.plus(Duration.ofMinutes(45)),
            AppointmentStatus.PENDING,
            0,
            UUID.randomUUID(),
            requestHash,
            bookedAt,
            bookedAt);
    assertThat(appointments.insertPending(pending).await().applied()).isTrue();
    assertThat(
            claims
                .claim(
                    anna.id(),
                    THURSDAY,
                    pending.cells(),
                    List.of(),
                    pending.id(),
                    pending.claimId(),
                    null)
                .await())
        .isTrue();
    return pending;
  }

  private List<Row> cells() {
    return world.cells(anna.id(), THURSDAY);
  }

  @Test
  @DisplayName(
      "A booking abandoned between claim and confirmation is forgotten and its time booked by the next patient")
  void abandonedBooking() {
    Appointment lost = pendingAndClaimed(NOW.minus(Duration.ofMinutes(5)));

    Appointment next = world.booking().book(UUID.randomUUID(), "next", at9()).await().appointment();

    assertThat(world.appointmentRowExists(lost.id())).isFalse();
    assertThat(cells()).hasSize(3).allMatch(r -> r.getUuid("claim_id").equals(next.claimId()));
  }

  @Test
  @DisplayName(
      "The request repeated after its first attempt died half-way a minute and a half ago finishes"
          + " that booking (confirmed only if still pending)")
  void repeatFinishesAnOlderPendingBooking() {
    Appointment first = pendingAndClaimed(NOW.minus(Duration.ofSeconds(90)), at9().hash());

    BookingService.Booked again = world.booking().book(first.patientId(), "lost", at9()).await();

    assertThat(again.created()).isTrue();
    assertThat(again.appointment().id()).isEqualTo(first.id());
    assertThat(appointments.find(first.id()).await())
        .hasValueSatisfying(a -> assertThat(a.status()).isEqualTo(AppointmentStatus.BOOKED));
    assertThat(appointments.history(first.id()).await()).hasSize(1);
    assertThat(cells()).hasSize(3).allMatch(r -> r.getUuid("claim_id").equals(first.claimId()));
  }

  @Test
  @DisplayName(
      "A confirmation that lands after its abandoned booking was forgotten changes nothing: no"
          + " appointment, no history, the time the next patient's")
  void lateConfirmationOfForgottenBooking() {
    Appointment lost = pendingAndClaimed(NOW.minus(Duration.ofMinutes(5)));
    // Its confirmation read the pending row, then stalled ...
    long written = appointments.pendingWritten(lost).await().orElseThrow();
    // ... while the next patient's booking found the time taken and forgot the booking ...
    Appointment next = world.booking().book(UUID.randomUUID(), "next", at9()).await().appointment();
    // ... and then its write landed.
    appointments
        .bookAfter(
            lost.withStatus(AppointmentStatus.BOOKED, 1, NOW), lost.patientId(), "patient", written)
        .await();

    assertThat(world.appointmentRowExists(lost.id())).isFalse();
    assertThat(appointments.history(lost.id()).await()).isEmpty();
    assertThat(appointments.find(next.id()).await())
        .hasValueSatisfying(a -> assertThat(a.status()).isEqualTo(AppointmentStatus.BOOKED));
    assertThat(cells()).hasSize(3).allMatch(r -> r.getUuid("claim_id").equals(next.claimId()));
  }

  @Test
  @DisplayName(
      "After a forgotten booking's key is used again, the first attempt's late confirmation leaves"
          + " the new attempt's pending row as it is")
  void lateConfirmationAfterTheKeyIsUsedAgain() {
    Appointment lost = pendingAndClaimed(NOW.minus(Duration.ofMinutes(5)));
    long written = appointments.pendingWritten(lost).await().orElseThrow();
    assertThat(appointments.forgetPending(lost).await()).isTrue();
    Appointment again =
        new Appointment(
            lost.id(),
            lost.patientId(),
            lost.clinicId(),
            lost.providerId(),
            lost.serviceId(),
            lost.zone(),
            lost.start(),
            lost.end(),
            lost.blockedUntil(),
            AppointmentStatus.PENDING,
            0,
            UUID.randomUUID(),
            lost.requestHash(),
            NOW,
            NOW);
    assertThat(appointments.insertPending(again).await().applied()).isTrue();

    appointments
        .bookAfter(
            lost.withStatus(AppointmentStatus.BOOKED, 1, NOW), lost.patientId(), "patient", written)
        .await();

    assertThat(appointments.findIncludingPending(lost.id()).await())
        .hasValueSatisfying(
            a -> {
              assertThat(a.status()).isEqualTo(AppointmentStatus.PENDING);
              assertThat(a.claimId()).isEqualTo(again.claimId());
            });
    assertThat(appointments.history(lost.id()).await()).isEmpty();
    assertThat(appointments.pendingWritten(lost).await()).isEmpty();
    assertThat(appointments.pendingWritten(again).await()).isPresent();
  }

  @Test
  @DisplayName(
      "A booking still in progress (pending for seconds) is left alone: the next patient gets slot-taken")
  void bookingInProgress() {
    Appointment inFlight = pendingAndClaimed(NOW.minus(Duration.ofSeconds(5)));

    assertThatThrownBy(() -> world.booking().book(UUID.randomUUID(), "next", at9()).await())
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.kind()).isEqualTo("slot-taken"));
    assertThat(world.appointmentRowExists(inFlight.id())).isTrue();
    assertThat(cells()).hasSize(3).allMatch(r -> r.getUuid("claim_id").equals(inFlight.claimId()));
  }

  @Test
  @DisplayName(
      "A cancel that died after committing leaves the time claimed; the next patient gets it")
  void cancelledButNotReleased() {
    UUID patient = UUID.randomUUID();
    Appointment a = world.booking().book(patient, "a", at9()).await().appointment();
    Appointment cancelled = a.withStatus(AppointmentStatus.CANCELLED, 2, NOW);
    assertThat(appointments.commitStatus(a, cancelled, patient, "patient").await()).isTrue();

    Appointment next = world.booking().book(UUID.randomUUID(), "next", at9()).await().appointment();

    assertThat(cells()).hasSize(3).allMatch(r -> r.getUuid("appointment_id").equals(next.id()));
  }

  @Test
  @DisplayName(
      "A reschedule that died after committing leaves its old time claimed; the next patient gets it, the moved appointment keeps its new time")
  void movedButOldTimeNotReleased() {
    UUID patient = UUID.randomUUID();
    Appointment a = world.booking().book(patient, "a", at9()).await().appointment();
    UUID lease = UUID.randomUUID();
    Appointment moved =
        a.movedTo(anna.id(), at("2026-12-03T11:00:00+01:00"), UUID.randomUUID(), NOW);
    assertThat(appointments.lock(a, lease, Duration.ofSeconds(30)).await()).isTrue();
    assertThat(
            claims
                .claim(
                    anna.id(),
                    THURSDAY,
                    moved.cells(),
                    List.of(),
                    a.id(),
                    moved.claimId(),
                    a.claimId())
                .await())
        .isTrue();
    assertThat(appointments.commitMove(moved, lease, patient, "patient").await()).isTrue();

    Appointment next = world.booking().book(UUID.randomUUID(), "next", at9()).await().appointment();

    assertThat(cells()).filteredOn(r -> r.getUuid("appointment_id").equals(next.id())).hasSize(3);
    assertThat(cells())
        .filteredOn(r -> r.getUuid("appointment_id").equals(a.id()))
        .hasSize(3)
        .allMatch(r -> r.getUuid("claim_id").equals(moved.claimId()));
  }

  @Test
  @DisplayName(
      "A reschedule that died before committing: once its lease lapses its new cells are freed, and the cells it took over from the old time go back to the appointment")
  void rescheduleDiedBeforeCommit() throws InterruptedException {
    UUID patient = UUID.randomUUID();
    Appointment a = world.booking().book(patient, "a", at9()).await().appointment();
    // Moving 09:00 to 09:30: 09:30 is shared and retagged, 09:45 and 10:00 are claimed fresh.
    Appointment moved =
        a.movedTo(anna.id(), at("2026-12-03T09:30:00+01:00"), UUID.randomUUID(), NOW);
    // TTLs count whole seconds, so a lease of 3 s lasts 2 to 3 s.
    assertThat(appointments.lock(a, UUID.randomUUID(), Duration.ofSeconds(3)).await()).isTrue();
    assertThat(
            claims
                .claim(
                    anna.id(),
                    THURSDAY,
                    List.of(at("2026-12-03T09:45:00+01:00"), at("2026-12-03T10:00:00+01:00")),
                    List.of(at("2026-12-03T09:30:00+01:00")),
                    a.id(),
                    moved.claimId(),
                    a.claimId())
                .await())
        .isTrue();
    BookingRequest at945 =
        new BookingRequest(clinic.id(), checkUp.id(), anna.id(), at("2026-12-03T09:45:00+01:00"));

    assertThatThrownBy(() -> world.booking().book(UUID.randomUUID(), "too-early", at945).await())
        .as("while the lease holds, the reschedule may still commit")
        .isInstanceOf(Problem.class);
    Thread.sleep(4000);
    Appointment next = world.booking().book(UUID.randomUUID(), "next", at945).await().appointment();

    assertThat(world.booking().find(a.id()).await()).contains(a);
    assertThat(cells())
        .filteredOn(r -> r.getUuid("appointment_id").equals(a.id()))
        .extracting(r -> r.getInstant("cell"))
        .containsExactly(
            at("2026-12-03T09:00:00+01:00"),
            at("2026-12-03T09:15:00+01:00"),
            at("2026-12-03T09:30:00+01:00"));
    assertThat(cells())
        .filteredOn(r -> r.getUuid("appointment_id").equals(a.id()))
        .allMatch(r -> r.getUuid("claim_id").equals(a.claimId()));
    assertThat(cells()).filteredOn(r -> r.getUuid("appointment_id").equals(next.id())).hasSize(3);
  }
}
