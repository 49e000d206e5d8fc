package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.crm.bus.CrmCodecs;
import io.careloop.crm.bus.StageChanged;
import io.careloop.platform.bus.Addresses;
import io.careloop.simulators.SimulatedBrush;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One patient's journey through the public API and the broker, judged by the seeded rules at each
 * step: their history imported from the practice system, registering in the app, a booking, the
 * visit completed, brushing that opens a plaque alert on a periodontal plan, the alert resolved, a
 * complaint. Every tag, score and stage is the one the rules give for the facts of that step.
 */
class CrmJourneyIT {

  private static final Duration STEP = Duration.ofSeconds(30);

  private final TestApp app = TestApp.get();
  private final CrmWorld world = new CrmWorld(app);
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

  private void imported(String kind, List<JsonObject> lines) {
    StringBuilder body = new StringBuilder();
    lines.forEach(l -> body.append(l.encode()).append('\n'));
    HttpResponse<Buffer> r =
        app.http
            .post("/api/v1/admin/imports/" + kind)
            .bearerTokenAuthentication(app.adminToken())
            .putHeader("Content-Type", "application/x-ndjson")
            .sendBuffer(Buffer.buffer(body.toString()))
            .await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getInteger("refusedCount")).isZero();
  }

  private JsonObject visit(int daysAgo, String service, int price) {
    return new JsonObject()
        .put("externalPatientId", run + "-J")
        .put("date", today.minusDays(daysAgo).toString())
        .put("status", "completed")
        .put("service", service)
        .put("price", price)
        .put("clinicId", world.clinicId.toString());
  }

  private JsonObject record(UUID patientId) {
    HttpResponse<Buffer> r = world.record(world.nurse.token(), patientId);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private String stage(UUID patientId) {
    return record(patientId).getJsonObject("stage").getString("stage");
  }

  private List<String> tags(UUID patientId) {
    return record(patientId).getJsonArray("tags").stream()
        .map(t -> ((JsonObject) t).getString("tag"))
        .toList();
  }

  private static Map<String, Integer> scores(JsonObject record) {
    JsonObject r = record.getJsonObject("rfmHealth");
    return Map.of(
        "R",
        r.getInteger("recency"),
        "F",
        r.getInteger("frequency"),
        "M",
        r.getInteger("monetary"),
        "H",
        r.getInteger("healthRisk"));
  }

  private List<JsonObject> timeline(UUID patientId) {
    return app
        .get("/api/v1/staff/patients/" + patientId + "/timeline?limit=500", world.nurse.token())
        .bodyAsJsonObject()
        .getJsonArray("entries")
        .stream()
        .map(JsonObject.class::cast)
        .toList();
  }

  private void awaitRecord(UUID patientId, Predicate<JsonObject> reached) {
    await().atMost(STEP).until(() -> reached.test(record(patientId)));
  }

  private String openAlert(UUID accountId, String ruleId) {
    JsonArray alerts =
        app.get(
                "/api/v1/nurse/alerts?clinicId=" + world.clinicId + "&status=open",
                world.nurse.token())
            .bodyAsJsonObject()
            .getJsonArray("alerts");
    return alerts.stream()
        .map(JsonObject.class::cast)
        .filter(
            a ->
                a.getString("patientId").equals(accountId.toString())
                    && a.getString("ruleId").equals(ruleId))
        .map(a -> a.getString("id"))
        .findFirst()
        .orElse(null);
  }

  @Test
  @DisplayName(
      "A patient's journey moves their tags, RFM-Health and stage exactly as the seeded rules say; each step is in the timeline and each stage move is published and counted")
  void journey() throws Exception {
    CrmCodecs.register(app.app.vertx().eventBus());
    List<StageChanged> heard = new CopyOnWriteArrayList<>();
    MessageConsumer<StageChanged> consumer =
        app.app.vertx().eventBus().consumer(Addresses.STAGE_CHANGED, m -> heard.add(m.body()));
    consumer.completion().await();
    String email = "journey-" + run + "@example.org";

    // 1. The practice system's history: the patient (no visit yet: acquisition), then cleanings
    // 800,
    // 600 and 450 days ago and a check-up 300 days ago (none booked, none for 300 days: decline).
    imported(
        "patients",
        List.of(
            new JsonObject()
                .put("externalId", run + "-J")
                .put("name", "June Journey")
                .put("email", email)
                .put("birthDate", "1950-03-01")
                .put("region", "Xuhui")
                .put("clinicId", world.clinicId.toString())));
    UUID patient =
        UUID.fromString(
            app.get(
                    "/api/v1/staff/patients?identity=practice%7C" + run + "-J",
                    world.coordinator.token())
                .bodyAsJsonObject()
                .getJsonArray("patients")
                .getJsonObject(0)
                .getString("id"));
    assertThat(record(patient).getJsonObject("stage").getString("rule"))
        .isEqualTo("acquisition-no-visit-yet");
    imported(
        "visits",
        List.of(
            visit(800, "Cleaning", 90),
            visit(600, "Cleaning", 90),
            visit(450, "Cleaning", 90),
            visit(300, "Check-up", 60)));
    JsonObject imported = record(patient);
    assertThat(imported.getJsonObject("stage").getString("stage")).isEqualTo("decline");
    assertThat(imported.getJsonObject("stage").getString("rule")).isEqualTo("decline-no-visit");
    assertThat(tags(patient)).containsExactly("cleaning-frequency-falling", "senior");
    assertThat(
            imported.getJsonArray("tags").getJsonObject(0).getJsonArray("rules").stream()
                .map(r -> ((JsonObject) r).getString("rule")))
        .containsExactly("cleaning-fewer-than-last-year", "cleaning-overdue-for-habit");
    assertThat(scores(imported)).isEqualTo(Map.of("R", 3, "F", 3, "M", 2, "H", 1));

    // 2. Registers in the app with the same address: one patient, the history joined.
    HttpResponse<Buffer> registered =
        app.post(
            "/api/v1/auth/register",
            null,
            new JsonObject()
                .put("email", email)
                .put("password", "a long enough password")
                .put("name", "June Journey")
                .put("timeZone", CrmWorld.PARIS));
    assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(201);
    UUID account = UUID.fromString(registered.bodyAsJsonObject().getString("patientId"));
    String token = app.signIn(email, "a long enough password");
    CrmWorld.Patient june = new CrmWorld.Patient(account, token, email, "June Journey", null);
    awaitRecord(
        patient, r -> account.toString().equals(r.getJsonObject("profile").getString("accountId")));

    // 3. Books a check-up: something booked, no longer in decline.
    String appointment = world.book(june, 6).getString("id");
    await().atMost(STEP).until(() -> stage(patient).equals("growth"));
    assertThat(record(patient).getJsonObject("stage").getString("rule")).isEqualTo("otherwise");

    // 4. The visit is completed: four visits in two years, one this year, with the chain 800 days:
    // maturity.
    world.complete(appointment);
    await().atMost(STEP).until(() -> stage(patient).equals("maturity"));
    JsonObject visited = record(patient);
    assertThat(visited.getJsonObject("stage").getString("rule")).isEqualTo("maturity-regular");
    assertThat(scores(visited)).isEqualTo(Map.of("R", 5, "F", 4, "M", 2, "H", 1));

    // 5. On a periodontal plan, the brush reports plaque 2.6: a high alert opens; the health risk
    // rises.
    var plan =
        app.http
            .put("/api/v1/nurse/patients/" + account + "/care-plan")
            .bearerTokenAuthentication(world.nurse.token())
            .sendJsonObject(
                new JsonObject()
                    .put("plan", "periodontal")
                    .put("until", today.plusDays(30).toString()))
            .await();
    assertThat(plan.statusCode()).as(plan.bodyAsString()).isEqualTo(200);
    try (SimulatedBrush brush = world.fixture.pairedBrush(token, false)) {
      brush.send(AlertsWorld.session(brush, 130, 0, 85, 2.6));
      awaitRecord(patient, r -> tagsOf(r).contains("open-high-alert"));
    }
    // high alert 3 points + periodontal plan 2 = 5: risk cuts 1, 3 and 5 reached, H = 4
    assertThat(scores(record(patient))).isEqualTo(Map.of("R", 5, "F", 4, "M", 2, "H", 4));

    // 6. The nurse resolves the alert: the tag goes (its removal in the timeline), the plan alone
    // is 2 points: H = 2.
    String alert = openAlert(account, "plaque-high");
    assertThat(
            app.post(
                    "/api/v1/nurse/alerts/" + alert + "/resolve",
                    world.nurse.token(),
                    new JsonObject().put("note", "Went through interdental brushes."))
                .statusCode())
        .isEqualTo(200);
    awaitRecord(patient, r -> !tagsOf(r).contains("open-high-alert"));
    assertThat(scores(record(patient))).isEqualTo(Map.of("R", 5, "F", 4, "M", 2, "H", 2));

    // 7. A complaint after the visit.
    HttpResponse<Buffer> feedback =
        app.post(
            "/api/v1/appointments/" + appointment + "/feedback",
            token,
            new JsonObject()
                .put("rating", 1)
                .put("comment", "The cleaning hurt and nobody listened. I want my money back."));
    assertThat(feedback.bodyAsJsonObject().getString("sentiment")).isEqualTo("complaint");
    awaitRecord(patient, r -> tagsOf(r).contains("complaint"));

    JsonObject end = record(patient);
    assertThat(tags(patient)).containsExactly("cleaning-frequency-falling", "complaint", "senior");
    assertThat(
            end.getJsonObject("stage").getJsonArray("history").stream()
                .map(
                    s ->
                        ((JsonObject) s).getString("from")
                            + ">"
                            + ((JsonObject) s).getString("to")))
        .containsExactly(
            "growth>maturity", "decline>growth", "acquisition>decline", "null>acquisition");
    assertThat(timeline(patient).stream().map(e -> e.getString("kind") + tagOf(e)))
        .containsSubsequence(
            "tag_added:complaint",
            "feedback",
            "tag_removed:open-high-alert",
            "alert_resolved",
            "tag_added:open-high-alert",
            "alert_opened",
            "stage_changed",
            "appointment_completed",
            "stage_changed",
            "appointment_booked",
            "registered");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> heard.stream().filter(e -> e.patientId().equals(patient)).count() == 4);
    assertThat(
            heard.stream()
                .filter(e -> e.patientId().equals(patient))
                .map(e -> e.from().orElse("none") + ">" + e.to()))
        .containsExactly(
            "none>acquisition", "acquisition>decline", "decline>growth", "growth>maturity");
    assertThat(
            app.metric("careloop_crm_stage_transitions_total", "from=\"growth\",to=\"maturity\""))
        .isPositive();
    consumer.unregister().await();
  }

  @Test
  @DisplayName(
      "Plaque rising over ten days of brushing tags the patient perio-risk, with the rule and the plaque figures behind it, and raises their health risk")
  void brushingDecline() throws Exception {
    CrmWorld.Patient dana = world.patient("Dana Decline", null);
    world.book(dana, 7); // a patient of the nurse's clinic
    await().atMost(STEP).ignoreExceptions().until(() -> record(dana.id()) != null);
    int healthBefore = scores(record(dana.id())).get("H");
    Instant now = Instant.now();
    try (SimulatedBrush brush = world.fixture.pairedBrush(dana.token(), false)) {
      for (int day = 0; day < 10; day++) { // one session a day, the last five minutes ago
        Instant at = now.minus(Duration.ofDays(9 - day)).minus(Duration.ofMinutes(5));
        brushed(brush, at, 1.2 + 0.12 * day); // up to 2.28 on the tenth day
      }
      awaitRecord(dana.id(), r -> tagsOf(r).contains("perio-risk"));
    }

    JsonObject declined = record(dana.id());
    JsonObject tag =
        declined.getJsonArray("tags").stream()
            .map(JsonObject.class::cast)
            .filter(t -> t.getString("tag").equals("perio-risk"))
            .findFirst()
            .orElseThrow();
    assertThat(tag.getJsonArray("rules").stream().map(h -> ((JsonObject) h).getString("rule")))
        .as(tag.encode())
        .containsExactly("perio-risk-plaque");
    Map<String, Double> evidence =
        tag.getJsonArray("rules").getJsonObject(0).getJsonArray("evidence").stream()
            .map(JsonObject.class::cast)
            .collect(
                java.util.stream.Collectors.toMap(
                    e -> e.getString("fact"), e -> e.getDouble("value")));
    assertThat(evidence.get("plaque.mean[window=P28D]")).isBetween(1.5, 2.3);
    assertThat(evidence.get("plaque.trend[window=P28D]")).isGreaterThan(0.05);
    assertThat(scores(declined).get("H")).isGreaterThan(healthBefore);
    assertThat(timeline(dana.id()).stream().map(e -> e.getString("kind") + tagOf(e)))
        .contains("tag_added:perio-risk");
  }

  /**
   * A good session (130 s, 85 % coverage) at {@code at}, uploaded as the brush's backlog: a past
   * time without the flag reads as a skewed clock and is placed at its arrival.
   */
  private static void brushed(SimulatedBrush brush, Instant at, double plaque) throws Exception {
    JsonObject session =
        AlertsWorld.session(brush, at, 130, 0, 85, Math.round(plaque * 100) / 100.0);
    brush.sendAsync(session.put("backlog", true)).waitForCompletion(10_000);
  }

  private static List<String> tagsOf(JsonObject record) {
    return record.getJsonArray("tags").stream()
        .map(t -> ((JsonObject) t).getString("tag"))
        .toList();
  }

  private static String tagOf(JsonObject entry) {
    return entry.getString("kind").startsWith("tag_")
        ? ":" + entry.getJsonObject("data").getString("tag")
        : "";
  }
}
