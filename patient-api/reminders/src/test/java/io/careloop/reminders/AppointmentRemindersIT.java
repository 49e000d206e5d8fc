package io.careloop.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.notifications.inbox.InboxEntry;
import io.careloop.patient.access.AccessNeeds;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicFacilities;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.reminders.kinds.AppointmentReminders;
import io.careloop.reminders.schedule.Reminder;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Appointment reminders end to end on a real Cassandra and the real Firebase SDK (fake FCM):
 * planned from the booking events, sent at their instant, moved by a reschedule, removed by a
 * cancel, repaired by the sweep when an event was missed. Times are in 2027 and in order, so the
 * test clock never runs behind the real one or back (the push dispatcher's leases follow it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AppointmentRemindersIT {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static ReminderWorld world;
  private static ClinicalService checkUp;

  @BeforeAll
  static void start() throws Exception {
    world = new ReminderWorld(Instant.parse("2027-03-14T12:00:00Z"));
    checkUp = world.service("check-up");
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @BeforeEach
  void resetSweeps() {
    world.resetSweeps();
  }

  private static Instant paris(String local) {
    return LocalDateTime.parse(local).atZone(PARIS).toInstant();
  }

  private static String subject(Appointment a) {
    return AppointmentReminders.subject(a.id());
  }

  @Test
  @DisplayName(
      "Across the spring change in Paris (28 March 2027), the 24 h reminder fires at 10:00 local on Saturday (09:00Z), 23 h before, not an instant earlier, and once")
  @Order(2)
  void firesAtTheRightInstantAcrossDst() {
    world.clock.set(Instant.parse("2027-03-21T12:00:00Z"));
    Clinic clinic = world.clinic("Europe/Paris", checkUp);
    ReminderWorld.Patient patient = world.patient("Europe/Paris");
    Appointment a = world.book(patient, clinic, checkUp, paris("2027-03-28T10:00"));

    List<Reminder> planned = world.awaitReminders(subject(a), l -> l.size() == 3);
    assertThat(planned)
        .extracting(Reminder::dueAt)
        .containsExactly(
            Instant.parse("2027-03-25T09:00:00Z"),
            Instant.parse("2027-03-27T09:00:00Z"),
            Instant.parse("2027-03-28T06:00:00Z"));

    world.runAt(Instant.parse("2027-03-25T08:59:59Z"));
    assertThat(world.inbox(patient.id())).isEmpty();
    world.runAt(Instant.parse("2027-03-25T09:00:00Z"));
    assertThat(world.inbox(patient.id())).hasSize(1);
    assertThat(world.pushesSettled(patient)).isEqualTo(1);
    world.runAt(Instant.parse("2027-03-27T08:59:59Z"));
    assertThat(world.inbox(patient.id())).hasSize(1);
    world.runAt(
        Instant.parse("2027-03-27T09:00:00Z")); // 23 real hours before: 10:00 local on both days
    world.runAt(Instant.parse("2027-03-27T09:00:30Z"));

    List<InboxEntry> inbox = world.inbox(patient.id());
    assertThat(inbox)
        .hasSize(2)
        .allSatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo("appointment");
              assertThat(e.body()).contains("Sunday 28 March at 10:00");
              assertThat(e.data()).containsEntry("appointmentId", a.id().toString());
            });
    assertThat(world.pushesSettled(patient)).isEqualTo(2);
    assertThat(world.remindersOf(subject(a)))
        .extracting(Reminder::state)
        .containsExactly(Reminder.State.SENT, Reminder.State.SENT, Reminder.State.PENDING);
  }

  @Test
  @DisplayName(
      "A patient in New York of a Paris clinic gets the reminders outside their own quiet hours, in their own zone")
  @Order(1)
  void patientZoneDiffersFromClinicZone() {
    world.clock.set(Instant.parse("2027-03-14T12:00:00Z"));
    Clinic clinic = world.clinic("Europe/Paris", checkUp);
    ReminderWorld.Patient patient = world.patient("America/New_York");
    // New York is on summer time since 14 March, Paris not yet: five hours apart, not six.
    Appointment a =
        world.book(patient, clinic, checkUp, paris("2027-03-21T10:00")); // 05:00 in New York

    List<Reminder> planned = world.awaitReminders(subject(a), l -> l.size() == 2);

    // 10:00 Paris is 05:00 in New York: inside quiet hours there, so 08:00 New York (12:00Z); the
    // 2 h one would be 03:00 there and could not go before 06:00, after the start: not planned.
    assertThat(planned)
        .extracting(Reminder::dueAt)
        .containsExactly(
            Instant.parse("2027-03-18T12:00:00Z"), Instant.parse("2027-03-20T12:00:00Z"));
    world.runAt(Instant.parse("2027-03-18T11:59:00Z"));
    assertThat(world.inbox(patient.id())).isEmpty();
    world.runAt(Instant.parse("2027-03-18T12:00:00Z"));
    assertThat(world.inbox(patient.id())).hasSize(1);
  }

  @Test
  @DisplayName(
      "Across the autumn change (Paris, 31 October 2027) the 24 h reminder comes 25 real hours before, at the same local time")
  @Order(6)
  void autumnChange() {
    world.clock.set(Instant.parse("2027-10-25T12:00:00Z"));
    Clinic clinic = world.clinic("Europe/Paris", checkUp);
    ReminderWorld.Patient patient = world.patient("Europe/Paris");
    Appointment a = world.book(patient, clinic, checkUp, paris("2027-10-31T09:00"));

    List<Reminder> planned = world.awaitReminders(subject(a), l -> l.size() == 3);

    assertThat(planned.get(1).dueAt()).isEqualTo(Instant.parse("2027-10-30T07:00:00Z"));
    world.runAt(
        Instant.parse("2027-10-28T07:00:00Z")); // the 72 h one, 09:00 summer time on Thursday
    assertThat(world.inbox(patient.id())).hasSize(1);
    world.runAt(Instant.parse("2027-10-30T06:59:59Z"));
    assertThat(world.inbox(patient.id())).hasSize(1);
    world.runAt(Instant.parse("2027-10-30T07:00:00Z"));
    assertThat(world.inbox(patient.id())).hasSize(2);
  }

  @Test
  @DisplayName(
      "A reschedule cancels the pending reminders and plans new ones for the new time; nothing goes out for the old time")
  @Order(3)
  void rescheduleMovesReminders() {
    world.clock.set(Instant.parse("2027-05-01T12:00:00Z"));
    Clinic clinic = world.clinic("Europe/Paris", checkUp);
    ReminderWorld.Patient patient = world.patient("Europe/Paris");
    Appointment a = world.book(patient, clinic, checkUp, paris("2027-05-11T10:00"));
    world.awaitReminders(subject(a), l -> l.size() == 3);

    world
        .booking()
        .reschedule(patient.id(), a.id(), paris("2027-05-12T15:00"), Optional.empty())
        .await();

    List<Reminder> all =
        world.awaitReminders(
            subject(a),
            l ->
                l.size() == 6
                    && l.stream().filter(r -> r.state() == Reminder.State.CANCELLED).count() == 3);
    assertThat(
            all.stream()
                .filter(r -> r.state() == Reminder.State.PENDING)
                .map(Reminder::dueAt)
                .toList())
        .containsExactly(
            paris("2027-05-09T15:00"), paris("2027-05-11T15:00"), paris("2027-05-12T13:00"));
    world.runAt(paris("2027-05-08T10:00"));
    world.runAt(paris("2027-05-09T14:59"));
    assertThat(world.inbox(patient.id())).isEmpty();
    world.runAt(paris("2027-05-11T15:00"));
    assertThat(world.inbox(patient.id()))
        .hasSize(1)
        .allSatisfy(e -> assertThat(e.body()).contains("Wednesday 12 May at 15:00"));
    // The 72 h reminder of the new time was due on the 9th; by the 11th the 24 h one supersedes it.
    assertThat(
            world.remindersOf(subject(a)).stream()
                .filter(r -> r.state() == Reminder.State.DROPPED)
                .map(Reminder::reason)
                .toList())
        .containsExactly("overdue");
  }

  @Test
  @DisplayName("A cancel removes every pending reminder: none is sent at its time")
  @Order(4)
  void cancelRemovesReminders() {
    world.clock.set(Instant.parse("2027-06-01T12:00:00Z"));
    Clinic clinic = world.clinic("Europe/Paris", checkUp);
    ReminderWorld.Patient patient = world.patient("Europe/Paris");
    Appointment a = world.book(patient, clinic, checkUp, paris("2027-06-10T11:00"));
    world.awaitReminders(subject(a), l -> l.size() == 3);

    world.booking().cancel(patient.id(), a.id()).await();

    world.awaitReminders(
        subject(a), l -> l.stream().allMatch(r -> r.state() == Reminder.State.CANCELLED));
    world.runAt(paris("2027-06-07T11:00"));
    world.runAt(paris("2027-06-09T11:00"));
    world.runAt(paris("2027-06-10T09:00"));
    assertThat(world.inbox(patient.id())).isEmpty();
    assertThat(world.fcm.requestsTo(patient.token())).isEmpty();
  }

  @Test
  @DisplayName(
      "When the booking event was missed, the repair sweep plans the reminders from the stored appointment")
  @Order(5)
  void repairPlansMissedAppointments() {
    world.clock.set(Instant.parse("2027-07-01T08:00:00Z"));
    Clinic clinic = world.clinic("Europe/Paris", checkUp);
    ReminderWorld.Patient patient = world.patient("Europe/Paris");
    Appointment a = world.book(patient, clinic, checkUp, paris("2027-07-03T10:00"));
    world.awaitReminders(subject(a), l -> l.size() == 2);
    // As if the event had never arrived: no plan, no messages.
    for (Reminder r : world.remindersOf(subject(a))) {
      world.execute("DELETE FROM reminders_by_key WHERE reminder_key = ?", r.key());
      world.reminders().repository().removeDue(r.key(), r.dueAt()).await();
    }
    world.execute("DELETE FROM reminders_by_subject WHERE subject = ?", subject(a));
    world.execute("DELETE FROM reminder_plans_by_appointment WHERE appointment_id = ?", a.id());

    world.reminders().scheduler().runRepairs(world.clock.instant()).await();

    assertThat(world.remindersOf(subject(a)))
        .extracting(Reminder::dueAt)
        .containsExactly(paris("2027-07-02T10:00"), paris("2027-07-03T08:00"));
    world.runAt(paris("2027-07-02T10:00"));
    assertThat(world.inbox(patient.id())).hasSize(1);
  }

  @Test
  @Order(7)
  @DisplayName(
      "Preferences count at send time: opted out of appointment reminders, the pending one is dropped; quiet hours set later postpone the next")
  void preferencesAtSendTime() {
    world.clock.set(Instant.parse("2027-11-03T12:00:00Z"));
    Clinic clinic = world.clinic("Europe/Paris", checkUp);
    ReminderWorld.Patient patient = world.patient("Europe/Paris");
    Appointment a = world.book(patient, clinic, checkUp, paris("2027-11-10T10:00"));
    world.awaitReminders(subject(a), l -> l.size() == 3);

    world.patchPreferences(
        patient.id(), new io.vertx.core.json.JsonObject().put("appointment", false));
    world.jumpTo(paris("2027-11-07T10:00"));
    assertThat(world.inbox(patient.id())).isEmpty();
    assertThat(world.remindersOf(subject(a)).get(0).reason()).isEqualTo("opted-out");

    world.patchPreferences(
        patient.id(),
        new io.vertx.core.json.JsonObject()
            .put("appointment", true)
            .put(
                "quietHours",
                new io.vertx.core.json.JsonObject().put("start", "09:30").put("end", "11:00")));
    world.jumpTo(paris("2027-11-09T10:00"));
    assertThat(world.inbox(patient.id())).isEmpty();
    assertThat(world.remindersOf(subject(a)).get(1).dueAt()).isEqualTo(paris("2027-11-09T11:00"));
    world.runAt(paris("2027-11-09T11:00"));
    assertThat(world.inbox(patient.id())).hasSize(1);
  }

  @Test
  @Order(8)
  @DisplayName(
      "A clinic that changes its offsets gets its coming appointments replanned by the repair sweep")
  void clinicOffsetsReplanned() {
    world.clock.set(Instant.parse("2027-11-15T12:00:00Z"));
    Clinic clinic = world.clinic("Europe/Paris", checkUp);
    ReminderWorld.Patient patient = world.patient("Europe/Paris");
    Appointment a = world.book(patient, clinic, checkUp, paris("2027-11-18T10:00"));
    world.awaitReminders(subject(a), l -> l.size() == 2); // the 72 h one was already past

    world.reminders().appointments().setOffsets(clinic.id(), List.of(48 * 60, 60)).await();
    world.reminders().scheduler().runRepairs(world.clock.instant()).await();

    assertThat(
            world.remindersOf(subject(a)).stream()
                .filter(r -> r.state() == Reminder.State.PENDING)
                .map(Reminder::dueAt)
                .toList())
        .containsExactly(paris("2027-11-16T10:00"), paris("2027-11-18T09:00"));
    assertThat(
            world.remindersOf(subject(a)).stream()
                .filter(r -> r.state() == Reminder.State.CANCELLED)
                .map(Reminder::reason)
                .toList())
        .containsOnly("replanned")
        .hasSize(2);
  }

  @Test
  @Order(9)
  @DisplayName(
      "A patient who reads easy-read and needs a Polish interpreter gets the easy-read reminder saying what, when, where, and that the interpreter will be there")
  void remindersFollowCommunicationNeeds() {
    world.clock.set(Instant.parse("2027-12-01T12:00:00Z"));
    Clinic clinic = world.clinic("Europe/Paris", checkUp);
    world
        .api
        .facilities()
        .save(clinic.id(), new ClinicFacilities(Set.of("easy-read"), Set.of("pl"), Map.of()))
        .await();
    ReminderWorld.Patient patient = world.patient("Europe/Paris");
    world
        .api
        .accessNeeds()
        .set(
            patient.id(),
            new AccessNeeds(Set.of("easy-read"), 0, Optional.of("pl")),
            "patient",
            patient.id())
        .await();
    Appointment a = world.book(patient, clinic, checkUp, paris("2027-12-06T10:00"));

    List<Reminder> planned = world.awaitReminders(subject(a), l -> l.size() == 3);
    world.runAt(planned.get(0).dueAt());

    assertThat(planned)
        .allSatisfy(
            r ->
                assertThat(r.body())
                    .isEqualTo(
                        "You have a visit to the dentist.\n"
                            + "What: check-up.\n"
                            + "When: Monday 6 December at 10:00.\n"
                            + "Where: "
                            + clinic.name()
                            + ", 1 Main Street.\n"
                            + "An interpreter for Polish will be there."));
    assertThat(world.inbox(patient.id()))
        .singleElement()
        .satisfies(e -> assertThat(e.body()).isEqualTo(planned.get(0).body()));
  }

  @Test
  @Order(10)
  @DisplayName(
      "A patient needing an interpreter, without easy-read, gets the usual words and that the interpreter is booked")
  void interpreterInTheUsualWords() {
    world.clock.set(Instant.parse("2027-12-10T12:00:00Z"));
    Clinic clinic = world.clinic("Europe/Paris", checkUp);
    world
        .api
        .facilities()
        .save(clinic.id(), new ClinicFacilities(Set.of(), Set.of("pt-BR"), Map.of()))
        .await();
    ReminderWorld.Patient patient = world.patient("Europe/Paris");
    world
        .api
        .accessNeeds()
        .set(
            patient.id(),
            new AccessNeeds(Set.of(), 0, Optional.of("pt-BR")),
            "patient",
            patient.id())
        .await();
    Appointment a = world.book(patient, clinic, checkUp, paris("2027-12-15T10:00"));

    assertThat(world.awaitReminders(subject(a), l -> l.size() == 3))
        .allSatisfy(
            r ->
                assertThat(r.body())
                    .isEqualTo(
                        "Your check-up at "
                            + clinic.name()
                            + " is on Wednesday 15 December at 10:00."
                            + " An interpreter for Portuguese (Brazil) is booked for your visit."));
  }

  @Test
  @Order(11)
  @DisplayName(
      "A patient who asks for easy-read after booking gets easy-read reminders from the next repair sweep, the usual ones cancelled")
  void needsChangedAfterBooking() {
    world.clock.set(Instant.parse("2027-12-20T12:00:00Z"));
    Clinic clinic = world.clinic("Europe/Paris", checkUp);
    world
        .api
        .facilities()
        .save(clinic.id(), new ClinicFacilities(Set.of("easy-read"), Set.of(), Map.of()))
        .await();
    ReminderWorld.Patient patient = world.patient("Europe/Paris");
    // within the repair sweep's reach (the longest offset and a day): the 72 h one is past
    Appointment a = world.book(patient, clinic, checkUp, paris("2027-12-23T10:00"));
    List<Reminder> usual = world.awaitReminders(subject(a), l -> l.size() == 2);

    world
        .api
        .accessNeeds()
        .set(
            patient.id(),
            new AccessNeeds(Set.of("easy-read"), 0, Optional.empty()),
            "patient",
            patient.id())
        .await();
    world.reminders().scheduler().runRepairs(world.clock.instant()).await();

    List<Reminder> pending =
        world.remindersOf(subject(a)).stream()
            .filter(r -> r.state() == Reminder.State.PENDING)
            .toList();
    assertThat(pending)
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.body()).startsWith("You have a visit to the dentist."))
        .extracting(Reminder::dueAt)
        .containsExactlyInAnyOrderElementsOf(usual.stream().map(Reminder::dueAt).toList());
    assertThat(
            world.remindersOf(subject(a)).stream()
                .filter(r -> r.state() == Reminder.State.CANCELLED)
                .map(Reminder::reason)
                .toList())
        .containsOnly("replanned")
        .hasSize(2);
    world.runAt(pending.stream().map(Reminder::dueAt).min(Instant::compareTo).orElseThrow());
    assertThat(world.inbox(patient.id()))
        .singleElement()
        .satisfies(e -> assertThat(e.body()).startsWith("You have a visit to the dentist."));
  }
}
