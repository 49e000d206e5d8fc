package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** External identities through the HTTP API: one patient per identity, found by it. */
class CrmIdentitiesIT {

  private final TestApp app = TestApp.get();
  private final CrmWorld world = new CrmWorld(app);
  private int slot;

  private CrmWorld.Patient known(String name) {
    CrmWorld.Patient p = world.patient(name, null);
    world.book(p, slot++);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> world.record(world.coordinator.token(), p.id()).statusCode() == 200);
    return p;
  }

  private HttpResponse<Buffer> link(String token, UUID patientId, String system, String value) {
    return app.post(
        "/api/v1/staff/patients/" + patientId + "/identities",
        token,
        new JsonObject().put("system", system).put("value", value));
  }

  private static List<Row> identityRows(String system, String value) {
    return TestCassandra.get()
        .session()
        .execute(
            SimpleStatement.newInstance(
                "SELECT patient_id FROM crm_identities_by_value WHERE system = ? AND value = ?",
                system,
                value))
        .all();
  }

  private static List<Row> rowsOfPatient(UUID patientId) {
    return TestCassandra.get()
        .session()
        .execute(
            SimpleStatement.newInstance(
                "SELECT system, value FROM crm_identities_by_patient WHERE patient_id = ?",
                patientId))
        .all();
  }

  private JsonArray found(String token, String query) {
    var r = app.get("/api/v1/staff/patients?" + query, token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("patients");
  }

  @Test
  @DisplayName(
      "A coordinator links a practice record: 201, again 200; to another patient 409 and nothing changes; the identity finds the one patient")
  void linkAndFind() {
    CrmWorld.Patient ada = known("Ada Byron");
    CrmWorld.Patient bob = known("Bob Kahn");
    String value = "P-" + UUID.randomUUID();

    var first = link(world.coordinator.token(), ada.id(), "practice", value);
    var again = link(world.coordinator.token(), ada.id(), "Practice", " " + value + " ");
    var elsewhere = link(world.coordinator.token(), bob.id(), "practice", value);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.bodyAsJsonObject().getString("linkedBy"))
        .isEqualTo(world.coordinator.id().toString());
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(elsewhere.statusCode()).isEqualTo(409);
    assertThat(elsewhere.bodyAsJsonObject().getString("type"))
        .endsWith("/identity-linked-elsewhere");
    assertThat(identityRows("practice", value))
        .singleElement()
        .satisfies(r -> assertThat(r.getUuid(0)).isEqualTo(ada.id()));
    assertThat(rowsOfPatient(bob.id())).as("nothing on the loser").isEmpty();
    assertThat(found(world.nurse.token(), "identity=practice%7C" + value))
        .singleElement()
        .satisfies(o -> assertThat(((JsonObject) o).getString("name")).isEqualTo("Ada Byron"));
    assertThat(found(world.nurse.token(), "identity=practice%7Cnobody-" + value)).isEmpty();
    JsonObject record = world.record(world.nurse.token(), ada.id()).bodyAsJsonObject();
    assertThat(record.getJsonArray("identities"))
        .singleElement()
        .satisfies(o -> assertThat(((JsonObject) o).getString("value")).isEqualTo(value));
  }

  @Test
  @DisplayName(
      "Two links of one identity to two patients at once: exactly one wins, the other gets 409 and leaves no trace")
  void concurrentLinks() {
    for (int round = 0; round < 5; round++) {
      CrmWorld.Patient one = known("One " + round);
      CrmWorld.Patient two = known("Two " + round);
      String value = "MP-" + UUID.randomUUID();
      JsonObject body = new JsonObject().put("system", "miniprogram").put("value", value);

      Future<HttpResponse<Buffer>> a =
          app.http
              .post("/api/v1/staff/patients/" + one.id() + "/identities")
              .bearerTokenAuthentication(world.coordinator.token())
              .sendJsonObject(body);
      Future<HttpResponse<Buffer>> b =
          app.http
              .post("/api/v1/staff/patients/" + two.id() + "/identities")
              .bearerTokenAuthentication(world.coordinator.token())
              .sendJsonObject(body);
      Future.join(a, b).await();

      assertThat(List.of(a.result().statusCode(), b.result().statusCode()))
          .containsExactlyInAnyOrder(201, 409);
      UUID winner = a.result().statusCode() == 201 ? one.id() : two.id();
      UUID loser = winner.equals(one.id()) ? two.id() : one.id();
      assertThat(identityRows("miniprogram", value))
          .singleElement()
          .satisfies(r -> assertThat(r.getUuid(0)).isEqualTo(winner));
      assertThat(rowsOfPatient(loser)).isEmpty();
      assertThat(found(world.coordinator.token(), "identity=miniprogram%7C" + value))
          .singleElement()
          .satisfies(
              o -> assertThat(((JsonObject) o).getString("id")).isEqualTo(winner.toString()));
    }
  }

  @Test
  @DisplayName(
      "A bad identity is 400 naming what is wrong, a nurse may not link (403), another clinic's patient is 404; none stores anything")
  void refusals() {
    CrmWorld.Patient p = known("Edsger Dijkstra");
    CrmWorld elsewhere = new CrmWorld(app);
    String value = "P-" + UUID.randomUUID();

    var badSystem = link(world.coordinator.token(), p.id(), "1practice", value);
    var blank = link(world.coordinator.token(), p.id(), "phone", "--");
    var unknownField =
        app.post(
            "/api/v1/staff/patients/" + p.id() + "/identities",
            world.coordinator.token(),
            new JsonObject()
                .put("system", "practice")
                .put("value", value)
                .put("patientId", p.id().toString()));
    var nurse = link(world.nurse.token(), p.id(), "practice", value);
    var stranger = link(elsewhere.coordinator.token(), p.id(), "practice", value);

    assertThat(badSystem.statusCode()).isEqualTo(400);
    assertThat(badSystem.bodyAsJsonObject().getString("detail")).contains("system must be");
    assertThat(blank.statusCode()).isEqualTo(400);
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(nurse.statusCode()).isEqualTo(403);
    assertThat(stranger.statusCode()).isEqualTo(404);
    assertThat(identityRows("practice", value)).isEmpty();
    assertThat(rowsOfPatient(p.id())).isEmpty();
  }
}
