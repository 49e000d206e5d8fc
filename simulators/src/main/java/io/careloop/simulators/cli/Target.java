package io.careloop.simulators.cli;

import io.careloop.simulators.fleet.Link;
import io.careloop.simulators.fleet.Shard;
import io.careloop.simulators.scenario.ProgressLine;
import io.careloop.simulators.scenario.Scenario;
import io.careloop.simulators.scenario.ScenarioRun;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where a run goes and what it writes: options shared by {@code fleet} and {@code scenario}. */
final class Target {

  @Option(
      names = "--api",
      description = "CareLoop's base URL (default: the scenario's, else http://127.0.0.1:8080).")
  String api;

  @Option(
      names = "--admin-email",
      description =
          "An admin of that CareLoop (default: the scenario's, else admin@careloop.local).")
  String adminEmail;

  @Option(
      names = "--admin-password",
      description = "The admin's password (default: the scenario's, else careloop-local-admin).")
  String adminPassword;

  @Option(
      names = "--mqtt",
      description = "The broker's URI (default: the scenario's, else tcp://127.0.0.1:1883).")
  String mqtt;

  @Option(
      names = "--mqtt-username",
      description = "One user name for every brush (default: each brush's device id).")
  String mqttUsername;

  @Option(
      names = "--mqtt-password",
      description = "One password for every brush (default: each brush's credential).")
  String mqttPassword;

  @Option(
      names = "--shard",
      description = "i/n: drive the brushes whose index is i mod n (one machine of n).")
  String shard;

  @Option(
      names = "--report-dir",
      defaultValue = "target/sim-reports",
      description = "Where the JSON and HTML reports go (${DEFAULT-VALUE}).")
  Path reportDir;

  Scenario applyTo(Scenario s) {
    Scenario.Target careloop =
        new Scenario.Target(
            api != null ? api : s.careloop().api(),
            adminEmail != null ? adminEmail : s.careloop().adminEmail(),
            adminPassword != null ? adminPassword : s.careloop().adminPassword());
    Link.Broker broker =
        new Link.Broker(
            mqtt != null ? mqtt : s.broker().uri(),
            mqttUsername != null ? mqttUsername : s.broker().username(),
            mqttPassword != null ? mqttPassword : s.broker().password());
    return s.with(careloop, broker, shard != null ? Shard.parse(shard) : s.shard());
  }

  /**
   * Runs it and prints the outcome: 0 when nothing acknowledged was lost or stored twice, 1
   * otherwise, 3 unreachable.
   */
  int run(Scenario scenario) throws Exception {
    ProgressLine progress = ProgressLine.console();
    try {
      ScenarioRun.Result result = new ScenarioRun(scenario, reportDir, Map.of(), progress).run();
      progress.done();
      System.out.println(Summary.of(result.report()));
      System.out.println(
          "Report: "
              + result.json().toAbsolutePath()
              + "\n        "
              + result.html().toAbsolutePath());
      return result.lost() == 0 && result.storedTwice() == 0 ? 0 : 1;
    } catch (ScenarioRun.Unreachable e) {
      progress.done();
      System.err.println(e.getMessage() + ". Nothing was run.");
      return 3;
    }
  }
}
