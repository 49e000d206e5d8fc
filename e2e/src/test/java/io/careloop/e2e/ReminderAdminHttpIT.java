package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The admin side of reminders through the gateway: a clinic's offsets and care journeys. */
class ReminderAdminHttpIT {

  private final TestApp app = TestApp.get();

  /**
   * Signed in through the service, not over HTTP: the sign-in rate limit per e-mail is shared by
   * every test of the JVM that signs in as the admin.
   */
  private String admin() {
    return app.app
        .patients()
        .accounts()
        .login(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD)
        .await()
        .accessToken();
  }

  private HttpResponse<Buffer> put(String path, String token, JsonObject body) {
    return app.http.put(path).bearerTokenAuthentication(token).sendJsonObject(body).await();
  }

  private String newClinic(String admin) {
    HttpResponse<Buffer> created =
        app.post(
            "/api/v1/admin/clinics",
            admin,
            new JsonObject()
                .put("name", "Clinic " + UUID.randomUUID())
                .put("address", "1 Main Street")
                .put("timeZone", "Europe/Paris"));
    assertThat(created.statusCode()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  @Test
  @DisplayName(
      "An admin sets a clinic's reminder offsets; bad ones are 400 and change nothing; a patient may not")
  void clinicOffsets() {
    String admin = admin();
    String clinic = newClinic(admin);
    String path = "/api/v1/admin/clinics/" + clinic + "/reminder-settings";

    assertThat(app.get(path, admin).bodyAsJsonObject().getJsonArray("appointmentOffsetsMinutes"))
        .isEqualTo(new JsonArray().add(4320).add(1440).add(120));
    HttpResponse<Buffer> set =
        put(
            path,
            admin,
            new JsonObject().put("appointmentOffsetsMinutes", new JsonArray().add(60).add(2880)));
    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(set.bodyAsJsonObject().getJsonArray("appointmentOffsetsMinutes"))
        .isEqualTo(new JsonArray().add(2880).add(60));

    for (JsonArray bad :
        new JsonArray[] {
          new JsonArray(),
          new JsonArray().add(5),
          new JsonArray().add(60).add(60),
          new JsonArray().add(50000),
          new JsonArray().add("soon")
        }) {
      HttpResponse<Buffer> refused =
          put(path, admin, new JsonObject().put("appointmentOffsetsMinutes", bad));
      assertThat(refused.statusCode()).as(bad.encode()).isEqualTo(400);
      assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
    }
    assertThat(
            put(
                    path,
                    app.newPatient("Europe/Paris"),
                    new JsonObject().put("appointmentOffsetsMinutes", new JsonArray().add(60)))
                .statusCode())
        .isEqualTo(403);
    assertThat(app.get(path, admin).bodyAsJsonObject().getJsonArray("appointmentOffsetsMinutes"))
        .isEqualTo(new JsonArray().add(2880).add(60));
    assertThat(
            put(
                    "/api/v1/admin/clinics/" + UUID.randomUUID() + "/reminder-settings",
                    admin,
                    new JsonObject().put("appointmentOffsetsMinutes", new JsonArray().add(60)))
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  @DisplayName(
      "Care journeys are data: the seeded one is listed, an admin adds one, a bad one is 400 and adds nothing")
  void careJourneys() {
    String admin = admin();
    JsonArray before =
        app.get("/api/v1/admin/care-journeys", admin).bodyAsJsonObject().getJsonArray("journeys");
    assertThat(before.stream().map(j -> ((JsonObject) j).getString("name")))
        .contains("After a cleaning: oral care at home");

    HttpResponse<Buffer> bad =
        app.post(
            "/api/v1/admin/care-journeys",
            admin,
            new JsonObject()
                .put("name", "x")
                .put("trigger", "appointment.completed")
                .put("delayDays", -1)
                .put("title", "t")
                .put("body", "b"));
    HttpResponse<Buffer> unknownTrigger =
        app.post(
            "/api/v1/admin/care-journeys",
            admin,
            new JsonObject()
                .put("name", "x")
                .put("trigger", "tweet")
                .put("delayDays", 1)
                .put("title", "t")
                .put("body", "b"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(unknownTrigger.statusCode()).isEqualTo(400);
    assertThat(
            app.get("/api/v1/admin/care-journeys", admin)
                .bodyAsJsonObject()
                .getJsonArray("journeys"))
        .hasSize(before.size());

    HttpResponse<Buffer> created =
        app.post(
            "/api/v1/admin/care-journeys",
            admin,
            new JsonObject()
                .put("name", "Implant aftercare")
                .put("trigger", "appointment.completed")
                .put("serviceName", "implant consultation")
                .put("delayDays", 2)
                .put("localTime", "18:00")
                .put("title", "Healing well?")
                .put("body", "Two days after your implant consultation: what to expect.")
                .put("data", new JsonObject().put("article", "implant-aftercare")));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("condition")).isEqualTo("none");
    assertThat(
            app.get("/api/v1/admin/care-journeys", admin)
                .bodyAsJsonObject()
                .getJsonArray("journeys"))
        .hasSize(before.size() + 1);
    assertThat(app.get("/api/v1/admin/care-journeys", app.newPatient("Europe/Paris")).statusCode())
        .isEqualTo(403);
  }
}
