package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.simulators.fleet.Link;
import io.careloop.simulators.scenario.ProgressLine;
import io.careloop.simulators.scenario.Scenario;
import io.careloop.simulators.scenario.ScenarioReader;
import io.careloop.simulators.scenario.ScenarioRun;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shipped clinical scenario ({@code simulators/scenarios/clinical.yaml}: every profile and
 * quirk under every plan) through the broker into CareLoop: the nurse's list holds exactly what the
 * real rules open for what reached CareLoop, every alert the clinical table expects (of the rules a
 * replay can judge) is there, and every other one is a known false alarm.
 */
class ClinicalScenarioIT {

  @Test
  @DisplayName(
      "clinical.yaml: each profile raises, end to end, the alerts it should under each plan")
  void everyProfileEndToEnd() throws Exception {
    TestApp app = TestApp.get();
    Scenario shipped =
        ScenarioReader.read(Path.of("..", "simulators", "scenarios", "clinical.yaml"));
    Scenario scenario =
        shipped
            .with(
                new Scenario.Target(
                    app.app.apiBaseUrl(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD),
                new Link.Broker(app.mqttUri, null, null),
                shipped.shard())
            // the file's 90 s are for watching; the judgement does not depend on the pace
            .replayedIn(Duration.ofSeconds(30));
    ScenarioRun.Result result =
        new ScenarioRun(
                scenario,
                Path.of("target", "sim-reports"),
                Map.of(),
                new ProgressLine(System.out, false))
            .run();
    JsonObject alerts = result.report().getJsonObject("alerts");
    System.out.println("clinical.yaml report: " + result.json() + "\n" + alerts.encodePrettily());
    assertThat(result.lost()).as("acknowledged sessions not stored").isZero();
    assertThat(result.storedTwice()).as("sessions stored twice").isZero();
    assertThat(alerts.getInteger("raisedNotAsJudged"))
        .as("alerts other than the rules open")
        .isZero();
    assertThat(alerts.getInteger("expected")).as("alerts a replay can judge").isPositive();
    assertThat(alerts.getJsonArray("byRule"))
        .allSatisfy(
            o -> {
              JsonObject rule = (JsonObject) o;
              assertThat(rule.getInteger("fn")).as("missed: " + rule).isZero();
              assertThat(rule.getInteger("fp"))
                  .as("unexpected: " + rule)
                  .isEqualTo(rule.getInteger("knownFalseAlarms"));
            });
  }
}
