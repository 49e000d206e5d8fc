package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The front desk's waitlist figures over HTTP: counts that name no patient, for the clinic's
 * coordinators and any admin; nurses, other clinics' coordinators and bad windows are refused with
 * problem+json, and a refused read changes nothing.
 */
class WaitlistFiguresIT {

  private static final TestApp app = TestApp.get();
  private static WaitlistWorld world;

  @BeforeAll
  static void waitlist() {
    world = new WaitlistWorld(app);
  }

  private static JsonObject ok(String path, String token) {
    HttpResponse<Buffer> response = app.get(path, token);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  @DisplayName(
      "The clinic's coordinator and an admin read who waits and what became of the offers, and no patient")
  void figures() {
    String coordinator = world.fixture.coordinator(world.clinic).token();
    JsonObject figures = ok(world.figuresPath(), coordinator);

    assertThat(figures.getJsonObject("waiting").getInteger("total")).isEqualTo(2);
    assertThat(figures.getJsonObject("waiting").getJsonArray("byService").stream())
        .map(
            s -> ((JsonObject) s).getString("name") + "=" + ((JsonObject) s).getInteger("patients"))
        .containsExactlyInAnyOrder("Check-up=1", "Cleaning=1");
    assertThat(figures.getJsonObject("offers").getMap())
        .containsEntry("sent", 3)
        .containsEntry("accepted", 1)
        .containsEntry("refused", 1)
        .containsEntry("ranOut", 0)
        .containsEntry("open", 1);
    assertThat(figures.getLong("medianWaitSeconds")).isNotNegative();
    for (ClinicFixture.Account patient : world.waiting) {
      assertThat(figures.encode()).doesNotContain(patient.id().toString());
    }
    assertThat(ok(world.figuresPath(), app.adminToken())).isEqualTo(figures);
  }

  @Test
  @DisplayName(
      "Nurses, another clinic's coordinator and bad windows are refused; an unknown clinic is 404 to an admin; nothing changes")
  void refusals() {
    JsonObject before = ok(world.figuresPath(), app.adminToken());
    JsonObject elsewhere = world.fixture.clinic(WaitlistWorld.ZONE, 0, 0, 30);
    String base = "/api/v1/staff/clinics/" + world.clinicId() + "/waitlist";
    String week = "?from=" + world.today.minusDays(6) + "&to=" + world.today;

    assertProblem(app.get(base + week, world.fixture.nurse(world.clinic).token()), 403);
    assertProblem(app.get(base + week, world.fixture.coordinator(elsewhere).token()), 403);
    assertProblem(app.get(base + week, null), 401);
    assertProblem(
        app.get(
            "/api/v1/staff/clinics/" + java.util.UUID.randomUUID() + "/waitlist" + week,
            app.adminToken()),
        404);
    String admin = app.adminToken();
    for (String query :
        java.util.List.of(
            "",
            "?from=" + world.today,
            "?from=" + world.today + "&to=someday",
            "?from=2026-13-01&to=" + world.today,
            "?from=" + world.today + "&to=" + world.today.minusDays(1),
            "?from=" + world.today.minusDays(92) + "&to=" + world.today)) {
      assertProblem(app.get(base + query, admin), 400);
    }
    assertProblem(app.get("/api/v1/staff/clinics/not-a-clinic/waitlist" + week, admin), 400);

    assertThat(
            ok(base + "?from=" + world.today.minusDays(91) + "&to=" + world.today, admin)
                .getJsonObject("offers")
                .getInteger("sent"))
        .as("92 days is the longest window")
        .isEqualTo(3);
    assertThat(ok(world.figuresPath(), admin)).as("nothing changed").isEqualTo(before);
  }
}
