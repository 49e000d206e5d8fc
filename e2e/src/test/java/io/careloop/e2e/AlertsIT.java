package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.alerts.Alerts;
import io.careloop.alerts.alert.AlertsConfig;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Alerts end to end: sessions published by brushes through the real broker, stored by ingest,
 * judged by the alerts module against the patient's care plan; alerts as the nurse sees them.
 */
class AlertsIT {

  private final TestApp app = TestApp.get();
  private final AlertsWorld world = new AlertsWorld(app);
  private final ClinicFixture.Account nurse = world.nurse();

  /**
   * Sends the just-before session, proves it opened nothing (the per-session path ran, and a sweep
   * judging it as the latest session agrees), then sends the just-past one and waits for the alert.
   */
  private JsonObject silentThenFires(
      String plan,
      String ruleId,
      boolean plaqueSensor,
      Function<AlertsWorld.BrushingPatient, JsonObject> justBefore,
      Function<AlertsWorld.BrushingPatient, JsonObject> justPast)
      throws Exception {
    AlertsWorld.BrushingPatient p = world.patient(plaqueSensor);
    try (var brush = p.brush()) {
      world.plan(nurse.token(), p.id(), plan, null);

      world.publishAndWait(p, justBefore.apply(p));
      world.sweepPatient(p.id(), Instant.now());
      assertThat(world.alertOf(nurse.token(), p.id(), ruleId))
          .as("just before the threshold")
          .isEmpty();

      JsonObject past = justPast.apply(p);
      world.publishAndWait(p, past);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> world.alertOf(nurse.token(), p.id(), ruleId).isPresent());
      JsonObject alert = world.alertOf(nurse.token(), p.id(), ruleId).orElseThrow();
      assertThat(alert.getString("status")).isEqualTo("open");
      assertThat(alert.getBoolean("cleared")).isFalse();
      assertThat(alert.getJsonArray("clinicIds").getList())
          .containsExactly(world.clinicId.toString());
      return alert;
    }
  }

  @Test
  @DisplayName(
      "Per session, through the broker: 89 s opens the rushed-session alert, 90 s does not")
  void durationThroughBroker() throws Exception {
    JsonObject alert =
        silentThenFires(
            "post_surgery",
            "rushed-session",
            false,
            p -> AlertsWorld.session(p.brush(), 90, 0, 90, null),
            p -> AlertsWorld.session(p.brush(), 89, 0, 90, null));
    assertThat(alert.getString("severity")).isEqualTo("medium");
    assertThat(alert.getString("detail")).contains("89 s");
  }

  @Test
  @DisplayName("Per session, through the broker: 3 pressure events open the high alert, 2 do not")
  void pressureThroughBroker() throws Exception {
    JsonObject alert =
        silentThenFires(
            "post_surgery",
            "too-much-pressure",
            false,
            p -> AlertsWorld.session(p.brush(), 120, 2, 90, null),
            p -> AlertsWorld.session(p.brush(), 120, 3, 90, null));
    assertThat(alert.getString("severity")).isEqualTo("high");
  }

  @Test
  @DisplayName(
      "Per session, through the broker: 59 % coverage opens the rushed-session alert, 60 % does not")
  void coverageThroughBroker() throws Exception {
    JsonObject alert =
        silentThenFires(
            "post_surgery",
            "rushed-session",
            false,
            p -> AlertsWorld.session(p.brush(), 120, 0, 60, null),
            p -> AlertsWorld.session(p.brush(), 120, 0, 59, null));
    assertThat(alert.getString("detail")).contains("59 %");
  }

  @Test
  @DisplayName(
      "Per session, through the broker: plaque index 2.0 opens the periodontal alert, 1.9 does not")
  void plaqueThroughBroker() throws Exception {
    JsonObject alert =
        silentThenFires(
            "periodontal",
            "plaque-high",
            true,
            p -> AlertsWorld.session(p.brush(), 120, 0, 90, 1.9),
            p -> AlertsWorld.session(p.brush(), 120, 0, 90, 2.0));
    assertThat(alert.getString("severity")).isEqualTo("high");
  }

  @Test
  @DisplayName("A nurse's threshold override is what the rule judges")
  void overriddenThreshold() throws Exception {
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      JsonObject plan =
          world.plan(
              nurse.token(), p.id(), "post_surgery", new JsonObject().put("maxPressureEvents", 6));
      assertThat(plan.getJsonObject("thresholds").getInteger("maxPressureEvents")).isEqualTo(6);

      world.publishAndWait(p, AlertsWorld.session(brush, 120, 5, 90, null));
      world.sweepPatient(p.id(), Instant.now());
      assertThat(world.alertOf(nurse.token(), p.id(), "too-much-pressure")).isEmpty();
      world.publishAndWait(p, AlertsWorld.session(brush, 120, 6, 90, null));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> world.alertOf(nurse.token(), p.id(), "too-much-pressure").isPresent());
    }
  }

  @Test
  @DisplayName("A patient without a plan gets no alert, however badly they brush")
  void noPlanNoAlert() throws Exception {
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      world.publishAndWait(p, AlertsWorld.session(brush, 20, 9, 10, null));
      world.sweepPatient(p.id(), Instant.now().plus(Duration.ofDays(5)));
      assertThat(
              world.alerts(nurse.token(), null).stream()
                  .map(o -> ((JsonObject) o).getString("patientId")))
          .doesNotContain(p.id().toString());
    }
  }

  @Test
  @DisplayName(
      "50 sessions of one patient at once, judged by two alerts instances: exactly one alert")
  void fiftyAtOnceOneAlert() throws Exception {
    // A second alerts instance on the same event bus and Cassandra: every event is judged twice,
    // concurrently.
    Alerts second =
        Alerts.create(
                app.app.vertx(),
                TestCassandra.get().session(),
                AlertsConfig.defaults().withSweepInterval(Duration.ZERO),
                Clock.systemUTC())
            .await();
    second.startConsumer(app.app.vertx()).await();
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      world.plan(nurse.token(), p.id(), "post_surgery", null);
      List<IMqttToken> acks = new ArrayList<>();
      long lastId = 0;
      for (int i = 0; i < 50; i++) {
        JsonObject s =
            AlertsWorld.session(brush, Instant.now().minusSeconds(60L - i), 120, 5, 90, null);
        lastId = s.getLong("sessionId");
        acks.add(brush.sendAsync(s));
      }
      for (IMqttToken ack : acks) {
        ack.waitForCompletion(30_000);
      }
      long last = lastId;
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  app.app
                          .alerts()
                          .lastSessionSeen(p.id())
                          .map(s -> s.sessionId() == last)
                          .orElse(false)
                      || countStored(p.id()) == 50);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> world.alertOf(nurse.token(), p.id(), "too-much-pressure").isPresent());
      // Let every evaluation in flight finish, then count.
      await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);

      assertThat(world.alertsOf(nurse.token(), p.id(), "too-much-pressure", null)).hasSize(1);
      var rows =
          TestCassandra.get()
              .session()
              .execute(
                  SimpleStatement.newInstance(
                      "SELECT alert_id, rule_id FROM alerts WHERE patient_id = ? ALLOW FILTERING",
                      p.id()))
              .all();
      assertThat(rows.stream().filter(r -> r.getString("rule_id").equals("too-much-pressure")))
          .hasSize(1);
      assertThat(
              TestCassandra.get()
                  .session()
                  .execute(
                      SimpleStatement.newInstance(
                          "SELECT alert_id FROM open_alert_by_patient_rule WHERE patient_id = ? AND rule_id = 'too-much-pressure'",
                          p.id()))
                  .all())
          .hasSize(1);
    } finally {
      second.stop().await();
    }
  }

  private long countStored(UUID patientId) {
    return app.app
        .ingest()
        .sessions()
        .allPlacedBetween(
            patientId,
            Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(1)))
        .await()
        .size();
  }

  @Test
  @DisplayName(
      "The sweep judges a patient when a verdict can change with time (a new day, an absence"
          + " running out) or at their moment of the hour, not at every pass; a plan set again is"
          + " judged at the next")
  void sweepJudgesWhenDue() throws Exception {
    AlertsWorld.BrushingPatient p = world.patient(false);
    JsonObject plan = world.plan(nurse.token(), p.id(), "standard", null);
    Instant start = Instant.parse(plan.getString("startsAt"));
    assertThat(world.judgeAt(p.id())).as("a plan just set").isEmpty();

    // Two hours on: whatever the app's own sweep (on the real clock) set by then is due.
    Instant first = start.plus(Duration.ofHours(2));
    app.app.alerts().sweep(first).await();
    Instant due = dueAfter(p.id(), first, start);
    assertThat(world.judgeAt(p.id())).hasValue(due);

    // Half way there: the sweep passes the patient by (a judgement would set a later time).
    app.app.alerts().sweep(first.plus(Duration.between(first, due).dividedBy(2))).await();
    assertThat(world.judgeAt(p.id())).hasValue(due);

    app.app.alerts().sweep(due).await();
    assertThat(world.judgeAt(p.id())).hasValue(dueAfter(p.id(), due, start));

    world.plan(nurse.token(), p.id(), "standard", null);
    assertThat(world.judgeAt(p.id())).as("the plan set again").isEmpty();
  }

  /**
   * When a sweep at {@code at} judges a patient of the standard plan who never brushed next: their
   * moment of their next day's first hour (the day windows), the end of the 48 h absence, or their
   * moment of the hour.
   */
  private static Instant dueAfter(UUID patientId, Instant at, Instant planStart) {
    Instant newDay =
        at.atZone(ZoneId.of("Europe/Paris"))
            .toLocalDate()
            .plusDays(1)
            .atStartOfDay(ZoneId.of("Europe/Paris"))
            .toInstant()
            .plus(AlertsConfig.dayJudgedAfter(patientId));
    return Stream.of(
            newDay,
            planStart.plus(Duration.ofHours(48)),
            AlertsConfig.defaults().latestJudgement(patientId, at))
        .min(Instant::compareTo)
        .orElseThrow();
  }

  @Test
  @DisplayName(
      "The sweep, at instants the test sets: no brushing for 48 h and fewer than 2 sessions a day on 3 days")
  void absenceAndWindowFromSweep() throws Exception {
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      JsonObject plan = world.plan(nurse.token(), p.id(), "standard", null);
      Instant start = Instant.parse(plan.getString("startsAt"));
      ZoneId paris = ZoneId.of("Europe/Paris");

      // Absence: counted from the plan's start, as nothing was brushed since.
      Instant absenceLimit = start.plus(Duration.ofHours(48));
      app.app.alerts().sweep(absenceLimit.minusSeconds(1)).await();
      assertThat(world.alertOf(nurse.token(), p.id(), "no-brushing")).isEmpty();
      app.app.alerts().sweep(absenceLimit.plusSeconds(1)).await();
      JsonObject absence = world.alertOf(nurse.token(), p.id(), "no-brushing").orElseThrow();
      assertThat(absence.getString("severity")).isEqualTo("high");
      assertThat(Instant.parse(absence.getString("breachAt"))).isEqualTo(absenceLimit);

      // Window: whole days after the plan's first (partial) day, in the patient's zone.
      LocalDate firstWholeDay = start.atZone(paris).toLocalDate().plusDays(1);
      Instant windowDone = firstWholeDay.plusDays(3).atStartOfDay(paris).toInstant();
      world.sweepPatient(p.id(), windowDone.minusSeconds(1));
      assertThat(world.alertOf(nurse.token(), p.id(), "missed-brushing")).isEmpty();
      world.sweepPatient(p.id(), windowDone.plusSeconds(1));
      assertThat(world.alertOf(nurse.token(), p.id(), "missed-brushing"))
          .hasValueSatisfying(
              a ->
                  assertThat(a.getString("detail"))
                      .contains(firstWholeDay.toString(), firstWholeDay.plusDays(2).toString()));
    }
  }

  @Test
  @DisplayName(
      "A plan ending on a date reads back as that date, and is judged to the last second of that day in the patient's zone")
  void planEndsWithItsLastDay() throws Exception {
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      ZoneId paris = ZoneId.of("Europe/Paris"); // the patient's zone
      LocalDate lastDay = LocalDate.now(paris).plusDays(2);
      var set =
          world.putPlan(
              nurse.token(),
              p.id(),
              new JsonObject().put("plan", "post_surgery").put("until", lastDay.toString()));
      assertThat(set.statusCode()).isEqualTo(200);
      assertThat(set.bodyAsJsonObject().getString("until")).isEqualTo(lastDay.toString());
      JsonObject read =
          app.get("/api/v1/nurse/patients/" + p.id() + "/care-plan", nurse.token())
              .bodyAsJsonObject();
      assertThat(read.getString("until")).isEqualTo(lastDay.toString());
      Instant nextDay = lastDay.plusDays(1).atStartOfDay(paris).toInstant();
      assertThat(Instant.parse(read.getString("endsAt"))).isEqualTo(nextDay);

      world.publishAndWait(
          p, AlertsWorld.session(brush, 120, 0, 90, null)); // then nothing for two days
      world.sweepPatient(p.id(), nextDay);
      assertThat(world.alertOf(nurse.token(), p.id(), "no-brushing"))
          .as("the next day: the plan has ended")
          .isEmpty();
      world.sweepPatient(p.id(), nextDay.minusSeconds(1));
      assertThat(world.alertOf(nurse.token(), p.id(), "no-brushing"))
          .as("late on the last day")
          .isPresent();
    }
  }

  @Test
  @DisplayName(
      "A session after an absence alert clears it; it stays listed until a nurse resolves it")
  void clearedStaysListed() throws Exception {
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      JsonObject plan = world.plan(nurse.token(), p.id(), "standard", null);
      Instant start = Instant.parse(plan.getString("startsAt"));
      world.sweepPatient(p.id(), start.plus(Duration.ofHours(49)));
      assertThat(world.alertOf(nurse.token(), p.id(), "no-brushing"))
          .hasValueSatisfying(a -> assertThat(a.getBoolean("cleared")).isFalse());

      world.publishAndWait(p, AlertsWorld.session(brush, 120, 0, 90, null));

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(world.alertOf(nurse.token(), p.id(), "no-brushing"))
                      .hasValueSatisfying(
                          a -> {
                            assertThat(a.getBoolean("cleared")).isTrue();
                            assertThat(a.getString("status")).isEqualTo("open");
                          }));
    }
  }
}
