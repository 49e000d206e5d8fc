package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.ingest.testing.TestBrushIds;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The admin's reads of what admins set up: brushes registered in a month, staff accounts, and a
 * clinic's hours and closures. Admin only (a nurse is refused); bad query parameters are
 * problem+json; no secret is ever listed.
 */
class AdminListsIT {

  private final TestApp app = TestApp.get();
  private final ClinicFixture fixture = new ClinicFixture(app);
  private final YearMonth started = YearMonth.now(ZoneOffset.UTC);

  private JsonObject ok(String path) {
    HttpResponse<Buffer> response = app.get(path, app.adminToken());
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
  }

  private static Optional<JsonObject> named(JsonArray list, String key, String value) {
    return list.stream()
        .map(JsonObject.class::cast)
        .filter(o -> value.equals(o.getString(key)))
        .findFirst();
  }

  /** The brush as listed in its month: the month of the test's start, or the next at midnight. */
  private Optional<JsonObject> listedBrush(String deviceId) {
    for (YearMonth month : List.of(started, YearMonth.now(ZoneOffset.UTC))) {
      Optional<JsonObject> found =
          named(
              ok("/api/v1/admin/devices?month=" + month).getJsonArray("devices"),
              "deviceId",
              deviceId);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  @Test
  @DisplayName(
      "A registered brush is listed in its month, unpaired; paired, then revoked, the list says so; no secret shows")
  void brushes() {
    String deviceId = TestBrushIds.random();
    JsonObject registered =
        fixture.created(
            "/api/v1/admin/devices",
            new JsonObject().put("deviceId", deviceId).put("model", "CL-200"));
    JsonObject brush = listedBrush(deviceId).orElseThrow();
    assertThat(brush.getString("model")).isEqualTo("CL-200");
    assertThat(brush.getBoolean("paired")).isFalse();
    assertThat(brush.getBoolean("revoked")).isFalse();
    assertThat(brush.encode())
        .doesNotContain(registered.getString("credential"))
        .doesNotContain(registered.getString("pairingCode"));

    var paired =
        app.post(
            "/api/v1/me/devices",
            fixture.patient().token(),
            new JsonObject().put("pairingCode", registered.getString("pairingCode")));
    assertThat(paired.statusCode()).isEqualTo(201);
    assertThat(listedBrush(deviceId).orElseThrow().getBoolean("paired")).isTrue();

    app.post("/api/v1/admin/devices/" + deviceId + "/revoke", app.adminToken(), new JsonObject());
    assertThat(listedBrush(deviceId).orElseThrow().getBoolean("revoked")).isTrue();
  }

  @Test
  @DisplayName("The brush list is for admins; a month that is no month is a problem")
  void brushListRefusals() {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 60);
    assertProblem(app.get("/api/v1/admin/devices", fixture.nurse(clinic).token()), 403);
    assertProblem(app.get("/api/v1/admin/devices?month=2026-13", app.adminToken()), 400);
    assertProblem(app.get("/api/v1/admin/devices?month=last", app.adminToken()), 400);
    assertProblem(app.get("/api/v1/admin/devices?limit=0", app.adminToken()), 400);
  }

  @Test
  @DisplayName(
      "A staff account is listed with its role and clinics, under its clinic and not another's; no password shows")
  void staff() {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 60);
    JsonObject other = fixture.clinic("Europe/Paris", 0, 0, 60);
    ClinicFixture.StaffLogin nurse = fixture.staffLogin("nurse", clinic);

    JsonObject listed =
        named(
                ok("/api/v1/admin/staff?clinicId=" + clinic.getString("id")).getJsonArray("staff"),
                "email",
                nurse.email())
            .orElseThrow();
    assertThat(listed.getString("accountId")).isEqualTo(nurse.id().toString());
    assertThat(listed.getString("role")).isEqualTo("nurse");
    assertThat(listed.getJsonArray("clinicIds")).containsExactly(clinic.getString("id"));
    assertThat(listed.encode()).doesNotContain(nurse.password()).doesNotContainIgnoringCase("hash");
    assertThat(
            named(
                ok("/api/v1/admin/staff?clinicId=" + other.getString("id")).getJsonArray("staff"),
                "email",
                nurse.email()))
        .isEmpty();
    assertThat(named(ok("/api/v1/admin/staff").getJsonArray("staff"), "email", nurse.email()))
        .isPresent();
  }

  @Test
  @DisplayName("A staff member who changes their name is listed under the new one")
  void staffRenamed() {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 60);
    ClinicFixture.StaffLogin coordinator = fixture.staffLogin("coordinator", clinic);

    assertThat(
            app.http
                .patch("/api/v1/me")
                .bearerTokenAuthentication(coordinator.token())
                .sendJsonObject(new JsonObject().put("name", "Renamed Coordinator"))
                .await()
                .statusCode())
        .isEqualTo(200);

    JsonObject listed =
        named(ok("/api/v1/admin/staff").getJsonArray("staff"), "email", coordinator.email())
            .orElseThrow();
    assertThat(listed.getString("name")).isEqualTo("Renamed Coordinator");
    assertThat(listed.getString("role")).isEqualTo("coordinator");
    assertThat(listed.getJsonArray("clinicIds")).containsExactly(clinic.getString("id"));
  }

  @Test
  @DisplayName("The staff list is for admins; a clinic id that is no id is a problem")
  void staffListRefusals() {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 60);
    assertProblem(app.get("/api/v1/admin/staff", fixture.nurse(clinic).token()), 403);
    assertProblem(app.get("/api/v1/admin/staff?clinicId=nope", app.adminToken()), 400);
  }

  @Test
  @DisplayName("A clinic's hours per provider and its closures in the span asked are read back")
  void hoursAndClosures() {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 60);
    JsonObject service = fixture.service("Check-up", 30, 0);
    JsonObject provider = fixture.provider("Dr Hours", "dentist", List.of(service), clinic);
    fixture.everyDay(provider, clinic, ClinicFixture.ranges("08:00", "12:00"), new JsonArray());
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(10);
    fixture.created(
        "/api/v1/admin/schedules/exceptions",
        new JsonObject()
            .put("clinicId", clinic.getString("id"))
            .put("firstDay", day.toString())
            .put("lastDay", day.plusDays(2).toString())
            .put("reason", "holiday")
            .put("note", "Founders' day"));

    String path = "/api/v1/admin/clinics/" + clinic.getString("id") + "/schedules";
    JsonObject schedule = ok(path);
    JsonObject week = schedule.getJsonArray("weeks").getJsonObject(0);
    assertThat(week.getString("providerId")).isEqualTo(provider.getString("id"));
    assertThat(week.getJsonArray("days")).hasSize(7);
    assertThat(week.getJsonArray("days").getJsonObject(0).getJsonArray("hours").getJsonObject(0))
        .isEqualTo(new JsonObject().put("start", "08:00").put("end", "12:00"));
    JsonObject closure = schedule.getJsonArray("closures").getJsonObject(0);
    assertThat(closure.getString("firstDay")).isEqualTo(day.toString());
    assertThat(closure.getString("lastDay")).isEqualTo(day.plusDays(2).toString());
    assertThat(closure.getString("note")).isEqualTo("Founders' day");
    assertThat(closure.containsKey("providerId")).as("the whole clinic").isFalse();

    String later = day.plusDays(5).toString();
    assertThat(ok(path + "?from=" + later + "&to=" + later).getJsonArray("closures")).isEmpty();
  }

  @Test
  @DisplayName(
      "Hours and closures are for admins; a span backwards or too long, a bad date or an unknown clinic is a problem")
  void hoursRefusals() {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 60);
    String path = "/api/v1/admin/clinics/" + clinic.getString("id") + "/schedules";
    assertProblem(app.get(path, fixture.nurse(clinic).token()), 403);
    assertProblem(app.get(path + "?from=2026-12-10&to=2026-12-01", app.adminToken()), 400);
    assertProblem(app.get(path + "?from=2026-01-01&to=2027-06-01", app.adminToken()), 400);
    assertProblem(app.get(path + "?from=tomorrow", app.adminToken()), 400);
    assertProblem(
        app.get(
            "/api/v1/admin/clinics/00000000-0000-0000-0000-000000000000/schedules",
            app.adminToken()),
        404);
  }
}
