package io.careloop.gateway;

import io.careloop.ingest.IngestConfig;
import io.careloop.patient.PatientApiConfig;
import io.careloop.platform.config.Env;
import io.careloop.platform.local.LocalCassandra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The launcher: runs all of CareLoop in one process. With {@code --local-cassandra} (the default)
 * it starts a local Cassandra node first, or reuses the one already running on the same data, and
 * stops it on exit if it started it. Configuration comes from the environment (README).
 */
@Command(
    name = "careloop",
    mixinStandardHelpOptions = true,
    description = "Runs CareLoop: gateway, device ingest, patient API and alerts in one process.")
public final class CareLoopMain implements Callable<Integer> {

  @Option(
      names = "--local-cassandra",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Start (or reuse) a local Cassandra node under the work folder (default: ${DEFAULT-VALUE}).")
  boolean localCassandra;

  @Option(names = "--work", description = "The work folder for local data (default: ./.work).")
  Path work;

  public static void main(String[] args) {
    int exitCode;
    try {
      exitCode = new CommandLine(new CareLoopMain()).execute(args);
    } catch (Error e) {
      // Thrown past picocli: exit anyway, or Vert.x's and the driver's threads keep the JVM alive.
      e.printStackTrace();
      exitCode = 1;
    }
    System.exit(exitCode);
  }

  @Override
  public Integer call() throws Exception {
    Env env = Env.system();
    Path workDir = work != null ? work.toAbsolutePath() : LocalCassandra.workDir();
    RunLock lock;
    try {
      lock = RunLock.acquire(workDir);
    } catch (RunLock.AlreadyRunning e) {
      System.err.println(e.getMessage());
      return 2;
    }
    LocalCassandra cassandra = null;
    Env effective = env;
    if (localCassandra) {
      int cqlPort = env.integer("CARELOOP_CQL_PORT", 9042);
      cassandra =
          new LocalCassandra(
              new LocalCassandra.Settings(
                  workDir.resolve("cassandra/lib"),
                  workDir.resolve("cassandra/local"),
                  "127.0.0.1",
                  cqlPort,
                  env.integer("CARELOOP_CQL_STORAGE_PORT", 7000),
                  env.string("CARELOOP_CASSANDRA_HEAP", "1g"),
                  LocalCassandra.javaForCassandra(),
                  Duration.ofMinutes(3),
                  Optional.empty(),
                  false));
      cassandra.ensureRunning();
      var vars = new java.util.HashMap<>(System.getenv());
      vars.put("CARELOOP_CQL_CONTACT_POINTS", "127.0.0.1:" + cqlPort);
      effective = new Env(vars);
    }
    CareLoopApplication.Settings settings =
        CareLoopApplication.Settings.fromEnv(effective, workDir);
    List<String> refusals = LocalSecrets.refusals(settings);
    if (!refusals.isEmpty() && !env.bool(IngestConfig.ALLOW_LOCAL_SECRETS, false)) {
      refusals.forEach(r -> System.err.println("Not starting: " + r + "."));
      System.err.println(
          "Set your own secrets (README, Configuration), or "
              + IngestConfig.ALLOW_LOCAL_SECRETS
              + "=true on a network you trust.");
      if (cassandra != null) {
        cassandra.stopIfStartedHere();
      }
      lock.close();
      return 2;
    }
    CareLoopApplication app;
    try {
      app = CareLoopApplication.start(settings);
    } catch (RuntimeException | Error e) {
      if (cassandra != null) {
        cassandra.stopIfStartedHere();
      }
      lock.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    LocalCassandra node = cassandra;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping CareLoop...");
                  app.close();
                  if (node != null) {
                    node.stopIfStartedHere();
                  }
                  lock.close();
                  stopped.countDown();
                },
                "careloop-shutdown"));
    printBanner(settings, app);
    stopped.await();
    return 0;
  }

  private static void printBanner(CareLoopApplication.Settings s, CareLoopApplication app) {
    String api = app.apiBaseUrl();
    System.out.println();
    System.out.println("CareLoop is running.");
    System.out.println("  API       " + api + "/api/v1   (OpenAPI: " + api + "/openapi.yaml)");
    String management = app.managementBaseUrl();
    System.out.println(
        "  Health    " + management + "/health/ready   Metrics: " + management + "/metrics");
    System.out.println(
        "  MQTT      "
            + s.ingest().mqttUri()
            + (s.ingest().embeddedBroker() ? " (embedded broker)" : ""));
    System.out.println(
        "  Cassandra " + s.cassandra().contactPoints() + " keyspace " + s.cassandra().keyspace());
    System.out.println(
        "  Admin     "
            + s.patients().adminEmail()
            + (s.patients().usesLocalAdminPassword()
                ? " / " + PatientApiConfig.LOCAL_ADMIN_PASSWORD + " (local default)"
                : ""));
    System.out.println("Press Ctrl-C to stop.");
  }
}
