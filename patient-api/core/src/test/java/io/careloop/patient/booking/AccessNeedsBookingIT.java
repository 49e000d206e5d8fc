package io.careloop.patient.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Appointments of patients with access needs: the time their needs add, claimed like any other. */
class AccessNeedsBookingIT {

  /** Tuesday 1 December 2026, 08:00 in Paris. */
  private static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");

  private static final LocalDate THURSDAY = LocalDate.of(2026, 12, 3);
  @RegisterExtension static final BookingWorld world = new BookingWorld(NOW);

  private Clinic clinic;
  private ClinicalService checkUp;
  private Provider anna;

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

  private Appointment reschedule(UUID patient, Appointment appointment, Instant start) {
    return world.booking().reschedule(patient, appointment.id(), start, Optional.empty()).await();
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

    Appointment moved = reschedule(patient, before, at("2026-12-03T10:00:00+01:00"));

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
      "The changes replayed to other modules give each version its own length: the booking's 30 minutes, the reschedule's 45")
  void historyKeepsEachLength() {
    UUID patient = UUID.randomUUID();
    Appointment before = book(patient, "2026-12-03T09:00:00+01:00");
    needs(patient, Set.of("wheelchair"), 15);
    reschedule(patient, before, at("2026-12-03T10:00:00+01:00"));

    assertThat(world.booking().changesOf(patient).await())
        .extracting(c -> c.change() + " until " + c.appointment().end())
        .containsExactly(
            "booked until " + at("2026-12-03T09:30:00+01:00"),
            "rescheduled until " + at("2026-12-03T10:45:00+01:00"));
  }

  @Test
  @DisplayName(
      "A reschedule to the same start after the needs changed lengthens the appointment in place")
  void sameStartLengthens() {
    UUID patient = UUID.randomUUID();
    Appointment before = book(patient, "2026-12-03T09:00:00+01:00");
    needs(patient, Set.of(), 15);

    Appointment longer = reschedule(patient, before, before.start());

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

    Problem refused = problemOf(() -> reschedule(patient, mine, at("2026-12-03T10:00:00+01:00")));

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

    Problem refused = problemOf(() -> reschedule(patient, mine, at("2026-12-03T11:00:00+01:00")));

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.kind()).isEqualTo("access-needs-not-met");
    assertThat(world.booking().find(mine.id()).await()).contains(mine);
    assertThat(cells()).hasSize(3).startsWith(at("2026-12-03T09:00:00+01:00"));
  }

  /** Anna and Ben at a clinic whose Room 2 alone has a hoist (Room 1 is quiet). */
  private Provider roomsWithOneHoist() {
    Provider ben = world.provider("Ben", Set.of(checkUp), clinic);
    world.everyDay(ben, clinic, List.of(TimeRange.parse("08:00", "17:00")), List.of());
    world
        .api
        .facilities()
        .save(
            clinic.id(),
            new ClinicFacilities(
                Set.of("wheelchair", "step-free"),
                Set.of(),
                Map.of(),
                List.of(
                    new ClinicFacilities.Room("Room 1", Set.of("quiet-room")),
                    new ClinicFacilities.Room("Room 2", Set.of("hoist")))))
        .await();
    return ben;
  }

  private Appointment bookWith(UUID patient, Provider provider, String start) {
    return world
        .booking()
        .book(
            patient,
            UUID.randomUUID().toString(),
            new BookingRequest(clinic.id(), checkUp.id(), provider.id(), at(start)))
        .await()
        .appointment();
  }

  private List<Instant> roomCells(String room) {
    return world
        .session
        .execute(
            SimpleStatement.newInstance(
                "SELECT cell FROM room_time_by_day WHERE room_id = ? AND day = ?",
                ClinicFacilities.Room.idOf(clinic.id(), room),
                THURSDAY))
        .all()
        .stream()
        .map(r -> r.getInstant("cell"))
        .toList();
  }

  private List<Instant> freeStarts(UUID patient, Provider provider) {
    return world.slotStarts(
        clinic, checkUp, THURSDAY, Optional.of(provider.id()), Optional.of(patient));
  }

  @Test
  @DisplayName(
      "A hoist only Room 2 has: the appointment holds Room 2, and another hoist user is offered and booked only when Room 2 is free, whoever the dentist")
  void oneHoistRoom() {
    Provider ben = roomsWithOneHoist();
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    needs(first, Set.of("hoist"), 0);
    needs(second, Set.of("hoist"), 0);

    Appointment held = bookWith(first, anna, "2026-12-03T09:00:00+01:00");

    assertThat(held.room()).contains("Room 2");
    assertThat(roomCells("Room 2")).hasSize(3).startsWith(at("2026-12-03T09:00:00+01:00"));
    assertThat(freeStarts(second, ben))
        .doesNotContain(
            at("2026-12-03T08:30:00+01:00"),
            at("2026-12-03T09:00:00+01:00"),
            at("2026-12-03T09:30:00+01:00"))
        .contains(at("2026-12-03T08:15:00+01:00"), at("2026-12-03T09:45:00+01:00"));
    Problem refused = problemOf(() -> bookWith(second, ben, "2026-12-03T09:15:00+01:00"));
    assertThat(refused.kind()).isEqualTo("slot-taken");
    assertThat(world.cells(ben.id(), THURSDAY)).as("Ben's time stays free").isEmpty();
    assertThat(world.appointmentsOf(second)).isEmpty();
    assertThat(bookWith(UUID.randomUUID(), ben, "2026-12-03T09:15:00+01:00").room())
        .as("a patient without needs takes no room")
        .isEmpty();

    world.booking().cancel(first, held.id()).await();
    assertThat(roomCells("Room 2")).isEmpty();
    assertThat(bookWith(second, anna, "2026-12-03T09:00:00+01:00").room()).contains("Room 2");
  }

  @Test
  @DisplayName("A reschedule moves the room's claim with the appointment")
  void rescheduleMovesTheRoom() {
    roomsWithOneHoist();
    UUID patient = UUID.randomUUID();
    needs(patient, Set.of("hoist"), 0);
    Appointment a = bookWith(patient, anna, "2026-12-03T09:00:00+01:00");

    Appointment moved = reschedule(patient, a, at("2026-12-03T09:30:00+01:00"));

    assertThat(moved.room()).contains("Room 2");
    assertThat(roomCells("Room 2"))
        .containsExactly(
            at("2026-12-03T09:30:00+01:00"),
            at("2026-12-03T09:45:00+01:00"),
            at("2026-12-03T10:00:00+01:00"));
    assertThat(world.booking().find(a.id()).await()).contains(moved);
  }

  @Test
  @DisplayName(
      "Needs met in two rooms but in none together, or by no clinic, get the clear 422 and claim nothing")
  void roomNeedsNobodyMeets() {
    roomsWithOneHoist();
    UUID patient = UUID.randomUUID();
    needs(patient, Set.of("hoist", "quiet-room"), 0);

    Problem refused = problemOf(() -> bookWith(patient, anna, "2026-12-03T09:00:00+01:00"));

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.kind()).isEqualTo("access-needs-not-met");
    assertThat(refused.extensions().getJsonArray("unmet")).containsExactly("hoist", "quiet-room");
    assertThat(cells()).isEmpty();
    assertThat(roomCells("Room 2")).isEmpty();
  }

  @Test
  @DisplayName(
      "Room time a dead request left claimed (no appointment behind it) is freed when a hoist user needs the room")
  void strayRoomClaimFreed() {
    roomsWithOneHoist();
    UUID patient = UUID.randomUUID();
    needs(patient, Set.of("hoist"), 0);
    UUID room = ClinicFacilities.Room.idOf(clinic.id(), "Room 2");
    assertThat(
            ProviderTimeRepository.forRooms(world.session)
                .claim(
                    room,
                    THURSDAY,
                    List.of(at("2026-12-03T09:15:00+01:00")),
                    List.of(),
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    null)
                .await())
        .isTrue();

    Appointment booked = bookWith(patient, anna, "2026-12-03T09:00:00+01:00");

    assertThat(booked.room()).contains("Room 2");
    assertThat(
            world
                .session
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT claim_id FROM room_time_by_day WHERE room_id = ? AND day = ?",
                        room,
                        THURSDAY))
                .all())
        .hasSize(3)
        .allMatch(r -> r.getUuid("claim_id").equals(booked.claimId()));
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
