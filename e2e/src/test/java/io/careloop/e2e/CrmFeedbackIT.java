package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Patients' feedback after a visit and staff notes: stored once, labelled, on the record and in the
 * timeline.
 */
class CrmFeedbackIT {

  private final TestApp app = TestApp.get();
  private final CrmWorld world = new CrmWorld(app);

  private HttpResponse<Buffer> feedback(String token, String appointmentId, JsonObject body) {
    return app.post("/api/v1/appointments/" + appointmentId + "/feedback", token, body);
  }

  private static List<Row> feedbackRows(String appointmentId) {
    return TestCassandra.get()
        .session()
        .execute(
            SimpleStatement.newInstance(
                "SELECT rating, sentiment FROM crm_feedback_by_appointment WHERE appointment_id = ?",
                UUID.fromString(appointmentId)))
        .all();
  }

  private static List<Row> feedbackOfPatient(UUID patientId) {
    return TestCassandra.get()
        .session()
        .execute(
            SimpleStatement.newInstance(
                "SELECT rating FROM crm_feedback_by_patient WHERE patient_id = ?", patientId))
        .all();
  }

  private List<String> timelineKinds(UUID patientId) {
    return app
        .get("/api/v1/staff/patients/" + patientId + "/timeline", world.nurse.token())
        .bodyAsJsonObject()
        .getJsonArray("entries")
        .stream()
        .map(o -> ((JsonObject) o).getString("kind"))
        .toList();
  }

  @Test
  @DisplayName(
      "Feedback on a visit not one's own is 404, not completed 409, rating out of range 400: nothing stored")
  void refusals() {
    CrmWorld.Patient p = world.patient("Alan Turing", null);
    CrmWorld.Patient other = world.patient("Alonzo Church", null);
    String id = world.book(p, 1).getString("id");
    JsonObject good = new JsonObject().put("rating", 5).put("comment", "Very kind staff");

    var notCompleted = feedback(p.token(), id, good);
    world.complete(id);
    var notTheirs = feedback(other.token(), id, good);
    var unknown = feedback(p.token(), UUID.randomUUID().toString(), good);
    var tooHigh = feedback(p.token(), id, new JsonObject().put("rating", 6));
    var tooLow = feedback(p.token(), id, new JsonObject().put("rating", 0));
    var unknownField = feedback(p.token(), id, good.copy().put("sentiment", "satisfied"));
    var byStaff = feedback(world.nurse.token(), id, good);

    assertThat(notCompleted.statusCode()).isEqualTo(409);
    assertThat(notCompleted.bodyAsJsonObject().getString("type"))
        .endsWith("/appointment-not-completed");
    assertThat(notTheirs.statusCode()).isEqualTo(404);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(List.of(tooHigh.statusCode(), tooLow.statusCode(), unknownField.statusCode()))
        .containsOnly(400);
    assertThat(tooHigh.bodyAsJsonObject().getString("detail")).contains("rating");
    assertThat(byStaff.statusCode()).isEqualTo(403);
    assertThat(feedbackRows(id)).isEmpty();
    assertThat(feedbackOfPatient(p.id())).isEmpty();
    assertThat(feedbackOfPatient(other.id())).isEmpty();
    assertThat(timelineKinds(p.id())).doesNotContain("feedback");
  }

  @Test
  @DisplayName(
      "Feedback on one's completed visit: 201 with a sentiment, the same again 200, different 409; in the record and timeline")
  void givenOnce() {
    CrmWorld.Patient p = world.patient("Barbara Liskov", null);
    String id = world.book(p, 2).getString("id");
    world.complete(id);
    JsonObject body =
        new JsonObject().put("rating", 2).put("comment", "Waited forty minutes.\nNobody said why.");

    var given = feedback(p.token(), id, body);
    var again = feedback(p.token(), id, body);
    var changed = feedback(p.token(), id, new JsonObject().put("rating", 5));

    assertThat(given.statusCode()).isEqualTo(201);
    assertThat(given.bodyAsJsonObject().getString("sentiment")).isEqualTo("complaint");
    assertThat(given.bodyAsJsonObject().getString("classifier"))
        .isEqualTo("opennlp-maxent-en-zh-1");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("givenAt"))
        .isEqualTo(given.bodyAsJsonObject().getString("givenAt"));
    assertThat(changed.statusCode()).isEqualTo(409);
    assertThat(changed.bodyAsJsonObject().getString("type")).endsWith("/feedback-given");
    assertThat(feedbackRows(id))
        .singleElement()
        .satisfies(r -> assertThat(r.getInt("rating")).isEqualTo(2));
    JsonArray onRecord =
        world.record(world.coordinator.token(), p.id()).bodyAsJsonObject().getJsonArray("feedback");
    assertThat(onRecord)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(((JsonObject) o).getString("comment"))
                  .isEqualTo("Waited forty minutes.\nNobody said why.");
              assertThat(((JsonObject) o).getString("sentiment")).isEqualTo("complaint");
            });
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> timelineKinds(p.id()).contains("appointment_completed"));
    assertThat(timelineKinds(p.id()))
        .containsSubsequence(
            "feedback", "appointment_completed", "appointment_checked_in", "appointment_booked");
  }

  @Test
  @DisplayName(
      "Staff notes join the contact history and timeline with a sentiment; an empty or unknown-channel note is 400 and stores nothing")
  void notes() {
    CrmWorld.Patient p = world.patient("Frances Allen", null);
    world.book(p, 3);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> world.record(world.nurse.token(), p.id()).statusCode() == 200);
    String path = "/api/v1/staff/patients/" + p.id() + "/notes";

    var byNurse =
        app.post(
            path,
            world.nurse.token(),
            new JsonObject()
                .put("channel", "phone")
                .put("text", "Called after the extraction: healing well."));
    var byCoordinator =
        app.post(
            path,
            world.coordinator.token(),
            new JsonObject()
                .put("channel", "in_person")
                .put("text", "Asked about the price of a cleaning."));
    var blank =
        app.post(
            path,
            world.coordinator.token(),
            new JsonObject().put("channel", "phone").put("text", "   "));
    var badChannel =
        app.post(
            path,
            world.coordinator.token(),
            new JsonObject().put("channel", "fax").put("text", "x"));
    var byAdmin =
        app.post(path, app.adminToken(), new JsonObject().put("channel", "phone").put("text", "x"));

    assertThat(byNurse.statusCode()).isEqualTo(201);
    assertThat(byNurse.bodyAsJsonObject().getString("sentiment"))
        .as("by its text")
        .isEqualTo("satisfied");
    assertThat(byCoordinator.statusCode()).isEqualTo(201);
    assertThat(byCoordinator.bodyAsJsonObject().getString("sentiment")).isEqualTo("doubt");
    assertThat(List.of(blank.statusCode(), badChannel.statusCode())).containsOnly(400);
    assertThat(byAdmin.statusCode()).isEqualTo(403);
    JsonArray history =
        world
            .record(world.coordinator.token(), p.id())
            .bodyAsJsonObject()
            .getJsonArray("contactHistory");
    assertThat(history.stream().map(o -> ((JsonObject) o).getString("text")))
        .containsExactly(
            "Asked about the price of a cleaning.", "Called after the extraction: healing well.");
    assertThat(history.getJsonObject(1).getString("authorRole")).isEqualTo("nurse");
    assertThat(timelineKinds(p.id())).filteredOn("note"::equals).hasSize(2);
  }
}
