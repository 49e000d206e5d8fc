package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the console asks of the alerts module beyond the nurse app: names, a poll, one patient. */
class NurseWorklistApiIT {

  private final TestApp app = TestApp.get();
  private final AlertsWorld world = new AlertsWorld(app);
  private final ClinicFixture.Account nurse = world.nurse();

  private String version() {
    var response = app.get("/api/v1/nurse/alerts-version", nurse.token());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("version");
  }

  @Test
  @DisplayName(
      "The worklist's fingerprint changes when an alert opens, is acknowledged and resolved, and is no audited read")
  void versionFollowsTheList() throws Exception {
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      world.plan(nurse.token(), p.id(), "post_surgery", null);
      String empty = version();
      int readsBefore = app.app.alerts().reads().thisMonth(p.id()).await().size();
      assertThat(version()).as("asking again changes nothing").isEqualTo(empty);
      assertThat(app.app.alerts().reads().thisMonth(p.id()).await()).hasSize(readsBefore);

      world.publishAndWait(p, AlertsWorld.session(brush, 120, 4, 90, null));
      await().atMost(Duration.ofSeconds(20)).until(() -> !version().equals(empty));
      String opened = version();
      JsonObject alert = world.alertOf(nurse.token(), p.id(), "too-much-pressure").orElseThrow();
      assertThat(alert.getString("patientName")).isEqualTo("Patient 0");

      app.post(
          "/api/v1/nurse/alerts/" + alert.getString("id") + "/ack",
          nurse.token(),
          new JsonObject());
      String acknowledged = version();
      assertThat(acknowledged).isNotEqualTo(opened);
      app.post(
          "/api/v1/nurse/alerts/" + alert.getString("id") + "/resolve",
          nurse.token(),
          new JsonObject().put("note", "done"));
      assertThat(version()).isNotIn(opened, acknowledged).isEqualTo(empty);

      JsonObject ofPatient =
          app.get("/api/v1/nurse/patients/" + p.id() + "/alerts", nurse.token()).bodyAsJsonObject();
      assertThat(ofPatient.getString("patientName")).isEqualTo("Patient 0");
      assertThat(ofPatient.getJsonArray("alerts")).hasSize(1);
      assertThat(ofPatient.getJsonArray("alerts").getJsonObject(0).getString("status"))
          .isEqualTo("resolved");
      assertThat(app.app.alerts().reads().thisMonth(p.id()).await())
          .anySatisfy(r -> assertThat(r.what()).isEqualTo("alerts of the patient"));
    }
  }

  @Test
  @DisplayName("A refused threshold and end are named by pointer, and the plan stays as it was")
  void refusalsNameTheirFields() throws Exception {
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      JsonObject plan = world.plan(nurse.token(), p.id(), "standard", null);
      var refused =
          world.putPlan(
              nurse.token(),
              p.id(),
              new JsonObject()
                  .put("plan", "standard")
                  .put("until", "2020-01-01")
                  .put("thresholds", new JsonObject().put("meanDays", 0)));
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(
              refused
                  .bodyAsJsonObject()
                  .getJsonArray("errors")
                  .getJsonObject(0)
                  .getString("pointer"))
          .isEqualTo("#/until");
      var threshold =
          world.putPlan(
              nurse.token(),
              p.id(),
              new JsonObject()
                  .put("plan", "standard")
                  .put("until", java.time.LocalDate.now().plusDays(30).toString())
                  .put("thresholds", new JsonObject().put("meanDays", 0).put("absenceHours", 24)));
      assertThat(threshold.statusCode()).isEqualTo(400);
      assertThat(threshold.bodyAsJsonObject().getJsonArray("errors"))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(((JsonObject) e).getString("pointer"))
                      .isEqualTo("#/thresholds/meanDays"));
      assertThat(
              app.get("/api/v1/nurse/patients/" + p.id() + "/care-plan", nurse.token())
                  .bodyAsJsonObject())
          .isEqualTo(plan);
    }
  }

  private io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> sessionsOf(
      String token, UUID patientId, String date) {
    return app.get(
        "/api/v1/nurse/patients/" + patientId + "/brushing/sessions?date=" + date, token);
  }

  @Test
  @DisplayName(
      "A patient's sessions of one day of the patient's calendar, oldest first; another clinic's nurse gets 404")
  void sessionsOfADay() throws Exception {
    AlertsWorld.BrushingPatient p = world.patient(false);
    ZoneId paris = ZoneId.of("Europe/Paris");
    try (var brush = p.brush()) {
      Instant now = Instant.now();
      JsonObject earlier = AlertsWorld.session(brush, now.minusSeconds(1800), 120, 0, 90, null);
      JsonObject later = AlertsWorld.session(brush, now.minusSeconds(600), 150, 2, 80, null);
      world.publishAndWait(p, earlier);
      world.publishAndWait(p, later);
      LocalDate day = LocalDate.ofInstant(now.minusSeconds(600), paris);
      List<Long> expected = // just after midnight the earlier one is yesterday's
          List.of(earlier, later).stream()
              .filter(
                  s ->
                      LocalDate.ofInstant(Instant.parse(s.getString("startedAt")), paris)
                          .equals(day))
              .map(s -> s.getLong("sessionId"))
              .toList();

      var response = sessionsOf(nurse.token(), p.id(), day.toString());
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      JsonObject body = response.bodyAsJsonObject();
      assertThat(body.getString("timeZone")).isEqualTo("Europe/Paris");
      JsonArray sessions = body.getJsonArray("sessions");
      assertThat(sessions.stream().map(s -> ((JsonObject) s).getLong("sessionId")))
          .containsExactlyElementsOf(expected);
      assertThat(
              sessions
                  .getJsonObject(sessions.size() - 1)
                  .getJsonObject("pressure")
                  .getInteger("highEvents"))
          .isEqualTo(2);
      assertThat(
              sessionsOf(nurse.token(), p.id(), day.plusDays(1).toString())
                  .bodyAsJsonObject()
                  .getJsonArray("sessions"))
          .isEmpty();
      assertThat(app.app.alerts().reads().thisMonth(p.id()).await())
          .anySatisfy(r -> assertThat(r.what()).isEqualTo("sessions of " + day));

      ClinicFixture.Account stranger =
          world.fixture.nurse(world.fixture.clinic("Europe/Paris", 0, 0, 60));
      assertThat(sessionsOf(stranger.token(), p.id(), day.toString()).statusCode()).isEqualTo(404);
      assertThat(sessionsOf(nurse.token(), p.id(), "yesterday").statusCode()).isEqualTo(400);
    }
  }
}
