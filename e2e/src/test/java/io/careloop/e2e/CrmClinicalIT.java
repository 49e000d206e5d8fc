package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.simulators.SimulatedBrush;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Brushing and alerts reach the record and timeline as they happen, for nurses only; the tags they
 * give reach coordinators too, without their clinical evidence.
 */
class CrmClinicalIT {

  private final TestApp app = TestApp.get();
  private final CrmWorld world = new CrmWorld(app);

  private SimulatedBrush brushOf(CrmWorld.Patient p) throws Exception {
    return world.fixture.pairedBrush(p.token(), false);
  }

  private List<String> kinds(String token, UUID patientId) {
    return app
        .get("/api/v1/staff/patients/" + patientId + "/timeline", token)
        .bodyAsJsonObject()
        .getJsonArray("entries")
        .stream()
        .map(o -> ((JsonObject) o).getString("kind"))
        .toList();
  }

  private JsonObject tag(String token, UUID patientId, String name) {
    return world.record(token, patientId).bodyAsJsonObject().getJsonArray("tags").stream()
        .map(JsonObject.class::cast)
        .filter(t -> t.getString("tag").equals(name))
        .findFirst()
        .orElse(null);
  }

  @Test
  @DisplayName(
      "A session stored and the alert it opens are in the nurse's record and timeline at once; the coordinator sees neither")
  void brushingAndAlerts() throws Exception {
    CrmWorld.Patient p = world.patient("Mary Brush", null);
    world.book(p, 4);
    try (SimulatedBrush brush = brushOf(p)) {
      var plan =
          app.http
              .put("/api/v1/nurse/patients/" + p.id() + "/care-plan")
              .bearerTokenAuthentication(world.nurse.token())
              .sendJsonObject(
                  new JsonObject()
                      .put("plan", "post_surgery")
                      .put("until", java.time.LocalDate.now().plusDays(30).toString()))
              .await();
      assertThat(plan.statusCode()).as(plan.bodyAsString()).isEqualTo(200);

      JsonObject session = AlertsWorld.session(brush, 120, 4, 90, null);
      brush.send(session);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> kinds(world.nurse.token(), p.id()).contains("alert_opened"));
      JsonObject record = world.record(world.nurse.token(), p.id()).bodyAsJsonObject();
      assertThat(record.getJsonObject("brushing").getInteger("sessions")).isEqualTo(1);
      assertThat(record.getJsonObject("brushing").getInteger("meanDurationSec")).isEqualTo(120);
      assertThat(record.getJsonObject("carePlan").getString("plan")).isEqualTo("post_surgery");
      JsonArray open = record.getJsonArray("openAlerts");
      assertThat(open.stream().map(o -> ((JsonObject) o).getString("ruleId")))
          .contains("too-much-pressure");
      assertThat(kinds(world.nurse.token(), p.id()))
          .contains("brushing_session", "alert_opened", "appointment_booked");
      // the CRM's own judgements (stage, tags) are relationship data and may be there too
      assertThat(kinds(world.coordinator.token(), p.id()))
          .doesNotContain("brushing_session", "alert_opened")
          .containsSubsequence("appointment_booked", "registered");
      // the alert is high: the seeded rule open-high-alert tags the patient (relationship data)
      // on clinical evidence, which the coordinator's record and timeline leave out
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> tag(world.nurse.token(), p.id(), "open-high-alert") != null);
      JsonObject nurseRule =
          tag(world.nurse.token(), p.id(), "open-high-alert")
              .getJsonArray("rules")
              .getJsonObject(0);
      assertThat(nurseRule.getJsonArray("evidence").getJsonObject(0).getString("fact"))
          .startsWith("alerts.open");
      JsonObject coordinatorRule =
          tag(world.coordinator.token(), p.id(), "open-high-alert")
              .getJsonArray("rules")
              .getJsonObject(0);
      assertThat(coordinatorRule.getString("rule")).isEqualTo("open-high-alert");
      assertThat(coordinatorRule.getJsonArray("evidence")).isEmpty();
      assertThat(coordinatorRule.getBoolean("clinicalEvidenceWithheld")).isTrue();
      JsonObject tagged =
          app
              .get("/api/v1/staff/patients/" + p.id() + "/timeline", world.coordinator.token())
              .bodyAsJsonObject()
              .getJsonArray("entries")
              .stream()
              .map(JsonObject.class::cast)
              .filter(e -> e.getString("kind").equals("tag_added"))
              .filter(e -> e.getJsonObject("data").getString("tag").equals("open-high-alert"))
              .findFirst()
              .orElseThrow();
      assertThat(
              tagged
                  .getJsonObject("data")
                  .getJsonArray("rules")
                  .getJsonObject(0)
                  .getJsonArray("evidence"))
          .isEmpty();
      JsonObject row =
          app.get(
                  "/api/v1/staff/patients?clinicId=" + world.clinicId + "&q=mary",
                  world.nurse.token())
              .bodyAsJsonObject()
              .getJsonArray("patients")
              .getJsonObject(0);
      assertThat(row.getInteger("openAlerts")).isPositive();
    }
  }
}
