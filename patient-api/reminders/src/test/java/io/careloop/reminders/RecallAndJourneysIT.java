package io.careloop.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.notifications.inbox.InboxEntry;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.platform.http.Problem;
import io.careloop.reminders.kinds.CareJourney;
import io.careloop.reminders.kinds.CareJourneys;
import io.careloop.reminders.kinds.LocalTimeReminders;
import io.careloop.reminders.kinds.RecallReminders;
import io.careloop.reminders.schedule.Reminder;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Recall after a cleaning or check-up, and care journeys as data (the seeded one and one an admin
 * adds).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecallAndJourneysIT {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static ReminderWorld world;
  private static ClinicalService cleaning;
  private static ClinicalService checkUp;

  @BeforeAll
  static void start() throws Exception {
    world = new ReminderWorld(Instant.parse("2027-05-03T05:00:00Z"));
    cleaning = world.service("Cleaning");
    checkUp = world.service("check-up");
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  private static Instant paris(String local) {
    return LocalDateTime.parse(local).atZone(PARIS).toInstant();
  }

  private static Instant newYork(String local) {
    return LocalDateTime.parse(local).atZone(NEW_YORK).toInstant();
  }

  private static List<String> kinds(ReminderWorld.Patient p) {
    return world.inbox(p.id()).stream().map(InboxEntry::kind).sorted().toList();
  }

  @Test
  @Order(1)
  @DisplayName(
      "After a cleaning: the oral-care article 7 days later at 10:00 (not for a patient who opted out of care tips), the recall 6 (or 3) months later at 10:00, a second two weeks on only if nothing is booked")
  void recallAndSeededJourney() {
    world.resetSweeps();
    world.clock.set(Instant.parse("2027-05-03T05:00:00Z"));
    Clinic clinic = world.clinic("Europe/Paris", cleaning);
    ReminderWorld.Patient books = world.patient("Europe/Paris");
    ReminderWorld.Patient waits = world.patient("Europe/Paris");
    ReminderWorld.Patient quarterly = world.patient("Europe/Paris");
    world.patchPreferences(waits.id(), new JsonObject().put("careTips", false));
    world.patchPreferences(quarterly.id(), new JsonObject().put("recallIntervalMonths", 3));
    List<Appointment> visits =
        List.of(
            world.book(books, clinic, cleaning, paris("2027-05-03T09:00")),
            world.book(waits, clinic, cleaning, paris("2027-05-03T09:30")),
            world.book(quarterly, clinic, cleaning, paris("2027-05-03T10:00")));
    world.clock.set(paris("2027-05-03T11:00"));
    visits.forEach(world::complete);

    world.awaitReminders(RecallReminders.subject(books.id()), l -> l.size() == 2);
    world.awaitReminders(RecallReminders.subject(quarterly.id()), l -> l.size() == 2);
    assertThat(world.remindersOf(RecallReminders.subject(books.id())))
        .extracting(Reminder::dueAt)
        .containsExactly(
            Instant.parse("2027-11-03T09:00:00Z"),
            Instant.parse("2027-11-17T09:00:00Z")); // 10:00 CET
    assertThat(world.remindersOf(RecallReminders.subject(quarterly.id())))
        .extracting(Reminder::dueAt)
        .containsExactly(
            Instant.parse("2027-08-03T08:00:00Z"),
            Instant.parse("2027-08-17T08:00:00Z")); // 10:00 CEST

    // The seeded journey: a week later, 10:00 Paris summer time.
    world.jumpTo(Instant.parse("2027-05-10T07:59:59Z"));
    assertThat(world.inbox(books.id())).isEmpty();
    world.runAt(Instant.parse("2027-05-10T08:00:00Z"));
    assertThat(kinds(books)).containsExactly("care_tip");
    assertThat(world.inbox(books.id()).get(0).data())
        .containsEntry("article", "oral-care-after-cleaning");
    assertThat(world.inbox(waits.id())).isEmpty();
    assertThat(world.remindersOf("journey:" + waits.id()))
        .extracting(Reminder::reason)
        .containsExactly("opted-out");

    world.jumpTo(Instant.parse("2027-08-03T08:00:00Z"));
    assertThat(kinds(quarterly)).containsExactly("care_tip", "recall");
    world.jumpTo(Instant.parse("2027-11-03T08:59:59Z"));
    assertThat(kinds(books)).containsExactly("care_tip");
    world.runAt(Instant.parse("2027-11-03T09:00:00Z"));
    assertThat(kinds(books)).containsExactly("care_tip", "recall");
    assertThat(kinds(waits)).containsExactly("recall");
    assertThat(world.pushesSettled(waits)).isEqualTo(1); // before the clock jumps two weeks

    // One books a check-up: their second recall is cancelled; the other gets it.
    world.book(books, clinic, cleaning, paris("2027-11-25T10:00"));
    world.awaitReminders(
        RecallReminders.subject(books.id()),
        l -> l.stream().anyMatch(r -> r.state() == Reminder.State.CANCELLED));
    world.jumpTo(Instant.parse("2027-11-17T09:00:00Z"));
    assertThat(kinds(books)).containsExactly("care_tip", "recall");
    assertThat(kinds(waits)).containsExactly("recall", "recall");
    assertThat(world.pushesSettled(waits)).isEqualTo(2);
  }

  @Test
  @Order(2)
  @DisplayName(
      "A journey an admin adds as data fires for its service; quiet hours changed after planning postpone it, its condition drops it")
  void adminJourney() {
    world.clock.set(Instant.parse("2027-12-01T06:00:00Z"));
    CareJourneys journeys = world.reminders().journeys();
    int before = journeys.all().await().size();
    assertThatThrownBy(
            () ->
                CareJourney.fromJson(
                    new JsonObject()
                        .put("name", "x")
                        .put("trigger", "sms.sent")
                        .put("delayDays", 1)
                        .put("title", "t")
                        .put("body", "b")))
        .isInstanceOf(Problem.class);
    assertThatThrownBy(
            () ->
                CareJourney.fromJson(
                    new JsonObject()
                        .put("name", "x")
                        .put("trigger", "appointment.completed")
                        .put("delayDays", 400)
                        .put("title", "t")
                        .put("body", "b")))
        .isInstanceOf(Problem.class);
    assertThat(journeys.all().await()).hasSize(before);
    journeys
        .add(
            CareJourney.fromJson(
                new JsonObject()
                    .put("name", "Day after a check-up")
                    .put("trigger", "appointment.completed")
                    .put("serviceName", "Check-up")
                    .put("delayDays", 1)
                    .put("localTime", "10:00")
                    .put("condition", CareJourneys.NO_UPCOMING)
                    .put("title", "How are your teeth today?")
                    .put("body", "Tell us how you feel after yesterday's check-up.")
                    .put("data", new JsonObject().put("survey", "after-check-up"))))
        .await();
    assertThat(journeys.all().await()).hasSize(before + 1);

    Clinic clinic = world.clinic("Europe/Paris", checkUp);
    ReminderWorld.Patient quiet = world.patient("Europe/Paris");
    ReminderWorld.Patient rebooks = world.patient("Europe/Paris");
    Appointment a = world.book(quiet, clinic, checkUp, paris("2027-12-01T08:00"));
    Appointment b = world.book(rebooks, clinic, checkUp, paris("2027-12-01T08:30"));
    world.clock.set(paris("2027-12-01T09:30"));
    world.complete(a);
    world.complete(b);
    world.awaitReminders("journey:" + quiet.id(), l -> l.size() == 1);
    world.awaitReminders("journey:" + rebooks.id(), l -> l.size() == 1);
    world.book(rebooks, clinic, checkUp, paris("2027-12-20T08:30"));
    world.patchPreferences(
        quiet.id(),
        new JsonObject()
            .put("quietHours", new JsonObject().put("start", "09:30").put("end", "11:00")));

    world.jumpTo(paris("2027-12-02T10:00"));
    assertThat(world.inbox(quiet.id())).isEmpty();
    assertThat(world.remindersOf("journey:" + quiet.id()))
        .extracting(Reminder::dueAt)
        .containsExactly(paris("2027-12-02T11:00"));
    world.runAt(paris("2027-12-02T11:00"));

    assertThat(world.inbox(quiet.id()))
        .extracting(InboxEntry::title)
        .containsExactly("How are your teeth today?");
    assertThat(world.inbox(rebooks.id())).isEmpty();
    assertThat(world.remindersOf("journey:" + rebooks.id()))
        .extracting(Reminder::reason)
        .containsExactly("appointment-booked");
  }

  @Test
  @Order(3)
  @DisplayName(
      "The repair pass plans from stored visits what no event planned (a journey added after the visit), once")
  void repairPlansFromStoredVisits() {
    world.clock.set(paris("2028-01-10T08:00"));
    ClinicalService whitening = world.service("Whitening");
    Clinic clinic = world.clinic("Europe/Paris", whitening);
    ReminderWorld.Patient patient = world.patient("Europe/Paris");
    Appointment visit = world.book(patient, clinic, whitening, paris("2028-01-10T09:00"));
    world.clock.set(paris("2028-01-10T10:00"));
    world.complete(visit);
    world.clock.set(paris("2028-01-11T08:00"));
    CareJourneys journeys = world.reminders().journeys();
    // The completion's event found no journey for this service: nothing was planned by it.
    journeys
        .add(
            CareJourney.fromJson(
                new JsonObject()
                    .put("name", "After whitening")
                    .put("trigger", "appointment.completed")
                    .put("serviceName", "Whitening")
                    .put("delayDays", 3)
                    .put("localTime", "18:00")
                    .put("title", "Keeping teeth white")
                    .put("body", "Coffee and tea: rinse after.")))
        .await();
    assertThat(world.remindersOf("journey:" + patient.id())).isEmpty();

    journeys.repair(world.clock.instant()).await();
    journeys.repair(world.clock.instant()).await();

    assertThat(world.remindersOf("journey:" + patient.id()))
        .extracting(Reminder::dueAt)
        .containsExactly(paris("2028-01-13T18:00"));
  }

  @Test
  @Order(4)
  @DisplayName(
      "A patient who changes the recall interval after the visit gets the recall at the new date, once")
  void recallIntervalChangedAfterPlanning() {
    world.clock.set(paris("2028-02-01T08:00"));
    Clinic clinic = world.clinic("Europe/Paris", checkUp);
    ReminderWorld.Patient patient = world.patient("Europe/Paris");
    Appointment visit = world.book(patient, clinic, checkUp, paris("2028-02-01T09:00"));
    world.clock.set(paris("2028-02-01T10:00"));
    world.complete(visit);
    String subject = RecallReminders.subject(patient.id());
    world.awaitReminders(subject, l -> l.size() == 2);
    assertThat(world.remindersOf(subject))
        .extracting(Reminder::dueAt)
        .containsExactly(paris("2028-08-01T10:00"), paris("2028-08-15T10:00"));

    world.patchPreferences(patient.id(), new JsonObject().put("recallIntervalMonths", 3));

    List<Reminder> moved = world.awaitReminders(subject, l -> l.size() == 4);
    assertThat(moved)
        .filteredOn(r -> r.state() == Reminder.State.PENDING)
        .extracting(Reminder::dueAt)
        .containsExactly(paris("2028-05-01T10:00"), paris("2028-05-15T10:00"));
    assertThat(moved)
        .filteredOn(r -> r.state() == Reminder.State.CANCELLED)
        .extracting(Reminder::reason)
        .containsExactly("interval-changed", "interval-changed");

    world.jumpTo(paris("2028-05-01T10:00"));
    assertThat(world.inbox(patient.id()))
        .filteredOn(e -> e.kind().equals("recall"))
        .singleElement()
        .satisfies(e -> assertThat(e.body()).contains("3 months"));
  }

  @Test
  @Order(5)
  @DisplayName(
      "Pending recall and care-journey messages keep their local time when the patient moves to another time zone, and move out of new quiet hours, under the same keys")
  void followTimeZoneAndQuietHours() {
    world.clock.set(paris("2028-03-01T08:00"));
    Clinic clinic = world.clinic("Europe/Paris", cleaning);
    ReminderWorld.Patient mover = world.patient("Europe/Paris");
    Appointment visit = world.book(mover, clinic, cleaning, paris("2028-03-01T09:00"));
    world.clock.set(paris("2028-03-01T10:00"));
    world.complete(visit);
    String recall = RecallReminders.subject(mover.id());
    String journey = CareJourneys.subject(mover.id());
    List<Reminder> planned = world.awaitReminders(recall, l -> l.size() == 2);
    assertThat(planned)
        .extracting(Reminder::dueAt)
        .containsExactly(paris("2028-09-01T10:00"), paris("2028-09-15T10:00"));
    Reminder tip = world.awaitReminders(journey, l -> l.size() == 1).get(0);
    assertThat(tip.dueAt()).isEqualTo(paris("2028-03-08T10:00"));
    // A message planned before the local time was kept with it: read back in the zone it was
    // planned in.
    world.execute(
        "UPDATE reminders_by_key SET data = data - {'"
            + LocalTimeReminders.LOCAL_DUE
            + "'}"
            + " WHERE reminder_key = ?",
        tip.key());

    world.moveTo(mover, NEW_YORK);

    List<Reminder> moved =
        world.awaitReminders(
            recall,
            l ->
                l.get(0).dueAt().equals(newYork("2028-09-01T10:00"))
                    && l.get(1).dueAt().equals(newYork("2028-09-15T10:00")));
    assertThat(moved)
        .extracting(Reminder::key)
        .containsExactlyElementsOf(planned.stream().map(Reminder::key).toList());
    assertThat(moved).extracting(Reminder::state).containsOnly(Reminder.State.PENDING);
    assertThat(moved.get(0).usefulUntil())
        .as("the first is useful until the second is due")
        .isEqualTo(moved.get(1).dueAt());
    Reminder movedTip =
        world
            .awaitReminders(journey, l -> l.get(0).dueAt().equals(newYork("2028-03-08T10:00")))
            .get(0);
    assertThat(movedTip.key()).isEqualTo(tip.key());
    assertThat(movedTip.usefulUntil()).isEqualTo(newYork("2028-03-11T10:00"));

    // Quiet hours until 10:30 in the new zone: each moves to their end.
    world.patchPreferences(
        mover.id(),
        new JsonObject()
            .put("quietHours", new JsonObject().put("start", "21:00").put("end", "10:30")));
    world.awaitReminders(
        recall,
        l ->
            l.get(0).dueAt().equals(newYork("2028-09-01T10:30"))
                && l.get(1).dueAt().equals(newYork("2028-09-15T10:30")));
    world.awaitReminders(journey, l -> l.get(0).dueAt().equals(newYork("2028-03-08T10:30")));
    assertThat(world.remindersOf(recall)).hasSize(2);
    assertThat(world.remindersOf(journey)).hasSize(1);

    // The old times send nothing; the new one sends the tip once.
    world.jumpTo(paris("2028-03-08T10:00"));
    world.runAt(newYork("2028-03-08T10:00"));
    assertThat(world.inbox(mover.id())).isEmpty();
    world.runAt(newYork("2028-03-08T10:30"));
    world.runAt(newYork("2028-03-08T11:00"));
    assertThat(kinds(mover)).containsExactly("care_tip");
    assertThat(world.remindersOf(journey))
        .extracting(Reminder::state)
        .containsExactly(Reminder.State.SENT);
  }
}
