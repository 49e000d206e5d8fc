package io.careloop.patient.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.patient.account.StaffAccounts;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.patient.booking.BookingService.BookingRequest;
import io.careloop.patient.bus.PatientAppointments;
import io.careloop.patient.bus.PatientChanged;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.ScheduleException;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.testing.BookingWorld;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.ClinicNurses;
import io.careloop.platform.bus.PatientClinics;
import io.careloop.platform.bus.PatientProfile;
import io.careloop.platform.http.Problem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BookingServiceIT {

  /** Tuesday 1 December 2026, 08:00 in Paris. */
  private static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");

  private static final LocalDate THURSDAY = LocalDate.of(2026, 12, 3);
  @RegisterExtension static final BookingWorld world = new BookingWorld(NOW);

  private Clinic clinic;
  private ClinicalService checkUp;
  private ClinicalService cleaning;
  private Provider anna;
  private Provider ben;

  @BeforeEach
  void clinicWithTwoDentists() {
    world.clock.set(NOW);
    clinic = world.clinic("Europe/Paris", 60, 24 * 60, 60);
    checkUp = world.service("Check-up", 30, 15);
    cleaning = world.service("Cleaning", 45, 15);
    anna = world.provider("Anna", Set.of(checkUp, cleaning), clinic);
    ben = world.provider("Ben", Set.of(checkUp), clinic);
    for (Provider p : List.of(anna, ben)) {
      world.everyDay(
          p,
          clinic,
          List.of(TimeRange.parse("08:00", "17:00")),
          List.of(TimeRange.parse("12:00", "13:00")));
    }
  }

  private static Instant at(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }

  private BookingRequest checkUpWith(Provider provider, String start) {
    return new BookingRequest(clinic.id(), checkUp.id(), provider.id(), at(start));
  }

  private BookingService.Booked book(UUID patient, String key, BookingRequest request) {
    return world.booking().book(patient, key, request).await();
  }

  private static Problem problemOf(Runnable call) {
    try {
      call.run();
    } catch (Problem p) {
      return p;
    }
    throw new AssertionError("expected a problem");
  }

  private List<Instant> cellsOf(Provider provider, LocalDate day) {
    return world.cells(provider.id(), day).stream().map(r -> r.getInstant("cell")).toList();
  }

  private List<Instant> freeStarts(Provider provider, LocalDate day) {
    return slots(day).stream()
        .filter(s -> s.providerId().equals(provider.id()))
        .map(SlotFinder.Slot::start)
        .toList();
  }

  private List<SlotFinder.Slot> slots(LocalDate day) {
    return world
        .api
        .slots()
        .find(clinic.id(), checkUp.id(), day, day, Optional.empty(), Optional.empty())
        .await()
        .slots();
  }

  @Test
  @DisplayName(
      "A booked appointment holds its time and buffer, is listed for the patient and the clinic's day, and makes the patient one of the clinic's")
  void bookHoldsTime() {
    UUID patient = UUID.randomUUID();

    BookingService.Booked booked =
        book(patient, "k1", checkUpWith(anna, "2026-12-03T09:00:00+01:00"));

    Appointment a = booked.appointment();
    assertThat(booked.created()).isTrue();
    assertThat(a.status()).isEqualTo(AppointmentStatus.BOOKED);
    assertThat(a.version()).isEqualTo(1);
    assertThat(a.end()).isEqualTo(at("2026-12-03T09:30:00+01:00"));
    assertThat(a.blockedUntil()).isEqualTo(at("2026-12-03T09:45:00+01:00"));
    assertThat(world.cells(anna.id(), THURSDAY))
        .extracting(r -> r.getInstant("cell"))
        .containsExactly(
            at("2026-12-03T09:00:00+01:00"),
            at("2026-12-03T09:15:00+01:00"),
            at("2026-12-03T09:30:00+01:00"));
    assertThat(world.cells(anna.id(), THURSDAY))
        .allMatch(
            r ->
                r.getUuid("appointment_id").equals(a.id())
                    && r.getUuid("claim_id").equals(a.claimId()));
    assertThat(world.appointmentsOf(patient)).containsExactly(a);
    assertThat(world.booking().atClinicOn(clinic.id(), THURSDAY).await()).containsExactly(a);
    assertThat(world.api.membership().clinicsOf(patient).await()).containsExactly(clinic.id());
    assertThat(world.api.membership().patientsOf(clinic.id()).await()).containsExactly(patient);
    // Nothing else starts with Anna from 08:30 (its end would run into the booking) to 09:30 (the
    // buffer).
    assertThat(freeStarts(anna, THURSDAY))
        .doesNotContain(
            at("2026-12-03T08:45:00+01:00"),
            at("2026-12-03T09:00:00+01:00"),
            at("2026-12-03T09:30:00+01:00"))
        .contains(at("2026-12-03T08:00:00+01:00"), at("2026-12-03T09:45:00+01:00"));
    assertThat(freeStarts(ben, THURSDAY)).contains(at("2026-12-03T09:00:00+01:00"));
  }

  @Test
  @DisplayName(
      "The same key again returns the same appointment (created: false) without a second claim; another body with that key is refused and changes nothing")
  void idempotencyKey() {
    UUID patient = UUID.randomUUID();
    Appointment first =
        book(patient, "same-key", checkUpWith(anna, "2026-12-03T10:00:00+01:00")).appointment();

    BookingService.Booked again =
        book(patient, "same-key", checkUpWith(anna, "2026-12-03T10:00:00+01:00"));
    Problem other =
        problemOf(() -> book(patient, "same-key", checkUpWith(anna, "2026-12-03T11:00:00+01:00")));

    assertThat(again.created()).isFalse();
    assertThat(again.appointment()).isEqualTo(first);
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.kind()).isEqualTo("idempotency-key-reused");
    assertThat(world.appointmentsOf(patient)).containsExactly(first);
    assertThat(cellsOf(anna, THURSDAY)).hasSize(3);
    // The key belongs to the patient: another patient's same key is another booking.
    Problem taken =
        problemOf(
            () ->
                book(
                    UUID.randomUUID(), "same-key", checkUpWith(anna, "2026-12-03T10:00:00+01:00")));
    assertThat(taken.kind()).isEqualTo("slot-taken");
  }

  @Test
  @DisplayName(
      "Overlapping time of one provider cannot be booked twice: slot-taken, and nothing of the second request is stored")
  void noOverlap() {
    Appointment first =
        book(UUID.randomUUID(), "a", checkUpWith(anna, "2026-12-03T14:00:00+01:00")).appointment();
    UUID second = UUID.randomUUID();

    // 13:30 + 30 min + 15 min buffer would end at 14:15, inside the first booking.
    Problem overlap =
        problemOf(() -> book(second, "b", checkUpWith(anna, "2026-12-03T13:30:00+01:00")));
    Problem buffer =
        problemOf(() -> book(second, "c", checkUpWith(anna, "2026-12-03T14:30:00+01:00")));

    assertThat(overlap.status()).isEqualTo(409);
    assertThat(overlap.kind()).isEqualTo("slot-taken");
    assertThat(buffer.kind()).as("the first booking's buffer is held too").isEqualTo("slot-taken");
    assertThat(world.appointmentsOf(second)).isEmpty();
    assertThat(world.appointmentRowExists(BookingService.appointmentId(second, "b"))).isFalse();
    assertThat(world.cells(anna.id(), THURSDAY))
        .allMatch(r -> r.getUuid("appointment_id").equals(first.id()));
    assertThat(book(second, "d", checkUpWith(ben, "2026-12-03T14:00:00+01:00")).created())
        .as("another provider at the same time is fine")
        .isTrue();
  }

  @Test
  @DisplayName("Invalid requests are refused with their own problem and change nothing")
  void invalidRequests() {
    UUID patient = UUID.randomUUID();
    record Case(String key, BookingRequest request, int status, String kind) {}
    List<Case> cases =
        List.of(
            new Case(
                "unknown-service",
                new BookingRequest(
                    clinic.id(), UUID.randomUUID(), anna.id(), at("2026-12-03T09:00:00+01:00")),
                422,
                "unknown-service"),
            new Case(
                "unknown-clinic",
                new BookingRequest(
                    UUID.randomUUID(), checkUp.id(), anna.id(), at("2026-12-03T09:00:00+01:00")),
                422,
                "unknown-clinic"),
            new Case(
                "not-offered",
                new BookingRequest(
                    clinic.id(), cleaning.id(), ben.id(), at("2026-12-03T09:00:00+01:00")),
                422,
                "service-not-offered"),
            new Case(
                "past",
                checkUpWith(anna, "2026-11-30T09:00:00+01:00"),
                422,
                "outside-booking-window"),
            new Case(
                "notice",
                checkUpWith(anna, "2026-12-01T08:30:00+01:00"),
                422,
                "outside-booking-window"),
            new Case(
                "horizon",
                checkUpWith(anna, "2027-03-01T09:00:00+01:00"),
                422,
                "outside-booking-window"),
            new Case("off-grid", checkUpWith(anna, "2026-12-03T09:10:00+01:00"), 422, "off-grid"),
            new Case("break", checkUpWith(anna, "2026-12-03T11:45:00+01:00"), 422, "not-bookable"),
            new Case(
                "closed", checkUpWith(anna, "2026-12-03T07:00:00+01:00"), 422, "not-bookable"));

    for (Case c : cases) {
      Problem p = problemOf(() -> book(patient, c.key(), c.request()));
      assertThat(p.status()).as(c.key()).isEqualTo(c.status());
      assertThat(p.kind()).as(c.key()).isEqualTo(c.kind());
      assertThat(world.appointmentRowExists(BookingService.appointmentId(patient, c.key())))
          .as(c.key())
          .isFalse();
    }
    assertThatThrownBy(
            () ->
                book(
                    patient, "bad key with spaces", checkUpWith(anna, "2026-12-03T09:00:00+01:00")))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(400));
    assertThat(world.appointmentsOf(patient)).isEmpty();
    assertThat(cellsOf(anna, THURSDAY)).isEmpty();
    assertThat(world.api.membership().clinicsOf(patient).await()).isEmpty();
  }

  @Test
  @DisplayName("A closure (sick day) stops new bookings that day")
  void exception() {
    world
        .api
        .schedules()
        .addException(
            Optional.empty(),
            Optional.of(anna.id()),
            THURSDAY,
            THURSDAY,
            Optional.empty(),
            ScheduleException.Reason.SICK,
            "flu")
        .await();

    Problem p =
        problemOf(
            () -> book(UUID.randomUUID(), "x", checkUpWith(anna, "2026-12-03T09:00:00+01:00")));

    assertThat(p.kind()).isEqualTo("not-bookable");
    assertThat(freeStarts(anna, THURSDAY)).isEmpty();
    assertThat(freeStarts(ben, THURSDAY)).isNotEmpty();
  }

  @Test
  @DisplayName("A reschedule to free time moves the claim; the old time is free at once")
  void rescheduleMoves() {
    UUID patient = UUID.randomUUID();
    Appointment a =
        book(patient, "r1", checkUpWith(anna, "2026-12-03T09:00:00+01:00")).appointment();

    Appointment moved =
        world
            .booking()
            .reschedule(patient, a.id(), at("2026-12-04T15:00:00+01:00"), Optional.of(ben.id()))
            .await();

    assertThat(moved.version()).isEqualTo(2);
    assertThat(moved.providerId()).isEqualTo(ben.id());
    assertThat(moved.start()).isEqualTo(at("2026-12-04T15:00:00+01:00"));
    assertThat(moved.blockedUntil()).isEqualTo(at("2026-12-04T15:45:00+01:00"));
    assertThat(cellsOf(anna, THURSDAY)).isEmpty();
    assertThat(world.cells(ben.id(), THURSDAY.plusDays(1)))
        .hasSize(3)
        .allMatch(r -> r.getUuid("claim_id").equals(moved.claimId()));
    assertThat(world.booking().find(a.id()).await()).contains(moved);
    assertThat(world.booking().atClinicOn(clinic.id(), THURSDAY).await()).isEmpty();
    assertThat(world.booking().atClinicOn(clinic.id(), THURSDAY.plusDays(1)).await())
        .containsExactly(moved);
    assertThat(world.booking().history(a.id()).await())
        .extracting(AppointmentChange::change)
        .containsExactly("booked", "rescheduled");
  }

  @Test
  @DisplayName(
      "A reschedule onto taken time answers slot-taken and leaves the appointment and its claim exactly as they were")
  void rescheduleOntoTakenTime() {
    UUID patient = UUID.randomUUID();
    Appointment mine =
        book(patient, "m", checkUpWith(anna, "2026-12-03T09:00:00+01:00")).appointment();
    book(UUID.randomUUID(), "o", checkUpWith(anna, "2026-12-03T10:00:00+01:00"));
    List<Row> before = world.cells(anna.id(), THURSDAY);

    Problem p =
        problemOf(
            () ->
                world
                    .booking()
                    .reschedule(
                        patient, mine.id(), at("2026-12-03T09:45:00+01:00"), Optional.empty())
                    .await());

    assertThat(p.status()).isEqualTo(409);
    assertThat(p.kind()).isEqualTo("slot-taken");
    assertThat(world.booking().find(mine.id()).await()).contains(mine);
    assertThat(world.cells(anna.id(), THURSDAY))
        .extracting(Row::getFormattedContents)
        .containsExactlyElementsOf(before.stream().map(Row::getFormattedContents).toList());
    assertThat(world.booking().history(mine.id()).await()).hasSize(1);
  }

  @Test
  @DisplayName(
      "A reschedule overlapping the appointment's own time works: shared cells change claim in place")
  void rescheduleOverlappingOwnTime() {
    UUID patient = UUID.randomUUID();
    Appointment a =
        book(
                patient,
                "own",
                new BookingRequest(
                    clinic.id(), cleaning.id(), anna.id(), at("2026-12-03T09:00:00+01:00")))
            .appointment();

    Appointment moved =
        world
            .booking()
            .reschedule(patient, a.id(), at("2026-12-03T09:30:00+01:00"), Optional.empty())
            .await();

    assertThat(cellsOf(anna, THURSDAY))
        .containsExactly(
            at("2026-12-03T09:30:00+01:00"),
            at("2026-12-03T09:45:00+01:00"),
            at("2026-12-03T10:00:00+01:00"),
            at("2026-12-03T10:15:00+01:00"));
    assertThat(world.cells(anna.id(), THURSDAY))
        .allMatch(r -> r.getUuid("claim_id").equals(moved.claimId()));
  }

  @Test
  @DisplayName("Cancel frees the time at once; a repeated cancel answers the cancelled appointment")
  void cancelFreesTime() {
    UUID patient = UUID.randomUUID();
    Appointment a =
        book(patient, "c", checkUpWith(anna, "2026-12-03T09:00:00+01:00")).appointment();

    Appointment cancelled = world.booking().cancel(patient, a.id()).await();
    Appointment again = world.booking().cancel(patient, a.id()).await();

    assertThat(cancelled.status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(again).isEqualTo(cancelled);
    assertThat(cellsOf(anna, THURSDAY)).isEmpty();
    assertThat(freeStarts(anna, THURSDAY)).contains(at("2026-12-03T09:00:00+01:00"));
    assertThat(
            book(UUID.randomUUID(), "next", checkUpWith(anna, "2026-12-03T09:00:00+01:00"))
                .created())
        .isTrue();
    assertThat(world.appointmentsOf(patient)).containsExactly(cancelled);
  }

  @Test
  @DisplayName(
      "Later than the clinic's change notice, cancel and reschedule are refused and change nothing")
  void changeNotice() {
    UUID patient = UUID.randomUUID();
    Appointment a =
        book(patient, "late", checkUpWith(anna, "2026-12-03T09:00:00+01:00")).appointment();
    world.clock.set(at("2026-12-02T09:30:00+01:00")); // 23.5 hours before, the clinic asks 24

    Problem cancel = problemOf(() -> world.booking().cancel(patient, a.id()).await());
    Problem move =
        problemOf(
            () ->
                world
                    .booking()
                    .reschedule(patient, a.id(), at("2026-12-03T15:00:00+01:00"), Optional.empty())
                    .await());

    assertThat(cancel.kind()).isEqualTo("too-late-to-change");
    assertThat(move.kind()).isEqualTo("too-late-to-change");
    assertThat(cancel.status()).isEqualTo(409);
    assertThat(world.booking().find(a.id()).await()).contains(a);
    assertThat(cellsOf(anna, THURSDAY)).hasSize(3);
  }

  @Test
  @DisplayName("Another patient's appointment is not found, and cannot be changed")
  void ownership() {
    UUID owner = UUID.randomUUID();
    UUID stranger = UUID.randomUUID();
    Appointment a =
        book(owner, "mine", checkUpWith(anna, "2026-12-03T09:00:00+01:00")).appointment();

    for (Runnable call :
        List.<Runnable>of(
            () -> world.booking().ownAppointment(stranger, a.id()).await(),
            () -> world.booking().cancel(stranger, a.id()).await(),
            () ->
                world
                    .booking()
                    .reschedule(stranger, a.id(), at("2026-12-03T15:00:00+01:00"), Optional.empty())
                    .await())) {
      assertThat(problemOf(call).status()).isEqualTo(404);
    }
    assertThat(world.booking().find(a.id()).await()).contains(a);
  }

  @Test
  @DisplayName(
      "Staff record check-in and completion, each change in the history with who and when; no-show only after the start; another clinic's nurse does not see it")
  void visitStatus() {
    UUID patient = UUID.randomUUID();
    Appointment a =
        book(patient, "visit", checkUpWith(anna, "2026-12-03T09:00:00+01:00")).appointment();
    Principal nurse = new Principal(UUID.randomUUID(), Role.NURSE, Set.of(clinic.id()));
    Principal elsewhere = new Principal(UUID.randomUUID(), Role.NURSE, Set.of(UUID.randomUUID()));

    assertThat(
            problemOf(
                    () ->
                        world.booking().setStatus(nurse, a.id(), AppointmentStatus.NO_SHOW).await())
                .kind())
        .isEqualTo("invalid-status-change");
    assertThat(
            problemOf(
                    () ->
                        world
                            .booking()
                            .setStatus(elsewhere, a.id(), AppointmentStatus.CHECKED_IN)
                            .await())
                .status())
        .isEqualTo(404);
    assertThat(
            problemOf(
                    () ->
                        world
                            .booking()
                            .setStatus(nurse, a.id(), AppointmentStatus.COMPLETED)
                            .await())
                .kind())
        .isEqualTo("invalid-status-change");
    world.clock.set(at("2026-12-03T08:55:00+01:00"));
    Appointment in = world.booking().setStatus(nurse, a.id(), AppointmentStatus.CHECKED_IN).await();
    world.clock.set(at("2026-12-03T09:35:00+01:00"));
    Appointment done =
        world.booking().setStatus(nurse, a.id(), AppointmentStatus.COMPLETED).await();

    assertThat(in.status()).isEqualTo(AppointmentStatus.CHECKED_IN);
    assertThat(done.status()).isEqualTo(AppointmentStatus.COMPLETED);
    assertThat(done.version()).isEqualTo(3);
    List<AppointmentChange> history = world.booking().history(a.id()).await();
    assertThat(history)
        .extracting(AppointmentChange::change)
        .containsExactly("booked", "checked_in", "completed");
    assertThat(history)
        .extracting(AppointmentChange::changedBy)
        .containsExactly(patient, nurse.accountId(), nurse.accountId());
    assertThat(history)
        .extracting(AppointmentChange::changedByRole)
        .containsExactly("patient", "nurse", "nurse");
    assertThat(history.get(1).changedAt()).isEqualTo(at("2026-12-03T08:55:00+01:00"));
    assertThat(problemOf(() -> world.booking().cancel(patient, a.id()).await()).kind())
        .isEqualTo("appointment-not-active");
    assertThat(cellsOf(anna, THURSDAY)).as("a visit that took place keeps its time").hasSize(3);
  }

  @Test
  @DisplayName(
      "Changes are announced on the local event bus after they are stored, and read back through Appointments")
  void events() {
    List<AppointmentChanged> seen = new CopyOnWriteArrayList<>();
    Appointments appointments = world.api.appointments();
    var consumer = appointments.onChange(seen::add);
    consumer.completion().await();
    UUID patient = UUID.randomUUID();
    Appointment a =
        book(patient, "events", checkUpWith(anna, "2026-12-03T09:00:00+01:00")).appointment();
    Appointment moved =
        world
            .booking()
            .reschedule(patient, a.id(), at("2026-12-03T10:00:00+01:00"), Optional.empty())
            .await();
    Appointment cancelled = world.booking().cancel(patient, a.id()).await();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> seen.stream().filter(e -> e.appointment().id().equals(a.id())).count() == 3);
    consumer.unregister().await();
    List<AppointmentChanged> mine =
        seen.stream().filter(e -> e.appointment().id().equals(a.id())).toList();
    assertThat(mine)
        .extracting(AppointmentChanged::change)
        .containsExactly("booked", "rescheduled", "cancelled");
    assertThat(mine.get(1).previous())
        .hasValueSatisfying(p -> assertThat(p.start()).isEqualTo(a.start()));
    assertThat(mine.get(1).appointment().start()).isEqualTo(moved.start());
    assertThat(mine.get(2).appointment().status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(appointments.find(a.id()).await()).contains(cancelled);
    assertThat(appointments.atClinicOn(clinic.id(), THURSDAY).await()).containsExactly(cancelled);

    PatientAppointments again =
        world
            .vertx
            .eventBus()
            .<PatientAppointments>request(
                Addresses.PATIENT_APPOINTMENTS, PatientAppointments.ask(patient))
            .await()
            .body();
    assertThat(again.changes())
        .extracting(AppointmentChanged::toJson)
        .as("read again over the bus, each change as it was announced")
        .containsExactlyElementsOf(mine.stream().map(AppointmentChanged::toJson).toList());
  }

  @Test
  @DisplayName(
      "A patient registered and a profile changed are announced to every process; the profile answer names the patient")
  void patientEvents() {
    List<PatientChanged> seen = new CopyOnWriteArrayList<>();
    var consumer =
        world
            .vertx
            .eventBus()
            .<PatientChanged>consumer(Addresses.PATIENT_CHANGED, m -> seen.add(m.body()));
    consumer.completion().await();
    String email = "ada-" + UUID.randomUUID() + "@example.org";
    UUID patient =
        world
            .api
            .accounts()
            .registerPatient(email, "a long enough password", "Ada", "Europe/Paris", null)
            .await();
    world
        .api
        .accounts()
        .updateProfile(
            patient,
            Optional.of("Ada Lovelace"),
            Optional.of("+33 6 12 34 56 78"),
            Optional.empty())
        .await();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> seen.stream().filter(e -> e.patientId().equals(patient)).count() == 2);
    consumer.unregister().await();
    List<PatientChanged> mine = seen.stream().filter(e -> e.patientId().equals(patient)).toList();
    assertThat(mine).extracting(PatientChanged::change).containsExactly("registered", "profile");
    assertThat(mine.get(0).email()).isEqualTo(email);
    assertThat(mine.get(1).name()).isEqualTo("Ada Lovelace");
    assertThat(mine.get(1).phone()).isEqualTo("+33 6 12 34 56 78");
    PatientProfile profile =
        world
            .vertx
            .eventBus()
            .<PatientProfile>request(Addresses.PATIENT_PROFILE, PatientProfile.ask(patient))
            .await()
            .body();
    assertThat(profile.name()).isEqualTo("Ada Lovelace");
    assertThat(profile.email()).isEqualTo(email);
    assertThat(profile.phone()).isEqualTo("+33 6 12 34 56 78");
    assertThat(profile.role()).isEqualTo("patient");
    assertThat(profile.registeredAt()).isEqualTo(mine.get(0).at());
  }

  @Test
  @DisplayName(
      "The event bus answers the clinics of a patient and the nurses of a clinic (listed when the nurse's account is created)")
  void busAnswers() {
    UUID patient = UUID.randomUUID();
    book(patient, "bus", checkUpWith(anna, "2026-12-03T09:00:00+01:00"));
    StaffAccounts staff =
        new StaffAccounts(world.api.accounts(), world.api.catalog(), world.api.membership());
    UUID nurse =
        staff
            .create(
                "nurse-" + UUID.randomUUID() + "@example.org",
                "a long enough password",
                "Nina",
                Role.NURSE,
                Set.of(clinic.id()))
            .await();
    staff
        .create(
            "admin-" + UUID.randomUUID() + "@example.org",
            "a long enough password",
            "Ada",
            Role.ADMIN,
            Set.of(clinic.id()))
        .await();
    assertThatThrownBy(
            () ->
                staff
                    .create(
                        "nurse-" + UUID.randomUUID() + "@example.org",
                        "a long enough password",
                        "Nobody",
                        Role.NURSE,
                        Set.of(UUID.randomUUID()))
                    .await())
        .isInstanceOfSatisfying(
            Problem.class, p -> assertThat(p.kind()).isEqualTo("unknown-clinic"));

    PatientClinics clinics =
        world
            .vertx
            .eventBus()
            .<PatientClinics>request(Addresses.PATIENT_CLINICS, PatientClinics.ask(patient))
            .await()
            .body();
    ClinicNurses nurses =
        world
            .vertx
            .eventBus()
            .<ClinicNurses>request(Addresses.CLINIC_NURSES, ClinicNurses.ask(clinic.id()))
            .await()
            .body();

    assertThat(clinics.clinicIds()).containsExactly(clinic.id());
    assertThat(nurses.nurseIds()).containsExactly(nurse);
  }
}
