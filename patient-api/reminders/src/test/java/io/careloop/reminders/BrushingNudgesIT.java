package io.careloop.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.DevicePaired;
import io.careloop.platform.bus.PatientDevices;
import io.careloop.platform.bus.PatientSessions;
import io.careloop.platform.bus.SessionsStored;
import io.careloop.platform.bus.SharedCodecs;
import io.careloop.platform.bus.StoredSession;
import io.careloop.reminders.kinds.BrushingNudges;
import io.careloop.reminders.schedule.Reminder;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Brushing nudges. device-ingest is not part of this module's tests: its two bus contracts that
 * nudges use (session-stored events, and a patient's sessions) are played here by the test, with
 * the message shapes {@code Addresses} documents.
 */
class BrushingNudgesIT {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId KIRITIMATI = ZoneId.of("Pacific/Kiritimati");
  private static ReminderWorld world;
  private static final Map<UUID, List<Instant>> sessions = new ConcurrentHashMap<>();
  private static final java.util.Set<UUID> paired = ConcurrentHashMap.newKeySet();
  private static MessageConsumer<PatientSessions> ingest;
  private static MessageConsumer<PatientDevices> devices;

  @BeforeAll
  static void start() throws Exception {
    world = new ReminderWorld(Instant.parse("2027-06-10T08:00:00Z"));
    SharedCodecs.register(world.vertx.eventBus());
    ingest =
        world
            .vertx
            .eventBus()
            .consumer(
                Addresses.PATIENT_SESSIONS,
                msg -> {
                  PatientSessions q = msg.body();
                  msg.reply(
                      q.answer(
                          sessions.getOrDefault(q.patientId(), List.of()).stream()
                              .filter(s -> !s.isBefore(q.from()) && s.isBefore(q.to()))
                              .map(s -> session(null, s))
                              .toList()));
                });
    devices =
        world
            .vertx
            .eventBus()
            .consumer(
                Addresses.PATIENT_DEVICES,
                msg -> {
                  UUID patient = msg.body().patientId();
                  msg.reply(
                      new PatientDevices(
                          patient,
                          paired.contains(patient)
                              ? List.of(
                                  new PatientDevices.PairedBrush(
                                      "TB-0000ABCD",
                                      "CL-100",
                                      Instant.parse("2027-01-01T00:00:00Z")))
                              : List.of()));
                });
  }

  @AfterAll
  static void stop() {
    ingest.unregister().await();
    devices.unregister().await();
    world.close();
  }

  private static Instant paris(String local) {
    return LocalDateTime.parse(local).atZone(PARIS).toInstant();
  }

  /** A session stored by device-ingest: in its history, and announced on the bus. */
  private static void brushed(ReminderWorld.Patient patient, Instant at) {
    paired.add(patient.id());
    sessions.computeIfAbsent(patient.id(), k -> new ArrayList<>()).add(at);
    world
        .vertx
        .eventBus()
        .publish(Addresses.SESSION_STORED, new SessionsStored(List.of(session(patient.id(), at))));
  }

  /** A session of the test brush placed at {@code at}, as device-ingest tells of it. */
  private static StoredSession session(UUID owner, Instant at) {
    JsonObject session =
        new JsonObject()
            .put("deviceId", "TB-0000ABCD")
            .put("sessionId", at.getEpochSecond())
            .put("startedAt", at.toString());
    return StoredSession.fromJson(
        owner == null ? session : session.put("patientId", owner.toString()));
  }

  @Test
  @DisplayName(
      "A nudge at the usual evening time learned from history, none on an evening already brushed, at most one a day, opted out: none")
  void nudges() {
    world.resetSweeps();
    world.clock.set(paris("2027-06-10T09:00"));
    ReminderWorld.Patient usual = world.patient("Europe/Paris");
    ReminderWorld.Patient optedOut = world.patient("Europe/Paris");
    ReminderWorld.Patient newYork = world.patient("America/New_York");
    world.patchPreferences(optedOut.id(), new JsonObject().put("brushing", false));
    for (int day = 1; day <= 9; day++) {
      sessions
          .computeIfAbsent(usual.id(), k -> new ArrayList<>())
          .add(paris("2027-06-0" + day + "T19:40"));
      sessions
          .computeIfAbsent(usual.id(), k -> new ArrayList<>())
          .add(paris("2027-06-0" + day + "T07:30"));
    }
    brushed(usual, paris("2027-06-10T07:30"));
    brushed(usual, paris("2027-06-10T07:35")); // a second event the same day plans nothing more
    brushed(optedOut, paris("2027-06-10T07:30"));
    brushed(newYork, paris("2027-06-10T07:30"));

    List<Reminder> planned =
        world.awaitReminders(BrushingNudges.subject(usual.id()), l -> l.size() == 1);
    assertThat(planned.get(0).dueAt()).isEqualTo(paris("2027-06-10T19:45"));
    // No history in New York: the default 21:00 is in quiet hours, so 20:30 there.
    assertThat(
            world
                .awaitReminders(BrushingNudges.subject(newYork.id()), l -> l.size() == 1)
                .get(0)
                .dueAt())
        .isEqualTo(
            LocalDateTime.parse("2027-06-10T20:30")
                .atZone(ZoneId.of("America/New_York"))
                .toInstant());

    world.runAt(paris("2027-06-10T19:44"));
    assertThat(world.inbox(usual.id())).isEmpty();
    world.runAt(paris("2027-06-10T19:45"));
    assertThat(world.inbox(usual.id())).extracting(e -> e.kind()).containsExactly("brushing");
    assertThat(world.pushesSettled(usual)).isEqualTo(1);
    world.runAt(paris("2027-06-10T20:30")); // the default time (21:00) pulled before quiet hours
    assertThat(world.inbox(optedOut.id())).isEmpty();
    assertThat(world.remindersOf(BrushingNudges.subject(optedOut.id())))
        .extracting(Reminder::reason)
        .contains("opted-out");

    // The next evening is planned by the nudge itself; this time the patient brushes at 19:00.
    world.awaitReminders(BrushingNudges.subject(usual.id()), l -> l.size() == 2);
    brushed(usual, paris("2027-06-11T19:00"));
    world.runAt(paris("2027-06-11T19:45"));
    assertThat(world.inbox(usual.id())).hasSize(1);
    List<Reminder> all =
        world.awaitReminders(BrushingNudges.subject(usual.id()), l -> l.size() == 3);
    assertThat(all)
        .extracting(Reminder::state)
        .containsExactly(Reminder.State.SENT, Reminder.State.DROPPED, Reminder.State.PENDING);
    assertThat(all.get(1).reason()).isEqualTo("brushed");
    assertThat(all).extracting(r -> r.data().get("day")).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName(
      "A brush paired but never used is nudged from the first evening; once unpaired, the nudges stop")
  void pairedButUnusedThenUnpaired() {
    world.resetSweeps();
    world.clock.set(paris("2027-07-05T09:00"));
    ReminderWorld.Patient drawer = world.patient("Europe/Paris");
    paired.add(drawer.id());
    world
        .vertx
        .eventBus()
        .publish(
            Addresses.DEVICE_PAIRED,
            new DevicePaired(drawer.id(), "TB-0000ABCD", paris("2027-07-05T09:00")));

    // No history yet: the default 21:00 is in quiet hours, so 20:30.
    assertThat(
            world
                .awaitReminders(BrushingNudges.subject(drawer.id()), l -> l.size() == 1)
                .get(0)
                .dueAt())
        .isEqualTo(paris("2027-07-05T20:30"));
    world.runAt(paris("2027-07-05T20:30"));
    assertThat(world.inbox(drawer.id())).extracting(e -> e.kind()).containsExactly("brushing");

    // The patient unpairs before the next evening: that nudge is dropped and none follows.
    world.awaitReminders(BrushingNudges.subject(drawer.id()), l -> l.size() == 2);
    paired.remove(drawer.id());
    world.runAt(paris("2027-07-06T20:30"));
    List<Reminder> all =
        world.awaitReminders(
            BrushingNudges.subject(drawer.id()),
            l -> l.size() == 2 && l.get(1).state() == Reminder.State.DROPPED);
    assertThat(all.get(1).reason()).isEqualTo(BrushingNudges.NO_PAIRED_BRUSH);
    world.runAt(paris("2027-07-07T20:30"));
    assertThat(world.remindersOf(BrushingNudges.subject(drawer.id()))).hasSize(2);
    assertThat(world.inbox(drawer.id())).hasSize(1);
  }

  @Test
  @DisplayName(
      "A planned nudge follows the patient's new time zone and quiet hours; one for an evening already over there gives way to the next")
  void followsTimeZoneAndQuietHours() {
    world.resetSweeps();
    world.clock.set(paris("2027-08-02T09:00"));
    ReminderWorld.Patient traveller = world.patient("Europe/Paris");
    ReminderWorld.Patient noBrush = world.patient("Europe/Paris");
    String subject = BrushingNudges.subject(traveller.id());
    brushed(traveller, paris("2027-08-02T07:30"));
    // No evening in the history: the default 21:00 is in quiet hours, so 20:30.
    assertThat(world.awaitReminders(subject, l -> l.size() == 1).get(0).dueAt())
        .isEqualTo(paris("2027-08-02T20:30"));

    // To New York, where it is 03:00 the same day: that evening at 20:30 New York time.
    world.moveTo(traveller, NEW_YORK);
    world.moveTo(noBrush, NEW_YORK);
    Instant newYorkEvening = local("2027-08-02T20:30", NEW_YORK);
    Reminder moved =
        world
            .awaitReminders(subject, l -> l.size() == 1 && l.get(0).dueAt().equals(newYorkEvening))
            .get(0);
    assertThat(moved.state()).isEqualTo(Reminder.State.PENDING);
    assertThat(moved.key()).endsWith(":2027-08-02");

    // Quiet hours from 19:00: the nudge goes half an hour before them.
    world.patchPreferences(
        traveller.id(),
        new JsonObject()
            .put("quietHours", new JsonObject().put("start", "19:00").put("end", "07:00")));
    Instant beforeQuiet = local("2027-08-02T18:30", NEW_YORK);
    world.awaitReminders(subject, l -> l.size() == 1 && l.get(0).dueAt().equals(beforeQuiet));

    // To Kiritimati (UTC+14), where it is 21:00 already: that evening is over, the next one's nudge
    // replaces it.
    world.moveTo(traveller, KIRITIMATI);
    Instant nextEvening = local("2027-08-03T18:30", KIRITIMATI);
    List<Reminder> all =
        world.awaitReminders(subject, l -> l.size() == 2 && l.get(1).dueAt().equals(nextEvening));
    assertThat(all)
        .extracting(Reminder::state)
        .containsExactly(Reminder.State.CANCELLED, Reminder.State.PENDING);
    assertThat(all.get(0).reason()).isEqualTo(BrushingNudges.SETTINGS_CHANGED);

    world.runAt(beforeQuiet);
    assertThat(world.inbox(traveller.id())).isEmpty();
    world.runAt(nextEvening);
    assertThat(world.inbox(traveller.id())).extracting(e -> e.kind()).containsExactly("brushing");
    assertThat(world.remindersOf(BrushingNudges.subject(noBrush.id())))
        .as("no brush, no nudge chain: a new zone starts none")
        .isEmpty();
  }

  private static Instant local(String localDateTime, ZoneId zone) {
    return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
  }
}
