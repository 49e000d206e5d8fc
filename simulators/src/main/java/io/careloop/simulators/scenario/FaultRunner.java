package io.careloop.simulators.scenario;

import io.careloop.simulators.report.RunLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scenario's fault commands ({@code bash -c}, in the scenario's folder, with the run's extra
 * environment) and logs each: when, how long, its exit code and the end of its output.
 */
final class FaultRunner {

  private final Path dir;
  private final Map<String, String> environment;
  private final RunLog log;

  FaultRunner(Path dir, Map<String, String> environment, RunLog log) {
    this.dir = dir;
    this.environment = Map.copyOf(environment);
    this.log = log;
  }

  void run(Scenario.Fault fault) {
    Instant started = Instant.now();
    int exit;
    String output;
    try {
      Path out = Files.createTempFile("careloop-fault-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder("bash", "-c", fault.run())
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (process.waitFor(fault.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        exit = process.exitValue();
      } else {
        process.destroyForcibly();
        exit = -1;
      }
      output = tail(Files.readString(out, StandardCharsets.UTF_8));
      Files.deleteIfExists(out);
    } catch (IOException e) {
      exit = -2;
      output = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exit = -3;
      output = "interrupted";
    }
    log.fault(new RunLog.Fault(fault.name(), fault.run(), started, Instant.now(), exit, output));
  }

  private static String tail(String text) {
    return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
  }
}
