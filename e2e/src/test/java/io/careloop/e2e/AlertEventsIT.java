package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.alerts.bus.AlertChanged;
import io.careloop.alerts.bus.AlertCodecs;
import io.careloop.alerts.bus.AlertState;
import io.careloop.alerts.bus.PatientCare;
import io.careloop.alerts.bus.PatientCareQuestion;
import io.careloop.platform.bus.Addresses;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What alerts tells the other modules: each step of an alert's life, and a patient's plan and
 * alerts on request.
 */
class AlertEventsIT {

  private final TestApp app = TestApp.get();
  private final AlertsWorld world = new AlertsWorld(app);
  private final ClinicFixture.Account nurse = world.nurse();

  @Test
  @DisplayName(
      "Opened, acknowledged, resolved: each step is published; PATIENT_CARE answers the plan, the open alert, and a resolved one asked for")
  void stepsAndCare() throws Exception {
    AlertCodecs.register(app.app.vertx().eventBus());
    List<AlertChanged> heard = new CopyOnWriteArrayList<>();
    MessageConsumer<AlertChanged> consumer =
        app.app.vertx().eventBus().consumer(Addresses.ALERT_CHANGED, m -> heard.add(m.body()));
    consumer.completion().await();
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      world.plan(nurse.token(), p.id(), "post_surgery", null);
      world.publishAndWait(p, AlertsWorld.session(brush, 120, 4, 90, null));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> world.alertOf(nurse.token(), p.id(), "too-much-pressure").isPresent());
      String id =
          world.alertOf(nurse.token(), p.id(), "too-much-pressure").orElseThrow().getString("id");
      PatientCare open = care(p.id(), Set.of());

      assertThat(
              app.post("/api/v1/nurse/alerts/" + id + "/ack", nurse.token(), new JsonObject())
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              app.post(
                      "/api/v1/nurse/alerts/" + id + "/resolve",
                      nurse.token(),
                      new JsonObject().put("note", "Lighter hand."))
                  .statusCode())
          .isEqualTo(200);

      await().atMost(Duration.ofSeconds(10)).until(() -> stepsOf(heard, id).size() == 3);
      List<AlertChanged> steps = stepsOf(heard, id);
      assertThat(steps)
          .extracting(AlertChanged::change)
          .containsExactly("opened", "acknowledged", "resolved");
      assertThat(steps.get(0).alert().severity()).isEqualTo("high");
      assertThat(steps.get(0).alert().clinicIds()).containsExactly(world.clinicId);
      assertThat(steps.get(2).at()).isEqualTo(steps.get(2).alert().resolvedAt().orElseThrow());
      assertThat(open.carePlan())
          .hasValueSatisfying(plan -> assertThat(plan.getString("plan")).isEqualTo("post_surgery"));
      assertThat(open.alerts()).extracting(AlertState::alertId).contains(UUID.fromString(id));
      assertThat(care(p.id(), Set.of()).alerts())
          .extracting(AlertState::alertId)
          .doesNotContain(UUID.fromString(id));
      assertThat(care(p.id(), Set.of(UUID.fromString(id))).alerts())
          .singleElement()
          .satisfies(a -> assertThat(a.status()).isEqualTo("resolved"));
    } finally {
      consumer.unregister().await();
    }
  }

  private PatientCare care(UUID patientId, Set<UUID> alertIds) {
    return app.app
        .vertx()
        .eventBus()
        .<PatientCare>request(Addresses.PATIENT_CARE, new PatientCareQuestion(patientId, alertIds))
        .await()
        .body();
  }

  private static List<AlertChanged> stepsOf(List<AlertChanged> heard, String alertId) {
    return heard.stream().filter(e -> e.alert().alertId().toString().equals(alertId)).toList();
  }
}
