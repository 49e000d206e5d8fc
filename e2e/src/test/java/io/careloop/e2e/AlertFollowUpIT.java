package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.alerts.alert.AlertNotifier;
import io.careloop.notifications.NotificationsProbe;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.SessionsStored;
import io.careloop.platform.bus.StoredSession;
import io.careloop.platform.testing.FakeFcm;
import io.careloop.platform.testing.SessionsAnnounced;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What nurses do with alerts: acknowledge, resolve, escalation, push, and who may see what. */
class AlertFollowUpIT {

  private final TestApp app = TestApp.get();
  private final AlertsWorld world = new AlertsWorld(app);

  /** Sets the plans: alerts go to her first. */
  private final ClinicFixture.Account responsible = world.nurse();

  /** Another nurse of the same clinic: told on escalation only. */
  private final ClinicFixture.Account colleague = world.nurse();

  private List<JsonObject> alertNotifications(String token, String alertId) {
    JsonArray inbox = world.inbox(token);
    return inbox.stream()
        .map(o -> (JsonObject) o)
        .filter(
            n ->
                n.getString("kind").equals("alert")
                    && n.getJsonObject("data").getString("alertId").equals(alertId))
        .toList();
  }

  private JsonObject openPressureAlert(AlertsWorld.BrushingPatient p) {
    return openPressureAlert(p, AlertsWorld.session(p.brush(), 120, 4, 90, null));
  }

  private JsonObject openPressureAlert(AlertsWorld.BrushingPatient p, JsonObject session) {
    world.publishAndWait(p, session);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> world.alertOf(responsible.token(), p.id(), "too-much-pressure").isPresent());
    return world.alertOf(responsible.token(), p.id(), "too-much-pressure").orElseThrow();
  }

  @Test
  @DisplayName(
      "NOTIFY refuses while an alert opens: it stays open and listed, the sweep judges the patient"
          + " a minute on and tells the nurse then, once")
  void nurseToldBySweepAfterNotifyFailed() throws Exception {
    AtomicInteger refused = new AtomicInteger();
    Handler<DeliveryContext<Object>> notifyDown =
        ctx -> {
          if (ctx.message().address().equals(Addresses.NOTIFY)) {
            refused.incrementAndGet();
            ctx.message().fail(503, "notifications unreachable");
          } else {
            ctx.next();
          }
        };
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      world.plan(responsible.token(), p.id(), "post_surgery", null);
      app.app.vertx().eventBus().addInboundInterceptor(notifyDown);
      JsonObject alert;
      Instant refusedBy;
      try {
        alert = openPressureAlert(p);
        await().atMost(Duration.ofSeconds(20)).until(() -> refused.get() > 0);
        refusedBy = Instant.now();
      } finally {
        app.app.vertx().eventBus().removeInboundInterceptor(notifyDown);
      }
      String id = alert.getString("id");
      assertThat(alertNotifications(responsible.token(), id)).as("not told yet").isEmpty();
      Instant opened = Instant.parse(alert.getString("openedAt"));
      Optional<Instant> judgeAt = world.judgeAt(p.id());
      assertThat(judgeAt).as("the sweep judges the patient a minute on").isPresent();
      assertThat(judgeAt.get())
          .isAfterOrEqualTo(opened.plus(Duration.ofMinutes(1)))
          .isBeforeOrEqualTo(refusedBy.plus(Duration.ofMinutes(1)));

      app.app.alerts().sweep(judgeAt.get()).await();
      assertThat(alertNotifications(responsible.token(), id)).hasSize(1);
      app.app.alerts().sweep(judgeAt.get().plus(Duration.ofMinutes(2))).await();
      assertThat(alertNotifications(responsible.token(), id)).as("told once").hasSize(1);
      assertThat(world.alertOf(responsible.token(), p.id(), "too-much-pressure"))
          .hasValueSatisfying(a -> assertThat(a.getString("id")).isEqualTo(id));
    }
  }

  @Test
  @DisplayName(
      "A high alert: the plan's nurse is told; unacknowledged past the delay, every nurse is; ack, resolve, re-open")
  void escalationAckResolveReopen() throws Exception {
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      world.plan(responsible.token(), p.id(), "post_surgery", null);
      JsonObject alert = openPressureAlert(p);
      String id = alert.getString("id");
      Instant opened = Instant.parse(alert.getString("openedAt"));

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> alertNotifications(responsible.token(), id).size() == 1);
      assertThat(alertNotifications(responsible.token(), id).get(0).getString("title"))
          .startsWith("Follow-up:");
      assertThat(alertNotifications(colleague.token(), id))
          .as("only the plan's nurse is told first")
          .isEmpty();

      // Just before the escalation delay (15 min by default): nothing more.
      app.app.alerts().sweep(opened.plus(Duration.ofMinutes(15)).minusSeconds(1)).await();
      assertThat(alertNotifications(colleague.token(), id)).isEmpty();
      // Just past it: every nurse of the clinic, once, however often the sweep runs.
      double escalatedBefore = app.metric("careloop_alerts_escalated_total", "severity=\"high\"");
      assertThat(escalatedBefore).as("escalations are on /metrics").isNotNaN();
      app.app.alerts().sweep(opened.plus(Duration.ofMinutes(15)).plusSeconds(1)).await();
      app.app.alerts().sweep(opened.plus(Duration.ofMinutes(16))).await();
      // other tests' open alerts may escalate in the same sweeps: at least this one is counted
      assertThat(app.metric("careloop_alerts_escalated_total", "severity=\"high\""))
          .isGreaterThanOrEqualTo(escalatedBefore + 1);
      assertThat(alertNotifications(colleague.token(), id))
          .singleElement()
          .satisfies(n -> assertThat(n.getString("title")).startsWith("Nobody acknowledged:"));
      assertThat(alertNotifications(responsible.token(), id)).hasSize(2);
      assertThat(
              world
                  .alertOf(responsible.token(), p.id(), "too-much-pressure")
                  .orElseThrow()
                  .getString("escalatedAt"))
          .isNotNull();

      // Acknowledge, then resolve with a note.
      var ack =
          app.post("/api/v1/nurse/alerts/" + id + "/ack", colleague.token(), new JsonObject());
      assertThat(ack.statusCode()).isEqualTo(200);
      assertThat(ack.bodyAsJsonObject().getString("status")).isEqualTo("acknowledged");
      assertThat(ack.bodyAsJsonObject().getString("acknowledgedBy"))
          .isEqualTo(colleague.id().toString());
      assertThat(
              app.post("/api/v1/nurse/alerts/" + id + "/ack", responsible.token(), new JsonObject())
                  .statusCode())
          .as("acknowledging twice is harmless")
          .isEqualTo(200);
      var resolved =
          app.post(
              "/api/v1/nurse/alerts/" + id + "/resolve",
              responsible.token(),
              new JsonObject().put("note", "Called the patient: new brush head, lighter hand."));
      assertThat(resolved.statusCode()).isEqualTo(200);
      assertThat(resolved.bodyAsJsonObject().getString("status")).isEqualTo("resolved");
      assertThat(resolved.bodyAsJsonObject().getString("note")).startsWith("Called the patient");
      assertThat(world.alertOf(responsible.token(), p.id(), "too-much-pressure"))
          .as("gone from the work list")
          .isEmpty();
      assertThat(app.app.alerts().reads().thisMonth(p.id()).await())
          .as("the alert each nurse changed came back to her: audited reads")
          .anySatisfy(
              r ->
                  assertThat(
                          r.staffId().equals(colleague.id())
                              && r.what().equals("alert " + id + " acknowledged"))
                      .isTrue())
          .anySatisfy(
              r ->
                  assertThat(
                          r.staffId().equals(responsible.id())
                              && r.what().equals("alert " + id + " resolved"))
                      .isTrue());
      assertThat(world.alertsOf(responsible.token(), p.id(), "too-much-pressure", "resolved"))
          .hasSize(1);
      var again =
          app.post(
              "/api/v1/nurse/alerts/" + id + "/resolve",
              responsible.token(),
              new JsonObject().put("note", "x"));
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(again.bodyAsJsonObject().getString("type")).endsWith("/alert-resolved");

      // The breach already resolved does not come back...
      world.sweepPatient(p.id(), Instant.now());
      assertThat(world.alertOf(responsible.token(), p.id(), "too-much-pressure")).isEmpty();
      // ...a new one opens a new alert; acknowledged at once, it does not escalate.
      JsonObject reopened = openPressureAlert(p);
      assertThat(reopened.getString("id")).isNotEqualTo(id);
      String id2 = reopened.getString("id");
      assertThat(
              app.post(
                      "/api/v1/nurse/alerts/" + id2 + "/ack", responsible.token(), new JsonObject())
                  .statusCode())
          .isEqualTo(200);
      app.app
          .alerts()
          .sweep(Instant.parse(reopened.getString("openedAt")).plus(Duration.ofMinutes(30)))
          .await();
      assertThat(alertNotifications(colleague.token(), id2)).isEmpty();
      assertThat(
              world
                  .alertOf(responsible.token(), p.id(), "too-much-pressure")
                  .orElseThrow()
                  .containsKey("escalatedAt"))
          .isFalse();
    }
  }

  @Test
  @DisplayName(
      "The brush sends a session again after its alert was resolved: nothing re-opens, the session keeps its arrival")
  void copyAfterResolveChangesNothing() throws Exception {
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      world.plan(responsible.token(), p.id(), "post_surgery", null);
      JsonObject session = AlertsWorld.session(brush, 120, 4, 90, null);
      JsonObject alert = openPressureAlert(p, session);
      assertThat(alert.getString("breachAt"))
          .as("when it was brushed")
          .isEqualTo(session.getString("startedAt"));
      assertThat(
              app.post(
                      "/api/v1/nurse/alerts/" + alert.getString("id") + "/resolve",
                      responsible.token(),
                      new JsonObject().put("note", "Talked it through with the patient."))
                  .statusCode())
          .isEqualTo(200);
      JsonObject stored = storedSession(p, session);
      List<StoredSession> announced = new CopyOnWriteArrayList<>();
      MessageConsumer<SessionsStored> consumer =
          SessionsAnnounced.listen(
              app.app.vertx().eventBus(), e -> p.id().equals(e.patientId()), announced::add);
      try {
        brush.publish(
            brush.sessionTopic(),
            session,
            false); // the same session again, acknowledged once stored

        world.sweepPatient(p.id(), Instant.now());
        JsonObject next =
            AlertsWorld.session(
                brush, 120, 0, 90, null); // announced after the copy would have been
        world.publishAndWait(p, next);
        assertThat(announced)
            .extracting(StoredSession::sessionId)
            .containsExactly(next.getLong("sessionId"));
        world.sweepPatient(p.id(), Instant.now());
        assertThat(world.alertOf(responsible.token(), p.id(), "too-much-pressure"))
            .as("nothing re-opened")
            .isEmpty();
        assertThat(world.alertsOf(responsible.token(), p.id(), "too-much-pressure", "resolved"))
            .hasSize(1);
        assertThat(storedSession(p, session))
            .as("the session as it was stored first")
            .isEqualTo(stored);
      } finally {
        consumer.unregister().await();
      }
    }
  }

  /** The session as the patient's history shows it. */
  private JsonObject storedSession(AlertsWorld.BrushingPatient p, JsonObject session) {
    JsonArray sessions =
        app.get("/api/v1/me/brushing/sessions", p.token())
            .bodyAsJsonObject()
            .getJsonArray("sessions");
    return sessions.stream()
        .map(JsonObject.class::cast)
        .filter(s -> s.getLong("sessionId").equals(session.getLong("sessionId")))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName(
      "A plan change resolves the alerts of rules it drops, in the name of its nurse; a kept rule's alert stays")
  void planChangeClosesDroppedRules() throws Exception {
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      JsonObject postSurgery = world.plan(responsible.token(), p.id(), "post_surgery", null);
      JsonObject pressure = openPressureAlert(p);
      // no brushing for 24 h after the session: an alert of a rule the standard plan keeps
      Instant quietDayLater =
          Instant.parse(postSurgery.getString("startsAt")).plus(Duration.ofHours(25));
      world.sweepPatient(p.id(), quietDayLater);
      String absenceId =
          world.alertOf(responsible.token(), p.id(), "no-brushing").orElseThrow().getString("id");

      world.plan(responsible.token(), p.id(), "standard", null); // no pressure rule

      assertThat(world.alertOf(responsible.token(), p.id(), "too-much-pressure"))
          .as("gone from the work list")
          .isEmpty();
      assertThat(world.alertsOf(responsible.token(), p.id(), "too-much-pressure", "resolved"))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getString("id")).isEqualTo(pressure.getString("id"));
                assertThat(a.getString("resolvedBy")).isEqualTo(responsible.id().toString());
                assertThat(a.getString("note"))
                    .isEqualTo(io.careloop.alerts.alert.AlertService.RULE_REMOVED_NOTE);
              });
      assertThat(world.alertOf(responsible.token(), p.id(), "no-brushing"))
          .as("the kept rule's alert stays")
          .hasValueSatisfying(a -> assertThat(a.getString("id")).isEqualTo(absenceId));

      // Past the escalation delay, nobody is told about the closed one.
      app.app
          .alerts()
          .sweep(Instant.parse(pressure.getString("openedAt")).plus(Duration.ofMinutes(30)))
          .await();
      assertThat(alertNotifications(colleague.token(), pressure.getString("id"))).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "Push through the Firebase SDK to the fake FCM: collapse key and TTL; 503 and 429 retried; UNREGISTERED drops the token")
  void pushToNurses() throws Exception {
    FakeFcm fcm = app.fcm;
    String good = "nurse-" + UUID.randomUUID() + ":APA91bH";
    String dead = "nurse-" + UUID.randomUUID() + ":APA91bH";
    assertThat(
            app.post(
                    "/api/v1/me/push-tokens",
                    responsible.token(),
                    new JsonObject().put("token", good))
                .statusCode())
        .isEqualTo(204);
    assertThat(
            app.post(
                    "/api/v1/me/push-tokens",
                    colleague.token(),
                    new JsonObject().put("token", dead))
                .statusCode())
        .isEqualTo(204);
    fcm.answer(good, FakeFcm.Answer.unavailable(), FakeFcm.Answer.tooManyRequests());
    fcm.answerAlways(dead, FakeFcm.Answer.unregistered());
    // other tests' pushes may be counted meanwhile: at least this test's outcomes are added
    Map<String, Double> before = outcomeMetrics();

    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      world.plan(responsible.token(), p.id(), "post_surgery", null);
      JsonObject alert = openPressureAlert(p);
      String id = alert.getString("id");

      await().atMost(Duration.ofSeconds(90)).until(() -> fcm.deliveredTo(good) == 1);
      List<FakeFcm.Request> sent = fcm.requestsTo(good);
      assertThat(sent).extracting(FakeFcm.Request::answeredStatus).containsExactly(503, 429, 200);
      JsonObject message = sent.get(2).message();
      JsonObject android = message.getJsonObject("android");
      assertThat(android.getString("collapse_key"))
          .isEqualTo(AlertNotifier.collapseKey(UUID.fromString(id)));
      long ttl = Long.parseLong(android.getString("ttl").replace("s", ""));
      assertThat(ttl).isBetween(1L, 7200L);
      assertThat(message.getJsonObject("data").getString("alertId")).isEqualTo(id);
      // the push says an alert is waiting, not what it is about; the inbox (behind sign-in) says
      // that
      JsonObject shown = message.getJsonObject("notification");
      assertThat(shown.getString("title")).isEqualTo("Follow-up needed");
      assertThat(shown.getString("body"))
          .isEqualTo("A high-severity brushing alert is waiting in CareLoop.");
      assertThat(message.getJsonObject("data").fieldNames())
          .containsExactlyInAnyOrder("alertId", "severity", "event");
      JsonObject inboxEntry = alertNotifications(responsible.token(), id).get(0);
      assertThat(inboxEntry.getString("title")).isEqualTo("Follow-up: " + alert.getString("title"));
      assertThat(inboxEntry.getString("body")).isEqualTo(alert.getString("detail"));

      // Escalation reaches the colleague, whose token FCM no longer knows: it is deleted.
      app.app
          .alerts()
          .sweep(Instant.parse(alert.getString("openedAt")).plus(Duration.ofMinutes(16)))
          .await();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  new NotificationsProbe(app.app.notifications())
                      .tokensOf(colleague.id())
                      .isEmpty());
      assertThat(fcm.requestsTo(dead)).isNotEmpty();
      assertThat(alertNotifications(colleague.token(), id))
          .as("the inbox has it all the same")
          .hasSize(1);

      Map<String, Double> after = outcomeMetrics();
      assertThat(after.get("high"))
          .as("alerts opened, high")
          .isGreaterThanOrEqualTo(before.get("high") + 1);
      // the SDK retries the 503 itself; the outbox reschedules after the 429
      assertThat(after.get("retried"))
          .as("pushes retried")
          .isGreaterThanOrEqualTo(before.get("retried") + 1);
      assertThat(after.get("delivered"))
          .as("pushes delivered")
          .isGreaterThanOrEqualTo(before.get("delivered") + 1);
      assertThat(after.get("unregistered"))
          .as("tokens FCM no longer knows")
          .isGreaterThanOrEqualTo(before.get("unregistered") + 1);
    }
  }

  /** Alerts opened (high) and push outcomes, as /metrics shows them. */
  private Map<String, Double> outcomeMetrics() {
    Map<String, Double> values = new HashMap<>();
    values.put("high", app.metric("careloop_alerts_opened_total", "severity=\"high\""));
    for (String outcome : List.of("retried", "delivered", "unregistered")) {
      values.put(
          outcome, app.metric("careloop_push_outcomes_total", "outcome=\"" + outcome + "\""));
    }
    assertThat(values.values()).as("every metric is served").noneMatch(v -> v.isNaN());
    return values;
  }

  @Test
  @DisplayName(
      "A nurse of another clinic gets 404 or 403 and no data; allowed reads leave audit rows")
  void otherClinicSeesNothing() throws Exception {
    AlertsWorld other = new AlertsWorld(app);
    ClinicFixture.Account stranger = other.nurse();
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      world.plan(responsible.token(), p.id(), "post_surgery", null);
      JsonObject alert = openPressureAlert(p);
      String id = alert.getString("id");
      String today = LocalDate.now().toString();

      var daily =
          app.get(
              "/api/v1/nurse/patients/" + p.id() + "/brushing/daily?from=" + today + "&to=" + today,
              stranger.token());
      var plan = app.get("/api/v1/nurse/patients/" + p.id() + "/care-plan", stranger.token());
      var put =
          world.putPlan(
              stranger.token(),
              p.id(),
              new JsonObject().put("plan", "standard").put("until", "2030-01-01"));
      var ack = app.post("/api/v1/nurse/alerts/" + id + "/ack", stranger.token(), new JsonObject());
      var resolve =
          app.post(
              "/api/v1/nurse/alerts/" + id + "/resolve",
              stranger.token(),
              new JsonObject().put("note", "x"));
      var list = app.get("/api/v1/nurse/alerts?clinicId=" + world.clinicId, stranger.token());
      var patientCalls = app.get("/api/v1/nurse/alerts", p.token());

      for (var response : List.of(daily, plan, put, ack, resolve)) {
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.bodyAsString())
            .doesNotContain("post_surgery", "sessions", "too-much-pressure");
      }
      assertThat(list.statusCode()).isEqualTo(403);
      assertThat(patientCalls.statusCode()).isEqualTo(403);
      assertThat(other.alerts(stranger.token(), null)).isEmpty();
      JsonObject after =
          world.alertOf(responsible.token(), p.id(), "too-much-pressure").orElseThrow();
      assertThat(after.getString("status")).isEqualTo("open");
      assertThat(world.plan(responsible.token(), p.id(), "post_surgery", null).getString("plan"))
          .isEqualTo("post_surgery");
      assertThat(app.app.alerts().reads().thisMonth(p.id()).await())
          .noneMatch(r -> r.staffId().equals(stranger.id()));

      // The clinic's nurse reads: each read is audited, with who and what.
      var mine =
          app.get(
              "/api/v1/nurse/patients/" + p.id() + "/brushing/daily?from=" + today + "&to=" + today,
              colleague.token());
      assertThat(mine.statusCode()).isEqualTo(200);
      assertThat(mine.bodyAsJsonObject().getString("timeZone")).isEqualTo("Europe/Paris");
      assertThat(mine.bodyAsJsonObject().getJsonArray("days")).hasSize(1);
      assertThat(
              app.get("/api/v1/nurse/patients/" + p.id() + "/care-plan", colleague.token())
                  .statusCode())
          .isEqualTo(200);
      assertThat(app.app.alerts().reads().thisMonth(p.id()).await())
          .filteredOn(r -> r.staffId().equals(colleague.id()))
          .extracting(io.careloop.alerts.audit.NurseReads.Read::what)
          .contains("daily brushing " + today + ".." + today, "care plan");
      assertThat(app.app.alerts().reads().thisMonth(p.id()).await())
          .anyMatch(r -> r.staffId().equals(responsible.id()) && r.what().equals("care plan set"));
      assertThat(app.app.alerts().reads().thisMonth(p.id()).await())
          .anyMatch(r -> r.staffId().equals(responsible.id()) && r.what().equals("alerts"));
    }
  }

  @Test
  @DisplayName("A care plan that cannot be gets 400 problem+json, and the plan in force stays")
  void badCarePlans() throws Exception {
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      JsonObject before = world.plan(responsible.token(), p.id(), "orthodontic", null);
      String nextYear = LocalDate.now().plusYears(1).toString();
      var unknownPlan =
          world.putPlan(
              responsible.token(),
              p.id(),
              new JsonObject().put("plan", "whitening").put("until", nextYear));
      var typo =
          world.putPlan(
              responsible.token(),
              p.id(),
              new JsonObject()
                  .put("plan", "standard")
                  .put("until", nextYear)
                  .put("thresholds", new JsonObject().put("absenceHour", 12)));
      var outOfRange =
          world.putPlan(
              responsible.token(),
              p.id(),
              new JsonObject()
                  .put("plan", "standard")
                  .put("until", nextYear)
                  .put("thresholds", new JsonObject().put("absenceHours", 0)));
      var past =
          world.putPlan(
              responsible.token(),
              p.id(),
              new JsonObject().put("plan", "standard").put("until", "2020-01-01"));
      var garbled =
          world.putPlan(
              responsible.token(),
              p.id(),
              new JsonObject().put("plan", "standard").put("until", "soon"));

      for (var response : List.of(unknownPlan, typo, outOfRange, past, garbled)) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
      }
      assertThat(typo.bodyAsJsonObject().getString("detail")).contains("absenceHour");
      assertThat(outOfRange.bodyAsJsonObject().getString("detail"))
          .contains("hours must be between");
      JsonObject now =
          app.get("/api/v1/nurse/patients/" + p.id() + "/care-plan", responsible.token())
              .bodyAsJsonObject();
      assertThat(now).isEqualTo(before);
      var noNote =
          app.post(
              "/api/v1/nurse/alerts/" + UUID.randomUUID() + "/resolve",
              responsible.token(),
              new JsonObject());
      assertThat(noNote.statusCode()).isEqualTo(400);
    }
  }

  @Test
  @DisplayName(
      "A nurse's own rule on a patient's plan alerts like the template's; a bad one gets 400 and the plan in force stays; a plan without it closes its alert")
  void customRules() throws Exception {
    AlertsWorld.BrushingPatient p = world.patient(true);
    try (var brush = p.brush()) {
      JsonObject plaqueWatch =
          new JsonObject()
              .put("id", "plaque-watch")
              .put("title", "Plaque above 1.5")
              .put("severity", "high")
              .put("when", new JsonObject().put("kind", "plaque_at_least").put("index", 1.5));
      JsonObject body =
          new JsonObject()
              .put("plan", "standard")
              .put("until", LocalDate.now().plusDays(90).toString())
              .put("customRules", new JsonArray().add(plaqueWatch));
      var set = world.putPlan(responsible.token(), p.id(), body);
      assertThat(set.statusCode()).isEqualTo(200);
      JsonObject plan = set.bodyAsJsonObject();
      assertThat(plan.getJsonArray("customRules")).containsExactly(plaqueWatch);
      assertThat(
              plan.getJsonArray("rules").stream()
                  .map(r -> ((JsonObject) r).getString("id"))
                  .toList())
          .containsExactly("missed-brushing", "short-brushing", "no-brushing", "plaque-watch");
      assertThat(
              app.get("/api/v1/nurse/patients/" + p.id() + "/care-plan", responsible.token())
                  .bodyAsJsonObject())
          .as("read back as it was set")
          .isEqualTo(plan);

      // Each refused, naming what is wrong; the plan in force stays.
      JsonObject takenId = plaqueWatch.copy().put("id", "no-brushing");
      JsonObject tooBig =
          plaqueWatch
              .copy()
              .put("id", "too-big")
              .put(
                  "when",
                  new JsonObject()
                      .put("kind", "any")
                      .put(
                          "of",
                          new JsonArray(
                              java.util.Collections.nCopies(
                                  8,
                                  new JsonObject()
                                      .put("kind", "coverage_below")
                                      .put("percent", 50)))));
      JsonObject outOfRange =
          plaqueWatch
              .copy()
              .put("when", new JsonObject().put("kind", "coverage_below").put("percent", 150));
      JsonArray eleven = new JsonArray();
      for (int i = 0; i < 11; i++) {
        eleven.add(plaqueWatch.copy().put("id", "rule-" + i));
      }
      for (JsonArray bad :
          List.of(
              new JsonArray().add(takenId),
              new JsonArray().add(tooBig),
              new JsonArray().add(outOfRange),
              new JsonArray().add(plaqueWatch).add(plaqueWatch),
              eleven)) {
        var refused =
            world.putPlan(responsible.token(), p.id(), body.copy().put("customRules", bad));
        assertThat(refused.statusCode()).as(bad.encode()).isEqualTo(400);
        assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
      }
      assertThat(
              world
                  .putPlan(
                      responsible.token(),
                      p.id(),
                      body.copy().put("customRules", new JsonArray().add(takenId)))
                  .bodyAsJsonObject()
                  .getString("detail"))
          .contains("customRules[0]", "no-brushing");
      assertThat(
              app.get("/api/v1/nurse/patients/" + p.id() + "/care-plan", responsible.token())
                  .bodyAsJsonObject())
          .isEqualTo(plan);

      // A session with plaque 2.0 breaches the nurse's rule (the standard plan has no plaque rule).
      world.publishAndWait(p, AlertsWorld.session(p.brush(), 120, 0, 90, 2.0));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> world.alertOf(responsible.token(), p.id(), "plaque-watch").isPresent());
      JsonObject alert = world.alertOf(responsible.token(), p.id(), "plaque-watch").orElseThrow();
      assertThat(alert.getString("severity")).isEqualTo("high");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> alertNotifications(responsible.token(), alert.getString("id")).size() == 1);

      // The plan set again without it: its alert is resolved in the nurse's name.
      world.plan(responsible.token(), p.id(), "standard", null);
      assertThat(world.alertOf(responsible.token(), p.id(), "plaque-watch")).isEmpty();
      assertThat(world.alertsOf(responsible.token(), p.id(), "plaque-watch", "resolved"))
          .singleElement()
          .satisfies(
              a ->
                  assertThat(a.getString("note"))
                      .isEqualTo(io.careloop.alerts.alert.AlertService.RULE_REMOVED_NOTE));
    }
  }
}
