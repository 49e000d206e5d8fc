package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.notifications.NotificationsProbe;
import io.careloop.notifications.bus.NotificationRequest;
import io.careloop.notifications.bus.NotifyClient;
import io.careloop.notifications.push.PushTokenRepository;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Push tokens and the inbox through the gateway: routes, validation and roles from openapi.yaml.
 */
class NotificationsHttpIT {

  private final TestApp app = TestApp.get();

  private UUID idOf(String accessToken) {
    return UUID.fromString(app.get("/api/v1/me", accessToken).bodyAsJsonObject().getString("id"));
  }

  private UUID notify(UUID recipient, String title) {
    return new NotifyClient(app.app.vertx().eventBus())
        .send(
            new NotificationRequest(
                recipient,
                "appointment",
                title,
                "Tomorrow 9:00 at Rue de Rivoli",
                "appt:" + UUID.randomUUID(),
                null,
                Duration.ofHours(2),
                Map.of("appointmentId", "a-1")))
        .await()
        .notificationId();
  }

  @Test
  @DisplayName("A patient registers a push token, registers it again harmlessly, and deletes it")
  void registerAndDeleteToken() {
    String patient = app.newPatient("Europe/Paris");
    UUID id = idOf(patient);
    String token = "fcm-" + UUID.randomUUID() + ":APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx";

    assertThat(
            app.post(
                    "/api/v1/me/push-tokens",
                    patient,
                    new JsonObject().put("token", token).put("platform", "android"))
                .statusCode())
        .isEqualTo(204);
    assertThat(
            app.post("/api/v1/me/push-tokens", patient, new JsonObject().put("token", token))
                .statusCode())
        .isEqualTo(204);
    assertThat(tokensOf(id))
        .extracting(PushTokenRepository.PushToken::token)
        .containsExactly(token);

    var deleted =
        app.delete(
            "/api/v1/me/push-tokens/" + URLEncoder.encode(token, StandardCharsets.UTF_8), patient);

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(tokensOf(id)).isEmpty();
  }

  @Test
  @DisplayName("A nurse may register a push token too")
  void nurseRegistersToken() {
    String email = "nurse-" + UUID.randomUUID() + "@careloop.test";
    app.app
        .patients()
        .accounts()
        .createStaff(
            email,
            "a long enough password",
            "Nurse Joy",
            io.careloop.platform.auth.Role.NURSE,
            java.util.Set.of(UUID.randomUUID()))
        .await();
    String nurse = app.signIn(email, "a long enough password");

    var response =
        app.post(
            "/api/v1/me/push-tokens",
            nurse,
            new JsonObject().put("token", "nurse-" + UUID.randomUUID()));

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(tokensOf(idOf(nurse))).hasSize(1);
  }

  @Test
  @DisplayName(
      "A token body that breaks the schema gets 400 problem+json and nothing is registered")
  void badTokenBody() {
    String patient = app.newPatient("UTC");

    var noToken =
        app.post("/api/v1/me/push-tokens", patient, new JsonObject().put("platform", "android"));
    var badPlatform =
        app.post(
            "/api/v1/me/push-tokens",
            patient,
            new JsonObject().put("token", "t-" + UUID.randomUUID()).put("platform", "symbian"));
    var spaces =
        app.post(
            "/api/v1/me/push-tokens", patient, new JsonObject().put("token", "has spaces in it"));

    assertThat(noToken.statusCode()).isEqualTo(400);
    assertThat(noToken.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(badPlatform.statusCode()).isEqualTo(400);
    assertThat(spaces.statusCode()).isEqualTo(400);
    assertThat(spaces.bodyAsJsonObject().getString("detail"))
        .contains("token must be an FCM registration token");
    assertThat(tokensOf(idOf(patient))).isEmpty();
  }

  @Test
  @DisplayName("The inbox lists my notifications newest first in pages, and marks one read")
  void inboxListPageAndRead() {
    String patient = app.newPatient("Europe/Paris");
    UUID me = idOf(patient);
    UUID first = notify(me, "First");
    UUID second = notify(me, "Second");
    UUID third = notify(me, "Third");

    var page1 = app.get("/api/v1/me/notifications?limit=2", patient).bodyAsJsonObject();
    var page2 =
        app.get(
                "/api/v1/me/notifications?limit=2&pageToken=" + page1.getString("nextPageToken"),
                patient)
            .bodyAsJsonObject();

    assertThat(ids(page1.getJsonArray("notifications")))
        .containsExactly(third.toString(), second.toString());
    assertThat(ids(page2.getJsonArray("notifications"))).containsExactly(first.toString());
    assertThat(page2.containsKey("nextPageToken")).isFalse();
    JsonObject newest = page1.getJsonArray("notifications").getJsonObject(0);
    assertThat(newest.getString("kind")).isEqualTo("appointment");
    assertThat(newest.getString("title")).isEqualTo("Third");
    assertThat(newest.getBoolean("read")).isFalse();
    assertThat(newest.getJsonObject("data"))
        .isEqualTo(new JsonObject().put("appointmentId", "a-1"));

    var read = app.post("/api/v1/me/notifications/" + second + "/read", patient, new JsonObject());

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getBoolean("read")).isTrue();
    JsonArray after =
        app.get("/api/v1/me/notifications", patient)
            .bodyAsJsonObject()
            .getJsonArray("notifications");
    assertThat(after.getJsonObject(1).getBoolean("read")).isTrue();
    assertThat(after.getJsonObject(0).getBoolean("read")).isFalse();
  }

  @Test
  @DisplayName("Another account's notification id answers 404, and that notification stays unread")
  void anothersNotificationIsNotFound() {
    String ada = app.newPatient("UTC");
    String bob = app.newPatient("UTC");
    UUID adas = notify(idOf(ada), "For Ada");

    var response = app.post("/api/v1/me/notifications/" + adas + "/read", bob, new JsonObject());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getString("type")).endsWith("/not-found");
    JsonObject adasEntry =
        app.get("/api/v1/me/notifications", ada)
            .bodyAsJsonObject()
            .getJsonArray("notifications")
            .getJsonObject(0);
    assertThat(adasEntry.getString("id")).isEqualTo(adas.toString());
    assertThat(adasEntry.getBoolean("read")).isFalse();
    assertThat(
            app.get("/api/v1/me/notifications", bob)
                .bodyAsJsonObject()
                .getJsonArray("notifications"))
        .isEmpty();
  }

  @Test
  @DisplayName("Without a token the inbox answers 401, and a garbled page token 400")
  void inboxErrors() {
    String patient = app.newPatient("UTC");
    notify(idOf(patient), "Kept");

    assertThat(app.get("/api/v1/me/notifications", null).statusCode()).isEqualTo(401);
    var garbled = app.get("/api/v1/me/notifications?pageToken=garbled", patient);
    assertThat(garbled.statusCode()).isEqualTo(400);
    assertThat(garbled.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(
            app.get("/api/v1/me/notifications", patient)
                .bodyAsJsonObject()
                .getJsonArray("notifications"))
        .hasSize(1);
  }

  private java.util.List<PushTokenRepository.PushToken> tokensOf(UUID account) {
    return new NotificationsProbe(app.app.notifications()).tokensOf(account);
  }

  private static java.util.List<String> ids(JsonArray notifications) {
    return notifications.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }
}
