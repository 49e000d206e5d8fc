package io.careloop.simulators.cli;

import io.careloop.simulators.scenario.Scenario;
import io.careloop.simulators.scenario.ScenarioException;
import io.careloop.simulators.scenario.ScenarioReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code careloop-sim scenario FILE}: a fleet, app traffic and faults as a file says, with a
 * report.
 */
@Command(
    name = "scenario",
    mixinStandardHelpOptions = true,
    description =
        "Runs a scenario file (YAML or JSON): exit 0 when every acknowledged session was stored once,"
            + " 1 when one was lost or stored twice, 2 when the file has mistakes, 3 when CareLoop or the broker"
            + " cannot be reached.",
    footer = {
      "",
      "The file (YAML or JSON; see simulators/scenarios/*.yaml):",
      "  name: faults               # required; also seed, zone, fleetId, shard: i/n",
      "  careloop: {api: ..., admin: {email: ..., password: ...}}",
      "  broker: {uri: tcp://..., username: ..., password: ...}",
      "  fleet:",
      "    brushes: 40              # with mix, quirks (share 0..1) and plans, or",
      "    mix: {diligent: 3}       # groups: [{count, profile, quirks, plan}]",
      "    days: 10                 # replay the last days (at most 10) ...",
      "    over: 2m                 # ... in this time; or duration: 10m (live)",
      "  traffic: {patients: 5, every: 2s, mix: {book: 2, reschedule: 1, cancel: 1}}",
      "  faults: [{at: 30s, name: broker restart, run: ./restart.sh, timeout: 2m}]",
      "  settle: 90s                # wait for sessions and alerts afterwards"
    })
final class ScenarioCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "The scenario file.")
  Path file;

  @Option(names = "--check", description = "Only read the file and say what is wrong with it.")
  boolean check;

  @Mixin Target target = new Target();

  @Override
  public Integer call() throws Exception {
    Scenario scenario;
    try {
      scenario = target.applyTo(ScenarioReader.read(file));
    } catch (ScenarioException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      System.err.println(file + ": " + e.getMessage() + ", nothing was run");
      return 2;
    }
    if (check) {
      System.out.println(
          file
              + ": "
              + scenario.members().size()
              + " brushes, "
              + scenario.faults().size()
              + " faults; ready to run.");
      return 0;
    }
    return target.run(scenario);
  }
}
