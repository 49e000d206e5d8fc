package io.careloop.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.notifications.bus.NotificationRequest;
import io.careloop.notifications.bus.NotifyClient;
import io.careloop.reminders.schedule.QuietRule;
import io.careloop.reminders.schedule.Reminder;
import io.careloop.reminders.schedule.ReminderConfig;
import io.careloop.reminders.schedule.ReminderRepository;
import io.careloop.reminders.schedule.ReminderScheduler;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Several scheduler instances over the same tables, and instances that stop in the middle of a
 * send: each message reaches the fake FCM endpoint exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExactlyOnceIT {

  private static ReminderWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = new ReminderWorld(Instant.parse("2027-04-01T08:00:00Z"));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  /** The patient's one message due at {@code due}, claimed by {@code claimer} as a sweep would. */
  private Reminder claimedBy(UUID claimer, ReminderWorld.Patient patient, Instant due) {
    Reminder planned = message(patient, due);
    assertThat(
            world
                .reminders()
                .repository()
                .claim(planned.key(), due, claimer, due.plus(world.config.claimLease()))
                .await())
        .isTrue();
    return planned;
  }

  private static Reminder message(ReminderWorld.Patient patient, Instant due) {
    String key = "test:" + patient.id() + ":" + due.getEpochSecond();
    return Reminder.planned(
        key,
        patient.id(),
        "appointment",
        "test:" + patient.id(),
        due,
        due.plus(Duration.ofHours(2)),
        QuietRule.POSTPONE,
        "none",
        "Appointment reminder",
        "Your check-up is tomorrow at 11:00.",
        Map.of("kind", "test"));
  }

  private static List<ReminderWorld.Patient> patientsWithOneMessageDueAt(int n, Instant due) {
    List<ReminderWorld.Patient> patients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ReminderWorld.Patient p = world.patient("Europe/Paris");
      assertThat(world.reminders().repository().plan(message(p, due)).await()).isTrue();
      patients.add(p);
    }
    return patients;
  }

  @Test
  @Order(1)
  @DisplayName(
      "Three scheduler instances sweeping the same due minute at the same time split the shards and send each of 30 messages once")
  void severalInstancesSendOnce() {
    Instant due = Instant.parse("2027-04-01T10:00:00Z");
    List<ReminderWorld.Patient> patients = patientsWithOneMessageDueAt(30, due);
    var second = world.reminders().deployAnotherScheduler().await();
    var third = world.reminders().deployAnotherScheduler().await();
    world.resetSweeps();
    world.clock.set(due.plusSeconds(5));

    List<Future<ReminderScheduler.Sweep>> sweeps =
        List.of(
            world.reminders().scheduler().runOnce(due.plusSeconds(5)),
            second.getKey().runOnce(due.plusSeconds(5)),
            third.getKey().runOnce(due.plusSeconds(5)));
    Future.all(sweeps).await();

    assertThat(sweeps.stream().mapToInt(f -> f.result().sent()).sum()).isEqualTo(30);
    for (ReminderWorld.Patient p : patients) {
      assertThat(world.inbox(p.id())).hasSize(1);
      assertThat(world.pushesSettled(p)).isEqualTo(1);
    }
    int shards = world.config.shards();
    assertThat(sweeps.stream().mapToInt(f -> shards - f.result().shardsSkipped()).sum())
        .as("each shard swept by one instance: they split the work")
        .isEqualTo(shards);

    // Instances that stop give their shards back: the one left sweeps them all at once.
    world.vertx.undeploy(second.getValue()).await();
    world.vertx.undeploy(third.getValue()).await();
    assertThat(world.reminders().scheduler().runOnce(due.plusSeconds(10)).await().shardsSkipped())
        .isZero();
  }

  @Test
  @Order(2)
  @DisplayName(
      "An instance that stopped after claiming (before or after storing the notification): after a restart within the due minute the message goes out once")
  void restartDuringTheDueMinute() {
    Instant due = Instant.parse("2027-04-02T10:00:00Z");
    ReminderWorld.Patient claimedOnly = patientsWithOneMessageDueAt(1, due).get(0);
    ReminderWorld.Patient claimedAndStored = patientsWithOneMessageDueAt(1, due).get(0);
    ReminderWorld.Patient untouched = patientsWithOneMessageDueAt(1, due).get(0);
    world.resetSweeps();
    world.clock.set(due.plusSeconds(1));
    // The instance that dies: it claimed two messages; for one it had also stored the notification.
    UUID dead = UUID.randomUUID();
    Instant leaseEnd = due.plusSeconds(1).plus(world.config.claimLease());
    ReminderRepository repo = world.reminders().repository();
    Reminder first = message(claimedOnly, due);
    Reminder second = message(claimedAndStored, due);
    assertThat(repo.claim(first.key(), due, dead, leaseEnd).await()).isTrue();
    assertThat(repo.claim(second.key(), due, dead, leaseEnd).await()).isTrue();
    NotificationRequest stored = second.toNotification(due.plusSeconds(1));
    new NotifyClient(world.vertx.eventBus()).send(stored).await();
    assertThat(world.pushesSettled(claimedAndStored)).isEqualTo(1);

    // A restart: the old scheduler is gone, two fresh instances sweep within the same minute...
    var restarted = world.reminders().deployAnotherScheduler().await();
    var other = world.reminders().deployAnotherScheduler().await();
    Instant sameMinute = due.plusSeconds(30);
    world.clock.set(sameMinute);
    Future.all(restarted.getKey().runOnce(sameMinute), other.getKey().runOnce(sameMinute)).await();
    // ...the untouched message is sent; the claimed ones wait for the dead instance's claim to
    // lapse.
    assertThat(world.inbox(untouched.id())).hasSize(1);
    assertThat(world.inbox(claimedOnly.id())).isEmpty();

    Instant afterLease = leaseEnd.plusSeconds(1);
    world.clock.set(afterLease);
    Future.all(restarted.getKey().runOnce(afterLease), other.getKey().runOnce(afterLease)).await();

    for (ReminderWorld.Patient p : List.of(claimedOnly, claimedAndStored, untouched)) {
      assertThat(world.inbox(p.id())).as("inbox").hasSize(1);
      assertThat(world.pushesSettled(p)).as("FCM sends").isEqualTo(1);
    }
    assertThat(repo.find(first.key()).await().orElseThrow().state()).isEqualTo(Reminder.State.SENT);
    assertThat(repo.find(second.key()).await().orElseThrow().state())
        .isEqualTo(Reminder.State.SENT);
    world.vertx.undeploy(restarted.getValue()).await();
    world.vertx.undeploy(other.getValue()).await();
  }

  @Test
  @Order(3)
  @DisplayName(
      "After an outage a message still useful is sent late; one no longer useful is recorded as dropped, overdue")
  void overdueAfterOutage() {
    Instant due = Instant.parse("2027-04-03T10:00:00Z");
    ReminderWorld.Patient stillUseful = patientsWithOneMessageDueAt(1, due).get(0);
    ReminderWorld.Patient tooLate = world.patient("Europe/Paris");
    Instant earlier =
        due.minus(Duration.ofHours(3)); // useful until 09:00Z, two hours after its due time
    world.reminders().repository().plan(message(tooLate, earlier)).await();
    world.resetSweeps();
    world.clock.set(Instant.parse("2027-04-03T04:00:00Z"));
    world
        .reminders()
        .scheduler()
        .runOnce(world.clock.instant())
        .await(); // the last sweep before the outage

    world.runAt(due.plus(Duration.ofMinutes(90))); // back after four and a half hours

    assertThat(world.inbox(stillUseful.id())).hasSize(1);
    assertThat(world.inbox(tooLate.id())).isEmpty();
    Reminder dropped =
        world.reminders().repository().find(message(tooLate, earlier).key()).await().orElseThrow();
    assertThat(dropped.state()).isEqualTo(Reminder.State.DROPPED);
    assertThat(dropped.reason()).isEqualTo("overdue");
  }

  @Test
  @Order(4)
  @DisplayName(
      "Deployed with its timer on, the scheduler sends what falls due without being called")
  void timerSweeps() {
    Instant due = Instant.parse("2027-04-04T10:00:00Z");
    world.resetSweeps();
    world.clock.set(due.minusSeconds(30));
    ReminderWorld.Patient patient = patientsWithOneMessageDueAt(1, due).get(0);
    ReminderConfig timerOn =
        new ReminderConfig(
            true,
            world.config.appointmentOffsets(),
            world.config.sameDayEarliest(),
            world.config.recallTime(),
            world.config.recallFollowUp(),
            world.config.recallServices(),
            world.config.nudgeDefault(),
            world.config.nudgeLeadBeforeQuiet(),
            Duration.ofMillis(100),
            world.config.repairInterval(),
            world.config.claimLease(),
            world.config.lookback(),
            world.config.shards(),
            world.config.concurrency());
    String deployment = world.vertx.deployVerticle(world.reminders().newScheduler(timerOn)).await();

    assertThat(world.inbox(patient.id())).isEmpty();
    world.clock.set(due);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> world.inbox(patient.id()).size() == 1);
    assertThat(world.pushesSettled(patient)).isEqualTo(1);
    world.vertx.undeploy(deployment).await();
  }

  @Test
  @Order(5)
  @DisplayName(
      "A message put back after a send that failed half-way is sent again through its claimed dedup"
          + " key: the notification the failed attempt stored is not created twice")
  void retryAfterAHalfDoneSend() {
    Instant due = Instant.parse("2027-04-05T10:00:00Z");
    ReminderWorld.Patient patient = patientsWithOneMessageDueAt(1, due).get(0);
    world.resetSweeps();
    world.clock.set(due.plusSeconds(1));
    // The failed attempt: claimed, stored the notification, then failed (its carers' copies, say)
    // and put the message back to pending for the next sweep.
    UUID failed = UUID.randomUUID();
    ReminderRepository repo = world.reminders().repository();
    Reminder planned = claimedBy(failed, patient, due);
    UUID stored =
        new NotifyClient(world.vertx.eventBus())
            .send(planned.toNotification(due.plusSeconds(1)))
            .await()
            .notificationId();
    assertThat(repo.postpone(planned, due, failed, "retry: carers not reachable").await()).isTrue();

    ReminderScheduler.Sweep retry =
        world.reminders().scheduler().runOnce(due.plusSeconds(5)).await();

    assertThat(retry.sent()).isOne();
    assertThat(world.inbox(patient.id())).as("inbox").hasSize(1);
    assertThat(world.pushesSettled(patient)).as("FCM sends").isEqualTo(1);
    Reminder sent = repo.find(planned.key()).await().orElseThrow();
    assertThat(sent.state()).isEqualTo(Reminder.State.SENT);
    assertThat(sent.notificationId()).isEqualTo(stored);
  }

  @Test
  @Order(6)
  @DisplayName(
      "An outcome recorded without a transaction is dated after its claim, also when the claim's"
          + " coordinator clock ran ahead of this instance's")
  void outcomeDatedAfterTheClaim() {
    Instant due = Instant.parse("2027-04-06T10:00:00Z");
    ReminderWorld.Patient patient = patientsWithOneMessageDueAt(1, due).get(0);
    ReminderRepository repo = world.reminders().repository();
    UUID me = UUID.randomUUID();
    Reminder planned = claimedBy(me, patient, due);
    // The claim as a coordinator whose clock is 10 s ahead of ours would have dated it.
    long ahead = (System.currentTimeMillis() + 10_000) * 1000;
    world.session.execute(
        SimpleStatement.newInstance(
            "UPDATE reminders_by_key USING TIMESTAMP ? SET claimed_until = ?, state = 'sending'"
                + " WHERE reminder_key = ?",
            ahead,
            due.plus(world.config.claimLease()),
            planned.key()));

    long claimed = repo.claimWritten(planned.key()).await();
    repo.finishAlone(planned.key(), Reminder.State.SENT, null, null, claimed).await();

    assertThat(claimed).isEqualTo(ahead);
    Reminder after = repo.find(planned.key()).await().orElseThrow();
    assertThat(after.state()).isEqualTo(Reminder.State.SENT);
    assertThat(after.claimedUntil()).isNull();
  }
}
