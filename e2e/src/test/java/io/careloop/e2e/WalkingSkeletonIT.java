package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.ingest.testing.TestBrushIds;
import io.careloop.simulators.SimulatedBrush;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WalkingSkeletonIT {

  private final TestApp app = TestApp.get();

  @Test
  @DisplayName(
      "A session brushed on a paired brush is read back through the gateway with the same values")
  void sessionTravelsFromBrushToApp() throws Exception {
    // An admin registers a brush: credential and pairing code.
    String deviceId = TestBrushIds.random();
    var registered =
        app.post(
            "/api/v1/admin/devices",
            app.adminToken(),
            new JsonObject().put("deviceId", deviceId).put("model", "CL-100"));
    assertThat(registered.statusCode()).isEqualTo(201);
    String credential = registered.bodyAsJsonObject().getString("credential");
    String pairingCode = registered.bodyAsJsonObject().getString("pairingCode");

    // A patient registers, signs in and pairs the brush.
    String patient = app.newPatient("Europe/Paris");
    var paired =
        app.post("/api/v1/me/devices", patient, new JsonObject().put("pairingCode", pairingCode));
    assertThat(paired.statusCode()).isEqualTo(201);
    assertThat(paired.bodyAsJsonObject().getString("deviceId")).isEqualTo(deviceId);

    // The brush connects with its credential and publishes a session exactly as the contract says.
    JsonObject sent;
    try (SimulatedBrush brush =
        new SimulatedBrush(app.mqttUri, deviceId, credential, Clock.systemUTC(), 7, true)) {
      brush.connect();
      sent = brush.brush();
      brush.send(sent);
      assertThat(brush.backlogSize())
          .as("the broker's PUBACK came, so the brush deleted the session")
          .isZero();
    }

    // Ingest stores it, then acknowledges it to the broker; the app reads it back.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        app.get("/api/v1/me/brushing/sessions", patient)
                            .bodyAsJsonObject()
                            .getJsonArray("sessions"))
                    .hasSize(1));
    var history = app.get("/api/v1/me/brushing/sessions", patient);
    assertThat(history.statusCode()).isEqualTo(200);
    JsonArray sessions = history.bodyAsJsonObject().getJsonArray("sessions");
    JsonObject got = sessions.getJsonObject(0);
    for (String field :
        new String[] {
          "deviceId",
          "sessionId",
          "durationSec",
          "mode",
          "pressure",
          "zonesSec",
          "coveragePct",
          "plaqueIndex",
          "backlog"
        }) {
      assertThat(io.vertx.core.json.Json.encode(got.getValue(field)))
          .as(field)
          .isEqualTo(io.vertx.core.json.Json.encode(sent.getValue(field)));
    }
    assertThat(java.time.Instant.parse(got.getString("startedAt")))
        .isEqualTo(java.time.Instant.parse(sent.getString("startedAt")));

    // The daily view counts it on today's date in the patient's time zone.
    LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
    var daily = app.get("/api/v1/me/brushing/daily?from=" + today + "&to=" + today, patient);
    assertThat(daily.statusCode()).isEqualTo(200);
    assertThat(
            daily.bodyAsJsonObject().getJsonArray("days").getJsonObject(0).getInteger("sessions"))
        .isEqualTo(1);

    // The stored session reached the alerts module.
    UUID patientId =
        UUID.fromString(app.get("/api/v1/me", patient).bodyAsJsonObject().getString("id"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(app.app.alerts().lastSessionSeen(patientId))
                    .hasValueSatisfying(
                        last -> assertThat(last.sessionId()).isEqualTo(sent.getLong("sessionId"))));
  }
}
