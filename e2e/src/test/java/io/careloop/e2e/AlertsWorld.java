package io.careloop.e2e;

import static org.awaitility.Awaitility.await;

import io.careloop.alerts.plan.CarePlans;
import io.careloop.simulators.SimulatedBrush;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A clinic with nurses, and patients of it with a paired brush that publishes through the real
 * broker: what the alerts tests start from.
 */
final class AlertsWorld {

  /** A patient with a paired, connected brush. */
  record BrushingPatient(UUID id, String token, SimulatedBrush brush) {}

  final TestApp app;
  final ClinicFixture fixture;
  final JsonObject clinic;
  final UUID clinicId;

  AlertsWorld(TestApp app) {
    this.app = app;
    this.fixture = new ClinicFixture(app);
    this.clinic = fixture.clinic("Europe/Paris", 0, 0, 60);
    this.clinicId = UUID.fromString(clinic.getString("id"));
  }

  ClinicFixture.Account nurse() {
    return fixture.nurse(clinic);
  }

  /** A patient of the clinic with a brush of their own, connected to the broker. */
  BrushingPatient patient(boolean plaqueSensor) throws Exception {
    ClinicFixture.Account patient = fixture.patient();
    app.app.patients().membership().addPatient(clinicId, patient.id()).await();
    SimulatedBrush brush = fixture.pairedBrush(patient.token(), plaqueSensor);
    return new BrushingPatient(patient.id(), patient.token(), brush);
  }

  /**
   * A session brushed now with exactly these figures (zones share the time, pressure lasts a second
   * per event).
   */
  static JsonObject session(
      SimulatedBrush brush, int durationSec, int pressureEvents, int coveragePct, Double plaque) {
    return session(brush, Instant.now(), durationSec, pressureEvents, coveragePct, plaque);
  }

  static JsonObject session(
      SimulatedBrush brush,
      Instant at,
      int durationSec,
      int pressureEvents,
      int coveragePct,
      Double plaque) {
    JsonObject s = brush.brushAt(at);
    int zone = durationSec / 4;
    s.put("durationSec", durationSec)
        .put(
            "pressure",
            new JsonObject()
                .put("highEvents", pressureEvents)
                .put("highSec", Math.min(durationSec, pressureEvents)))
        .put(
            "zonesSec",
            new JsonObject().put("UL", zone).put("UR", zone).put("LL", zone).put("LR", zone))
        .put("coveragePct", coveragePct);
    if (plaque == null) {
      s.remove("plaqueIndex");
    } else {
      s.put("plaqueIndex", plaque);
    }
    return s;
  }

  /**
   * Publishes through the broker and waits until the alerts module was told the session is stored.
   */
  void publishAndWait(BrushingPatient p, JsonObject session) {
    p.brush().send(session);
    long id = session.getLong("sessionId");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                app.app
                    .alerts()
                    .lastSessionSeen(p.id())
                    .map(s -> s.sessionId() >= id)
                    .orElse(false));
  }

  HttpResponse<Buffer> putPlan(String token, UUID patientId, JsonObject body) {
    return app.http
        .put("/api/v1/nurse/patients/" + patientId + "/care-plan")
        .bearerTokenAuthentication(token)
        .sendJsonObject(body)
        .await();
  }

  JsonObject plan(String token, UUID patientId, String plan, JsonObject thresholds) {
    JsonObject body =
        new JsonObject()
            .put("plan", plan)
            .put("until", java.time.LocalDate.now().plusDays(90).toString());
    if (thresholds != null) {
      body.put("thresholds", thresholds);
    }
    HttpResponse<Buffer> response = putPlan(token, patientId, body);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "care plan: " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  /** The clinic's alerts as the nurse's list shows them. */
  JsonArray alerts(String token, String status) {
    HttpResponse<Buffer> response =
        app.get(
            "/api/v1/nurse/alerts?clinicId="
                + clinicId
                + (status == null ? "" : "&status=" + status),
            token);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "alerts: " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getJsonArray("alerts");
  }

  List<JsonObject> alertsOf(String token, UUID patientId, String ruleId, String status) {
    return alerts(token, status).stream()
        .map(o -> (JsonObject) o)
        .filter(
            a ->
                a.getString("patientId").equals(patientId.toString())
                    && a.getString("ruleId").equals(ruleId))
        .toList();
  }

  Optional<JsonObject> alertOf(String token, UUID patientId, String ruleId) {
    List<JsonObject> found = alertsOf(token, patientId, ruleId, null);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The notifications in an account's inbox, newest first. */
  JsonArray inbox(String token) {
    return app.get("/api/v1/me/notifications?limit=50", token)
        .bodyAsJsonObject()
        .getJsonArray("notifications");
  }

  void sweepPatient(UUID patientId, Instant at) {
    app.app.alerts().service().sweepPatient(patientId, at).await();
  }

  /** When the sweep judges a patient on a plan next (empty: at its next pass). */
  Optional<Instant> judgeAt(UUID patientId) {
    return app.app.alerts().plans().patientsOn(CarePlans.shardOf(patientId)).await().stream()
        .filter(listed -> listed.patientId().equals(patientId))
        .findFirst()
        .orElseThrow()
        .judgeAt();
  }
}
