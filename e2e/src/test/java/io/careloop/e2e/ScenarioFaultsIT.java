package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.alerts.alert.AlertsConfig;
import io.careloop.crm.CrmConfig;
import io.careloop.gateway.CareLoopApplication;
import io.careloop.gateway.GatewayConfig;
import io.careloop.ingest.DeviceIngestMain;
import io.careloop.ingest.IngestConfig;
import io.careloop.ingest.testing.MosquittoBroker;
import io.careloop.notifications.push.PushConfig;
import io.careloop.patient.PatientApiConfig;
import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.cassandra.CassandraConfig;
import io.careloop.platform.cluster.ClusterConfig;
import io.careloop.platform.testing.FreePorts;
import io.careloop.platform.testing.TestCassandra;
import io.careloop.platform.tracing.Tracing;
import io.careloop.reminders.schedule.ReminderConfig;
import io.careloop.simulators.fleet.Link;
import io.careloop.simulators.scenario.ProgressLine;
import io.careloop.simulators.scenario.Scenario;
import io.careloop.simulators.scenario.ScenarioReader;
import io.careloop.simulators.scenario.ScenarioRun;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shipped fault scenario ({@code simulators/scenarios/faults.yaml}) run by careloop-sim against
 * CareLoop with the broker (the embedded one, or Mosquitto) and the ingest consumer each in a
 * process of its own (ingest joined to this JVM's clustered event bus), both stopped and started
 * again mid-stream by the scenario's own fault commands: every session a brush saw acknowledged is
 * stored, and stored once.
 */
class ScenarioFaultsIT {

  private static final String ADMIN = "admin@careloop.test";
  private static final String PASSWORD = "admin password for tests";

  /**
   * Measuring only, not for the suite: the Mosquitto case's stop signal (KILL: a crash), its
   * autosave lines (separated by ';'), a plain restart without holding brushes off ({@code true}),
   * and another scenario file (e.g.
   * src/test/resources/scenarios/broker-crash-while-ingest-away.yaml).
   */
  private static final String STOP_PROPERTY = "careloop.faults.mosquitto.stop";

  private static final String AUTOSAVE_PROPERTY = "careloop.faults.mosquitto.autosave";
  private static final String UNPLANNED_PROPERTY = "careloop.faults.mosquitto.unplanned";
  private static final String SCENARIO_PROPERTY = "careloop.faults.scenario";

  @Test
  @DisplayName(
      "Embedded broker and ingest killed (SIGKILL) and restarted mid-stream: 0 acknowledged sessions lost,"
          + " 0 stored twice")
  void embeddedBrokerAndIngestRestartMidStream() throws Exception {
    Path work = Files.createTempDirectory("careloop-scenario-faults");
    int brokerPort = FreePorts.forRestarts();
    try (ServiceScripts services = new ServiceScripts(work)) {
      services.define(
          "broker",
          EmbeddedBrokerMain.class,
          "Embedded MQTT broker listening",
          common(
              work.resolve("broker-home"),
              Map.of("CARELOOP_MQTT_PORT", Integer.toString(brokerPort))));
      JsonObject sessions =
          runAgainst(
              services,
              work,
              "tcp://127.0.0.1:" + brokerPort,
              new Link.Broker("tcp://127.0.0.1:" + brokerPort, null, null),
              services.command("restart", "broker"));
      assertThat(sessions.getLong("lost")).as("acknowledged sessions not stored").isZero();
    } finally {
      TestCassandra.deleteTree(work);
    }
  }

  @Test
  @DisplayName(
      "Mosquitto restarted as planned (SIGTERM, 5 s away, brushes refused until ingest's shared"
          + " subscription is back) and ingest killed mid-stream: 0 acknowledged sessions lost, 0"
          + " stored twice")
  void mosquittoPlannedRestartAndIngestRestartMidStream() throws Exception {
    Assumptions.assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed");
    Path work = Files.createTempDirectory("careloop-scenario-mosquitto");
    try (ServiceScripts services = new ServiceScripts(work)) {
      MosquittoService mosquitto =
          MosquittoService.define(
              services,
              "broker",
              work.resolve("mosquitto"),
              FreePorts.forRestarts(),
              System.getProperty(STOP_PROPERTY, "TERM"),
              System.getProperty(AUTOSAVE_PROPERTY, MosquittoService.SHIPPED_AUTOSAVE)
                  .replace(';', '\n'));
      JsonObject sessions =
          runAgainst(
              services,
              work,
              mosquitto.uri(),
              new Link.Broker(
                  mosquitto.uri(), MosquittoService.BRUSHES_USER, MosquittoService.BRUSHES_SECRET),
              Boolean.parseBoolean(System.getProperty(UNPLANNED_PROPERTY, "false"))
                  ? services.command("restart", "broker")
                  : mosquitto.plannedRestart());
      assertThat(sessions.getLong("lost"))
          .as(
              "acknowledged sessions not stored (of them %d acknowledged 'no"
                  + " matching subscribers')",
              sessions.getLong("lostAfterNoMatchingSubscribers"))
          .isZero();
    } finally {
      TestCassandra.deleteTree(work);
    }
  }

  /**
   * Starts the broker, this JVM's CareLoop and the ingest process, runs faults.yaml, checks and
   * answers its counts.
   */
  private static JsonObject runAgainst(
      ServiceScripts services,
      Path work,
      String brokerUri,
      Link.Broker brushes,
      String brokerRestart)
      throws Exception {
    int httpPort = FreePorts.next();
    int clusterApp = FreePorts.forRestarts();
    int clusterIngest = FreePorts.forRestarts();
    String clusterName = "faults-" + httpPort;
    List<String> members = List.of("127.0.0.1:" + clusterApp, "127.0.0.1:" + clusterIngest);
    services.define(
        "ingest",
        DeviceIngestMain.class,
        "Ingest client ingest-proc connected",
        common(
            work.resolve("ingest-home"),
            Map.of(
                "CARELOOP_EMBEDDED_BROKER",
                "false",
                "CARELOOP_MQTT_URI",
                brokerUri,
                "CARELOOP_INGEST_CLIENT_ID",
                "ingest-proc",
                "CARELOOP_CLUSTER_MEMBERS",
                String.join(",", members),
                "CARELOOP_CLUSTER_PORT",
                Integer.toString(clusterIngest),
                "CARELOOP_CLUSTER_NAME",
                clusterName)));
    services.run("start", "broker");
    try (CareLoopApplication app =
        startApp(
            work,
            brokerUri,
            httpPort,
            new ClusterConfig(members, "127.0.0.1", clusterApp, clusterName, Optional.empty()))) {
      services.run("start", "ingest");
      ScenarioRun.Result result = runShippedScenario(services, httpPort, brushes, brokerRestart);
      JsonObject sessions = result.report().getJsonObject("sessions");
      System.out.println(
          "faults.yaml report: " + result.json() + "\n" + result.report().encodePrettily());
      assertThat(result.report().getJsonArray("faults"))
          .hasSize(2)
          .allSatisfy(
              f -> assertThat(((JsonObject) f).getInteger("exitCode")).as(f.toString()).isZero());
      assertThat(sessions.getLong("failedConnects"))
          .as("brushes found the broker away mid-stream")
          .isPositive();
      assertThat(sessions.getLong("acknowledged"))
          .as("acknowledged")
          .isGreaterThan(sessions.getLong("due") / 2);
      assertThat(sessions.getLong("storedTwice")).as("sessions stored twice").isZero();
      return sessions;
    }
  }

  private static ScenarioRun.Result runShippedScenario(
      ServiceScripts services, int httpPort, Link.Broker brushes, String brokerRestart)
      throws Exception {
    Scenario shipped =
        ScenarioReader.read(
            Path.of(System.getProperty(SCENARIO_PROPERTY, "../simulators/scenarios/faults.yaml")));
    Scenario scenario =
        shipped.with(
            new Scenario.Target("http://127.0.0.1:" + httpPort, ADMIN, PASSWORD),
            brushes,
            shipped.shard());
    Map<String, String> faults =
        Map.of(
            "CARELOOP_SIM_BROKER_RESTART",
            brokerRestart,
            "CARELOOP_SIM_INGEST_RESTART",
            services.command("restart", "ingest"));
    return new ScenarioRun(
            scenario, Path.of("target", "sim-reports"), faults, new ProgressLine(System.out, false))
        .run();
  }

  private static Map<String, String> common(Path home, Map<String, String> more) {
    CassandraConfig cassandra = TestCassandra.get().config();
    var node = cassandra.contactPoints().get(0);
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>(more);
    env.put("CARELOOP_WORK", home.toString());
    env.put("CARELOOP_CQL_CONTACT_POINTS", node.getHostString() + ":" + node.getPort());
    env.put("CARELOOP_CQL_KEYSPACE", cassandra.keyspace());
    return env;
  }

  /**
   * CareLoop's API, alerts and the rest in this JVM; its own ingest consumer leaves, so the ingest
   * process is the only one.
   */
  private static CareLoopApplication startApp(
      Path work, String brokerUri, int httpPort, ClusterConfig cluster) throws Exception {
    CassandraConfig cassandra = TestCassandra.get().config();
    IngestConfig ingest =
        IngestConfig.local(FreePorts.next(), "ingest-app").forBroker(brokerUri, "ingest-app", 256);
    CareLoopApplication app =
        CareLoopApplication.start(
            new CareLoopApplication.Settings(
                cassandra,
                ingest,
                new PatientApiConfig(Duration.ofMinutes(15), Duration.ofDays(30), ADMIN, PASSWORD),
                PushConfig.off(),
                ReminderConfig.defaults().off(),
                GatewayConfig.local(httpPort),
                SigningKeys.ephemeral("faults"),
                Files.createDirectories(work.resolve("app")),
                Clock.systemUTC(),
                AlertsConfig.defaults(),
                cluster,
                CrmConfig.defaults(),
                Tracing.off()));
    app.ingestConsumer().leave().await();
    return app;
  }
}
