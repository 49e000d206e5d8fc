package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Notification preferences on /api/v1/me: defaults, partial changes, and refusals that change
 * nothing.
 */
class NotificationPreferencesHttpIT {

  private final TestApp app = TestApp.get();

  private HttpResponse<Buffer> patch(String token, JsonObject body) {
    return app.http
        .patch("/api/v1/me")
        .bearerTokenAuthentication(token)
        .sendJsonObject(body)
        .await();
  }

  private JsonObject preferences(String token) {
    return app.get("/api/v1/me", token).bodyAsJsonObject().getJsonObject("notificationPreferences");
  }

  @Test
  @DisplayName(
      "A new patient has every kind on but marketing, quiet hours 21:00-08:00 and a 6-month recall")
  void defaults() {
    String patient = app.newPatient("Europe/Paris");

    assertThat(preferences(patient))
        .isEqualTo(
            new JsonObject()
                .put("appointment", true)
                .put("brushing", true)
                .put("careTips", true)
                .put("marketing", false)
                .put("recall", true)
                .put("quietHours", new JsonObject().put("start", "21:00").put("end", "08:00"))
                .put("recallIntervalMonths", 6));
  }

  @Test
  @DisplayName("A PATCH changes only the preferences it names, together with the profile")
  void partialChange() {
    String patient = app.newPatient("Europe/Paris");

    HttpResponse<Buffer> response =
        patch(
            patient,
            new JsonObject()
                .put("timeZone", "America/New_York")
                .put(
                    "notificationPreferences",
                    new JsonObject()
                        .put("brushing", false)
                        .put("marketing", true)
                        .put(
                            "quietHours",
                            new JsonObject().put("start", "22:30").put("end", "07:00"))
                        .put("recallIntervalMonths", 12)));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject expected =
        new JsonObject()
            .put("appointment", true)
            .put("brushing", false)
            .put("careTips", true)
            .put("marketing", true)
            .put("recall", true)
            .put("quietHours", new JsonObject().put("start", "22:30").put("end", "07:00"))
            .put("recallIntervalMonths", 12);
    assertThat(response.bodyAsJsonObject().getJsonObject("notificationPreferences"))
        .isEqualTo(expected);
    assertThat(response.bodyAsJsonObject().getString("timeZone")).isEqualTo("America/New_York");
    assertThat(preferences(patient)).isEqualTo(expected);
  }

  @Test
  @DisplayName(
      "Bad preferences are refused with 400 problem+json and change neither preferences nor profile")
  void badInputChangesNothing() {
    String patient = app.newPatient("Europe/Paris");
    patch(
        patient,
        new JsonObject().put("notificationPreferences", new JsonObject().put("recall", false)));
    JsonObject before = app.get("/api/v1/me", patient).bodyAsJsonObject();

    JsonObject[] bad = {
      new JsonObject()
          .put("name", "New Name")
          .put("notificationPreferences", new JsonObject().put("recallIntervalMonths", 2)),
      new JsonObject()
          .put("name", "New Name")
          .put("notificationPreferences", new JsonObject().put("recallIntervalMonths", 25)),
      new JsonObject()
          .put("name", "New Name")
          .put("notificationPreferences", new JsonObject().put("brushing", "no")),
      new JsonObject()
          .put("name", "New Name")
          .put(
              "notificationPreferences",
              new JsonObject()
                  .put("quietHours", new JsonObject().put("start", "25:00").put("end", "07:00"))),
      new JsonObject()
          .put("name", "New Name")
          .put(
              "notificationPreferences",
              new JsonObject().put("quietHours", new JsonObject().put("start", "22:00"))),
      new JsonObject()
          .put("name", "New Name")
          .put("notificationPreferences", new JsonObject().put("sms", true)),
      new JsonObject().put("name", "New Name").put("notificationPreferences", "off"),
      new JsonObject()
          .put("name", "New Name")
          .put("timeZone", "Mars/Olympus")
          .put("notificationPreferences", new JsonObject().put("appointment", false)),
    };
    for (JsonObject body : bad) {
      HttpResponse<Buffer> response = patch(patient, body);
      assertThat(response.statusCode()).as(body.encode()).isEqualTo(400);
      assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    }

    assertThat(app.get("/api/v1/me", patient).bodyAsJsonObject()).isEqualTo(before);
    assertThat(before.getJsonObject("notificationPreferences").getBoolean("recall")).isFalse();
  }
}
