package io.careloop.simulators.cli;

import io.careloop.simulators.IngestBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The simulators' command line: {@code java -jar simulators/target/careloop-simulators.jar
 * <command>}.
 */
@Command(
    name = "careloop-sim",
    mixinStandardHelpOptions = true,
    subcommands = {
      DemoCommand.class,
      FleetCommand.class,
      ScenarioCommand.class,
      ProfilesCommand.class,
      IngestBenchmark.class
    },
    description =
        "A demo chain, brush fleets, scenarios with faults, the clinical table, and benchmark runs against"
            + " a running CareLoop.")
public final class CareLoopSim {

  public static void main(String[] args) {
    System.exit(new CommandLine(new CareLoopSim()).execute(args));
  }
}
