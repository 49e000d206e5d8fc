package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.ingest.session.BrushingSession;
import io.careloop.ingest.session.SessionPayloadParser;
import io.careloop.ingest.status.DeviceStatus;
import io.careloop.ingest.testing.TestBrush;
import io.careloop.ingest.testing.TestBrushIds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DevicesIT {

  private final TestApp app = TestApp.get();

  /** A brush registered by the admin and paired through the app by a new patient. */
  private record PairedBrush(String deviceId, String patientToken, UUID owner) {}

  private PairedBrush pairedBrush() {
    String deviceId = TestBrushIds.random();
    String code =
        app.post(
                "/api/v1/admin/devices",
                app.adminToken(),
                new JsonObject().put("deviceId", deviceId).put("model", "CL-100"))
            .bodyAsJsonObject()
            .getString("pairingCode");
    String patient = app.newPatient("UTC");
    assertThat(
            app.post("/api/v1/me/devices", patient, new JsonObject().put("pairingCode", code))
                .statusCode())
        .isEqualTo(201);
    return new PairedBrush(
        deviceId,
        patient,
        UUID.fromString(app.get("/api/v1/me", patient).bodyAsJsonObject().getString("id")));
  }

  @Test
  @DisplayName("Guessing pairing codes is cut off with 429 and Retry-After, and pairs nothing")
  void pairingGuessesAreLimited() {
    String patient = app.newPatient("UTC");
    int lastStatus = 0;
    for (int i = 0; i < 11; i++) {
      lastStatus =
          app.post("/api/v1/me/devices", patient, new JsonObject().put("pairingCode", "GUESS-" + i))
              .statusCode();
    }

    var limited =
        app.post("/api/v1/me/devices", patient, new JsonObject().put("pairingCode", "GUESS-X"));
    assertThat(lastStatus).isEqualTo(429);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.getHeader("Retry-After")).isNotBlank();
    assertThat(limited.bodyAsJsonObject().getString("type")).endsWith("/rate-limited");
    assertThat(app.get("/api/v1/me/devices", patient).bodyAsJsonObject().getJsonArray("devices"))
        .isEmpty();
  }

  @Test
  @DisplayName("A patient pairs, lists and unpairs a brush; revoking it is an admin's job")
  void pairListUnpair() {
    String deviceId = TestBrushIds.random();
    String admin = app.adminToken();
    String code =
        app.post(
                "/api/v1/admin/devices",
                admin,
                new JsonObject().put("deviceId", deviceId).put("model", "CL-100"))
            .bodyAsJsonObject()
            .getString("pairingCode");
    String patient = app.newPatient("UTC");

    assertThat(
            app.post("/api/v1/me/devices", patient, new JsonObject().put("pairingCode", code))
                .statusCode())
        .isEqualTo(201);
    assertThat(
            app.get("/api/v1/me/devices", patient)
                .bodyAsJsonObject()
                .getJsonArray("devices")
                .getJsonObject(0)
                .getString("deviceId"))
        .isEqualTo(deviceId);
    assertThat(
            app.post("/api/v1/admin/devices/" + deviceId + "/revoke", patient, new JsonObject())
                .statusCode())
        .isEqualTo(403);

    assertThat(app.delete("/api/v1/me/devices/" + deviceId, patient).statusCode()).isEqualTo(204);
    assertThat(app.get("/api/v1/me/devices", patient).bodyAsJsonObject().getJsonArray("devices"))
        .isEmpty();
    assertThat(
            app.post("/api/v1/admin/devices/" + deviceId + "/revoke", admin, new JsonObject())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "Every change an admin makes to a brush leaves an audit row naming the admin; refused attempts leave none")
  void adminChangesAreAudited() {
    String deviceId = TestBrushIds.random();
    String admin = app.adminToken();
    UUID adminId = UUID.fromString(app.get("/api/v1/me", admin).bodyAsJsonObject().getString("id"));
    String patient = app.newPatient("UTC");

    assertThat(
            app.post(
                    "/api/v1/admin/devices",
                    admin,
                    new JsonObject().put("deviceId", deviceId).put("model", "CL-100"))
                .statusCode())
        .isEqualTo(201);
    assertThat(
            app.post("/api/v1/admin/devices/" + deviceId + "/pairing-code", admin, new JsonObject())
                .statusCode())
        .isEqualTo(201);
    assertThat(
            app.post("/api/v1/admin/devices/" + deviceId + "/credential", admin, new JsonObject())
                .statusCode())
        .isEqualTo(200);
    assertThat(
            app.post("/api/v1/admin/devices/" + deviceId + "/revoke", patient, new JsonObject())
                .statusCode())
        .isEqualTo(403);
    assertThat(
            app.post("/api/v1/admin/devices/" + deviceId + "/revoke", admin, new JsonObject())
                .statusCode())
        .isEqualTo(200);

    var audit = app.app.ingest().audit().of(deviceId).await();
    assertThat(audit)
        .extracting(e -> e.action())
        .containsExactly("revoked", "credential-rotated", "pairing-code-issued", "registered");
    assertThat(audit).allSatisfy(e -> assertThat(e.actorId()).isEqualTo(adminId));
  }

  @Test
  @DisplayName(
      "History pages follow each other without from and to: the next page continues the first page's range")
  void historyPagesWithDefaultRange() throws Exception {
    PairedBrush paired = pairedBrush();
    String deviceId = paired.deviceId();
    String patient = paired.patientToken();
    UUID owner = paired.owner();
    Instant start = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
    SessionPayloadParser parser = new SessionPayloadParser();
    for (int i = 1; i <= 7; i++) {
      byte[] payload =
          TestBrush.payload(deviceId, i, start.plus(Duration.ofHours(5L * i)))
              .put("backlog", true)
              .encode()
              .getBytes(StandardCharsets.UTF_8);
      BrushingSession session =
          ((SessionPayloadParser.Accepted)
                  parser.parse(
                      "careloop/v1/devices/" + deviceId + "/sessions", payload, Instant.now()))
              .session();
      app.app.ingest().sessions().store(session, owner).await();
    }

    List<Long> listed = new ArrayList<>();
    String token = null;
    do {
      Thread.sleep(1_100); // "now", the default end of the range, moves between an app's pages
      var page =
          app.get(
              "/api/v1/me/brushing/sessions?limit=3" + (token == null ? "" : "&pageToken=" + token),
              patient);
      assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
      JsonArray sessions = page.bodyAsJsonObject().getJsonArray("sessions");
      sessions.forEach(s -> listed.add(((JsonObject) s).getLong("sessionId")));
      token = page.bodyAsJsonObject().getString("nextPageToken");
    } while (token != null && listed.size() < 20);

    assertThat(listed).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
  }

  @Test
  @DisplayName(
      "History and daily ranges are bounded: a longer range, or a forged page token carrying one, is a 400")
  void rangesAreBounded() {
    String patient = app.newPatient("UTC");

    var ages =
        app.get(
            "/api/v1/me/brushing/sessions?from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z",
            patient);
    assertThat(ages.statusCode()).as(ages.bodyAsString()).isEqualTo(400);
    String forged =
        java.util.Base64.getUrlEncoder()
            .encodeToString(
                new JsonObject()
                    .put("m", "2026-01")
                    .put("f", Long.MIN_VALUE)
                    .put("t", 1767225600000L)
                    .encode()
                    .getBytes(StandardCharsets.UTF_8));
    var forgedPage = app.get("/api/v1/me/brushing/sessions?pageToken=" + forged, patient);
    assertThat(forgedPage.statusCode()).as(forgedPage.bodyAsString()).isEqualTo(400);
    assertThat(
            app.get(
                    "/api/v1/me/brushing/sessions?from=2025-12-01T00:00:00Z&to=2026-12-01T00:00:00Z",
                    patient)
                .statusCode())
        .isEqualTo(200);

    assertThat(
            app.get("/api/v1/me/brushing/daily?from=2026-01-01&to=2027-01-01", patient)
                .bodyAsJsonObject()
                .getJsonArray("days"))
        .hasSize(366);
    assertThat(
            app.get("/api/v1/me/brushing/daily?from=2026-01-01&to=2027-01-02", patient)
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  @DisplayName(
      "The default history shows a session just brushed by a brush whose clock runs a few minutes ahead")
  void defaultHistoryIncludesAClockAhead() {
    PairedBrush paired = pairedBrush();
    String deviceId = paired.deviceId();
    String patient = paired.patientToken();
    UUID owner = paired.owner();
    byte[] payload =
        TestBrush.payload(
                deviceId,
                1,
                Instant.now().plus(Duration.ofMinutes(8)).truncatedTo(ChronoUnit.SECONDS))
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    BrushingSession session =
        ((SessionPayloadParser.Accepted)
                new SessionPayloadParser()
                    .parse("careloop/v1/devices/" + deviceId + "/sessions", payload, Instant.now()))
            .session();
    assertThat(session.placedAt())
        .as("placed by the brush's clock, 8 minutes ahead")
        .isAfter(Instant.now());
    app.app.ingest().sessions().store(session, owner).await();

    assertThat(
            app.get("/api/v1/me/brushing/sessions", patient)
                .bodyAsJsonObject()
                .getJsonArray("sessions"))
        .extracting(s -> ((JsonObject) s).getLong("sessionId"))
        .containsExactly(1L);
  }

  @Test
  @DisplayName(
      "A brush's status is shown only for the time since it was paired to me, and a revoked brush says so")
  void statusBelongsToThePairing() {
    PairedBrush anna = pairedBrush();
    app.app
        .ingest()
        .statuses()
        .store(
            new DeviceStatus(
                anna.deviceId(), true, 81, "3.4.1", 7200, Instant.now(), Instant.now()))
        .await();
    assertThat(
            devicesOf(anna.patientToken())
                .getJsonObject(0)
                .getJsonObject("status")
                .getInteger("batteryPct"))
        .isEqualTo(81);

    assertThat(
            app.delete("/api/v1/me/devices/" + anna.deviceId(), anna.patientToken()).statusCode())
        .isEqualTo(204);
    String code =
        app.post(
                "/api/v1/admin/devices/" + anna.deviceId() + "/pairing-code",
                app.adminToken(),
                new JsonObject())
            .bodyAsJsonObject()
            .getString("pairingCode");
    String ben = app.newPatient("UTC");
    assertThat(
            app.post("/api/v1/me/devices", ben, new JsonObject().put("pairingCode", code))
                .statusCode())
        .isEqualTo(201);
    JsonObject bens = devicesOf(ben).getJsonObject(0);
    assertThat(bens.getString("deviceId")).isEqualTo(anna.deviceId());
    assertThat(bens.containsKey("status"))
        .as("what the brush reported for Anna is not Ben's")
        .isFalse();

    assertThat(
            app.post(
                    "/api/v1/admin/devices/" + anna.deviceId() + "/revoke",
                    app.adminToken(),
                    new JsonObject())
                .statusCode())
        .isEqualTo(200);
    JsonObject revoked = devicesOf(ben).getJsonObject(0);
    assertThat(revoked.getBoolean("revoked")).isTrue();
    assertThat(revoked.containsKey("status")).isFalse();
  }

  private JsonArray devicesOf(String patientToken) {
    var listed = app.get("/api/v1/me/devices", patientToken);
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(200);
    return listed.bodyAsJsonObject().getJsonArray("devices");
  }
}
