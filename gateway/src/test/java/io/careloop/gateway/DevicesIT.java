package io.careloop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.ingest.testing.TestBrushIds;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DevicesIT {

  private final TestApp app = TestApp.get();

  @Test
  @DisplayName("Guessing pairing codes is cut off with 429 and Retry-After, and pairs nothing")
  void pairingGuessesAreLimited() {
    String patient = app.newPatient("UTC");
    int lastStatus = 0;
    for (int i = 0; i < 11; i++) {
      lastStatus = app.post("/api/v1/me/devices", patient, new JsonObject().put("pairingCode", "GUESS-" + i)).statusCode();
    }

    var limited = app.post("/api/v1/me/devices", patient, new JsonObject().put("pairingCode", "GUESS-X"));
    assertThat(lastStatus).isEqualTo(429);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.getHeader("Retry-After")).isNotBlank();
    assertThat(limited.bodyAsJsonObject().getString("type")).endsWith("/rate-limited");
    assertThat(app.get("/api/v1/me/devices", patient).bodyAsJsonObject().getJsonArray("devices")).isEmpty();
  }

  @Test
  @DisplayName("A patient pairs, lists and unpairs a brush; revoking it is an admin's job")
  void pairListUnpair() {
    String deviceId = TestBrushIds.random();
    String admin = app.adminToken();
    String code = app.post("/api/v1/admin/devices", admin, new JsonObject().put("deviceId", deviceId).put("model", "CL-100"))
        .bodyAsJsonObject().getString("pairingCode");
    String patient = app.newPatient("UTC");

    assertThat(app.post("/api/v1/me/devices", patient, new JsonObject().put("pairingCode", code)).statusCode()).isEqualTo(201);
    assertThat(app.get("/api/v1/me/devices", patient).bodyAsJsonObject().getJsonArray("devices").getJsonObject(0)
        .getString("deviceId")).isEqualTo(deviceId);
    assertThat(app.post("/api/v1/admin/devices/" + deviceId + "/revoke", patient, new JsonObject()).statusCode())
        .isEqualTo(403);

    assertThat(app.http.delete("/api/v1/me/devices/" + deviceId).bearerTokenAuthentication(patient).send().await()
        .statusCode()).isEqualTo(204);
    assertThat(app.get("/api/v1/me/devices", patient).bodyAsJsonObject().getJsonArray("devices")).isEmpty();
    assertThat(app.post("/api/v1/admin/devices/" + deviceId + "/revoke", admin, new JsonObject()).statusCode())
        .isEqualTo(200);
  }
}
