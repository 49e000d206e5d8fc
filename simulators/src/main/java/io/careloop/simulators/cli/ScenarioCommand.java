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

/** {@code careloop-sim scenario FILE}: a fleet, app traffic and faults as a file says, with a report. */
@Command(name = "scenario", mixinStandardHelpOptions = true,
    description = "Runs a scenario file (YAML or JSON): exit 0 when every acknowledged session was stored once,"
        + " 1 when one was lost or stored twice, 2 when the file has mistakes, 3 when CareLoop or the broker"
        + " cannot be reached.")
final class ScenarioCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "The scenario file.") Path file;
  @Option(names = "--check", description = "Only read the file and say what is wrong with it.") boolean check;
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
      System.out.println(file + ": " + scenario.members().size() + " brushes, " + scenario.faults().size()
          + " faults; ready to run.");
      return 0;
    }
    return target.run(scenario);
  }
}
