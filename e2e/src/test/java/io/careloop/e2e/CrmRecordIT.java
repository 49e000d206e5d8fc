package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.crm.audit.RecordReads;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The patient record and timeline through the HTTP API: current within a second, by role, audited.
 */
class CrmRecordIT {

  private final TestApp app = TestApp.get();
  private final CrmWorld world = new CrmWorld(app);

  private static List<JsonObject> objects(JsonArray array) {
    return array.stream().map(JsonObject.class::cast).toList();
  }

  @Test
  @DisplayName(
      "A booking made in the app shows in the record within a second, and in the timeline after the registration")
  void bookingShowsAtOnce() {
    CrmWorld.Patient p = world.patient("Ada Lovelace", "+33 6 11 22 33 44");
    JsonObject booked = world.book(p, 1);

    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              var r = world.record(world.coordinator.token(), p.id());
              return r.statusCode() == 200
                  && objects(r.bodyAsJsonObject().getJsonArray("appointments")).stream()
                      .anyMatch(a -> a.getString("id").equals(booked.getString("id")));
            });
    JsonObject record = world.record(world.coordinator.token(), p.id()).bodyAsJsonObject();
    assertThat(record.getJsonObject("profile").getString("name")).isEqualTo("Ada Lovelace");
    assertThat(record.getJsonObject("profile").getString("email")).isEqualTo(p.email());
    assertThat(record.getJsonArray("clinicIds")).containsExactly(world.clinicId.toString());
    assertThat(objects(record.getJsonArray("appointments")))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getString("status")).isEqualTo("booked");
              assertThat(a.getString("start")).isEqualTo(booked.getString("start"));
            });
    JsonArray timeline =
        app.get("/api/v1/staff/patients/" + p.id() + "/timeline", world.coordinator.token())
            .bodyAsJsonObject()
            .getJsonArray("entries");
    // the CRM's judgements of the patient (stage, tags) come as they are made: not what is checked
    // here
    assertThat(objects(timeline))
        .extracting(e -> e.getString("kind"))
        .filteredOn(kind -> !kind.startsWith("stage_") && !kind.startsWith("tag_"))
        .containsExactly("appointment_booked", "registered");
  }

  @Test
  @DisplayName(
      "A coordinator sees relationship data only, a nurse also brushing, care plan and alerts; each read is audited")
  void whoSeesWhat() {
    CrmWorld.Patient p = world.patient("Grace Hopper", null);
    world.book(p, 2);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> world.record(world.nurse.token(), p.id()).statusCode() == 200);

    JsonObject byCoordinator = world.record(world.coordinator.token(), p.id()).bodyAsJsonObject();
    JsonObject byNurse = world.record(world.nurse.token(), p.id()).bodyAsJsonObject();

    assertThat(byCoordinator.getString("view")).isEqualTo("relationship");
    assertThat(byCoordinator.fieldNames()).doesNotContain("brushing", "carePlan", "openAlerts");
    assertThat(byNurse.getString("view")).isEqualTo("clinical");
    assertThat(byNurse.fieldNames()).contains("brushing", "openAlerts");
    assertThat(byNurse.getJsonObject("brushing").getInteger("sessions")).isZero();
    List<RecordReads.Read> reads = app.app.crm().reads().thisMonth(p.id()).await();
    assertThat(reads)
        .filteredOn(r -> r.what().equals("record"))
        .extracting(RecordReads.Read::staffId)
        .contains(world.coordinator.id(), world.nurse.id());
    assertThat(reads)
        .filteredOn(r -> r.staffId().equals(world.coordinator.id()))
        .first()
        .satisfies(r -> assertThat(r.staffRole()).isEqualTo("coordinator"));
  }

  @Test
  @DisplayName(
      "Staff of another clinic get 404 for the record, its timeline and its notes, and no read of theirs is audited")
  void otherClinicSeesNothing() {
    CrmWorld.Patient p = world.patient("Katherine Johnson", null);
    world.book(p, 3);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> world.record(world.nurse.token(), p.id()).statusCode() == 200);
    CrmWorld elsewhere = new CrmWorld(app);

    var record = world.record(elsewhere.nurse.token(), p.id());
    var timeline =
        app.get("/api/v1/staff/patients/" + p.id() + "/timeline", elsewhere.coordinator.token());
    var note =
        app.post(
            "/api/v1/staff/patients/" + p.id() + "/notes",
            elsewhere.coordinator.token(),
            new JsonObject().put("channel", "phone").put("text", "Called about the bill"));
    var unknown = world.record(world.nurse.token(), UUID.randomUUID());

    assertThat(List.of(record, timeline, note, unknown))
        .allSatisfy(
            r -> {
              assertThat(r.statusCode()).isEqualTo(404);
              assertThat(r.bodyAsString()).doesNotContain("Katherine");
            });
    assertThat(app.app.crm().reads().thisMonth(p.id()).await())
        .extracting(RecordReads.Read::staffId)
        .doesNotContain(elsewhere.nurse.id(), elsewhere.coordinator.id());
    JsonObject stored = world.record(world.nurse.token(), p.id()).bodyAsJsonObject();
    assertThat(stored.getJsonArray("contactHistory"))
        .as("the refused note stored nothing")
        .isEmpty();
  }
}
