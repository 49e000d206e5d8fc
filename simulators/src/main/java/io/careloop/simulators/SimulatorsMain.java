package io.careloop.simulators;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The simulators' command line: {@code java -jar simulators/target/careloop-simulators.jar <command>}. */
@Command(name = "careloop-simulators", mixinStandardHelpOptions = true,
    subcommands = {IngestBenchmark.class},
    description = "Brush fleets and benchmark runs against a running CareLoop.")
public final class SimulatorsMain {

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimulatorsMain()).execute(args));
  }
}
