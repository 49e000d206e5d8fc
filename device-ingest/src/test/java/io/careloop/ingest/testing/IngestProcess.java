package io.careloop.ingest.testing;

import io.careloop.ingest.DeviceIngestMain;
import io.careloop.platform.cassandra.CassandraConfig;
import io.careloop.platform.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link DeviceIngestMain} in a JVM of its own, started from the test classpath: the ingest
 * consumer and the embedded broker with file persistence under {@code work}, on the tests'
 * Cassandra. It can be killed as a crash would kill it (SIGKILL: no shutdown hook, nothing flushed
 * by us), and started again on the same data. Its output goes to {@code work/ingest-<n>.log}.
 */
public final class IngestProcess implements AutoCloseable {

  private static final Duration START_WITHIN = Duration.ofSeconds(90);

  private final Process process;
  private final Path log;

  private IngestProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the process and returns once its broker listens on {@code mqttPort}. */
  public static IngestProcess start(Path work, int mqttPort, CassandraConfig cassandra) {
    try {
      Path log = Files.createTempFile(work, "ingest-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  List.of(
                      javaBinary(),
                      "-Xmx384m",
                      "-cp",
                      classpath(),
                      DeviceIngestMain.class.getName()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      environment(builder.environment(), work, mqttPort, cassandra);
      IngestProcess started = new IngestProcess(builder.start(), log);
      started.awaitListening(mqttPort);
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void environment(
      Map<String, String> env, Path work, int mqttPort, CassandraConfig cassandra) {
    env.keySet().removeIf(name -> name.startsWith("CARELOOP_"));
    InetSocketAddress node = cassandra.contactPoints().get(0);
    env.put("CARELOOP_WORK", work.toString());
    env.put("CARELOOP_MQTT_PORT", Integer.toString(mqttPort));
    env.put("CARELOOP_CQL_CONTACT_POINTS", node.getHostString() + ":" + node.getPort());
    env.put("CARELOOP_CQL_KEYSPACE", cassandra.keyspace());
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Surefire and failsafe name the whole test classpath here; java.class.path may be a
   * manifest-only jar.
   */
  private static String classpath() {
    String testClasspath = System.getProperty("surefire.test.class.path");
    return testClasspath != null && !testClasspath.isBlank()
        ? testClasspath
        : System.getProperty("java.class.path");
  }

  private void awaitListening(int port) {
    long deadline = System.nanoTime() + START_WITHIN.toNanos();
    while (!FreePorts.listening(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "device-ingest did not start listening on " + port + ":\n" + output());
      }
      sleep(100);
    }
  }

  /** SIGKILL, as the operating system ends a process that crashed or ran out of memory. */
  public void kill() {
    process.destroyForcibly();
    waitForExit();
  }

  /** What the process logged so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** A clean stop (SIGTERM: the shutdown hook disconnects ingest and stops the broker). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      waitForExit();
    }
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
