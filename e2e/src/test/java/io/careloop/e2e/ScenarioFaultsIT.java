package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.alerts.alert.AlertsConfig;
import io.careloop.gateway.CareLoopApplication;
import io.careloop.gateway.GatewayConfig;
import io.careloop.ingest.DeviceIngestMain;
import io.careloop.ingest.IngestConfig;
import io.careloop.notifications.push.PushConfig;
import io.careloop.patient.PatientApiConfig;
import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.cassandra.CassandraConfig;
import io.careloop.platform.cluster.ClusterConfig;
import io.careloop.platform.testing.FreePorts;
import io.careloop.platform.testing.TestCassandra;
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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shipped fault scenario ({@code simulators/scenarios/faults.yaml}) run by careloop-sim against
 * CareLoop with the embedded broker and the ingest consumer each in a JVM of its own (joined to
 * this one's clustered event bus), both killed and started again mid-stream by the scenario's own
 * fault commands: every session a brush saw acknowledged is stored, and stored once.
 */
class ScenarioFaultsIT {

  private static final String ADMIN = "admin@careloop.test";
  private static final String PASSWORD = "admin password for tests";

  @Test
  @DisplayName("Broker and ingest killed and restarted mid-stream: 0 acknowledged sessions lost, 0 stored twice")
  void brokerAndIngestRestartMidStream() throws Exception {
    Path work = Files.createTempDirectory("careloop-scenario-faults");
    CassandraConfig cassandra = TestCassandra.get().config();
    int brokerPort = FreePorts.next();
    int httpPort = FreePorts.next();
    int clusterApp = FreePorts.next();
    int clusterIngest = FreePorts.next();
    String clusterName = "faults-" + httpPort;
    List<String> members = List.of("127.0.0.1:" + clusterApp, "127.0.0.1:" + clusterIngest);
    String brokerUri = "tcp://127.0.0.1:" + brokerPort;
    try (ServiceScripts services = new ServiceScripts(work)) {
      services.define("broker", EmbeddedBrokerMain.class, "Embedded MQTT broker listening",
          common(work.resolve("broker-home"), cassandra, Map.of("CARELOOP_MQTT_PORT", Integer.toString(brokerPort))));
      services.define("ingest", DeviceIngestMain.class, "Ingest client ingest-proc connected",
          common(work.resolve("ingest-home"), cassandra, Map.of("CARELOOP_EMBEDDED_BROKER", "false",
              "CARELOOP_MQTT_URI", brokerUri, "CARELOOP_INGEST_CLIENT_ID", "ingest-proc",
              "CARELOOP_CLUSTER_MEMBERS", String.join(",", members), "CARELOOP_CLUSTER_PORT",
              Integer.toString(clusterIngest), "CARELOOP_CLUSTER_NAME", clusterName)));
      services.run("start", "broker");
      try (CareLoopApplication app = startApp(work, cassandra, brokerUri, httpPort,
          new ClusterConfig(members, "127.0.0.1", clusterApp, clusterName, Optional.empty()))) {
        services.run("start", "ingest");
        ScenarioRun.Result result = runShippedScenario(services, httpPort, brokerUri, work);
        JsonObject sessions = result.report().getJsonObject("sessions");
        System.out.println("faults.yaml report: " + result.json() + "\n" + result.report().encodePrettily());
        assertThat(result.report().getJsonArray("faults")).hasSize(2)
            .allSatisfy(f -> assertThat(((JsonObject) f).getInteger("exitCode")).as(f.toString()).isZero());
        assertThat(sessions.getLong("failedConnects")).as("brushes found the broker away mid-stream").isPositive();
        assertThat(sessions.getLong("acknowledged")).as("acknowledged").isGreaterThan(sessions.getLong("due") / 2);
        assertThat(sessions.getLong("lost")).as("acknowledged sessions not stored").isZero();
        assertThat(sessions.getLong("storedTwice")).as("sessions stored twice").isZero();
      }
    } finally {
      TestCassandra.deleteTree(work);
    }
  }

  private static ScenarioRun.Result runShippedScenario(ServiceScripts services, int httpPort, String brokerUri,
                                                       Path work) throws Exception {
    Scenario shipped = ScenarioReader.read(Path.of("..", "simulators", "scenarios", "faults.yaml"));
    Scenario scenario = shipped.with(new Scenario.Target("http://127.0.0.1:" + httpPort, ADMIN, PASSWORD),
        new Link.Broker(brokerUri, null, null), shipped.shard());
    Map<String, String> faults = Map.of(
        "CARELOOP_SIM_BROKER_RESTART", services.command("restart", "broker"),
        "CARELOOP_SIM_INGEST_RESTART", services.command("restart", "ingest"));
    return new ScenarioRun(scenario, Path.of("target", "sim-reports"), faults,
        new ProgressLine(System.out, false)).run();
  }

  private static Map<String, String> common(Path home, CassandraConfig cassandra, Map<String, String> more) {
    var node = cassandra.contactPoints().get(0);
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>(more);
    env.put("CARELOOP_WORK", home.toString());
    env.put("CARELOOP_CQL_CONTACT_POINTS", node.getHostString() + ":" + node.getPort());
    env.put("CARELOOP_CQL_KEYSPACE", cassandra.keyspace());
    return env;
  }

  /** CareLoop's API, alerts and the rest in this JVM; its own ingest consumer leaves, so the ingest process is the only one. */
  private static CareLoopApplication startApp(Path work, CassandraConfig cassandra, String brokerUri, int httpPort,
                                              ClusterConfig cluster) throws Exception {
    IngestConfig ingest = IngestConfig.local(FreePorts.next(), "ingest-app").forBroker(brokerUri, "ingest-app", 256);
    CareLoopApplication app = CareLoopApplication.start(new CareLoopApplication.Settings(cassandra, ingest,
        new PatientApiConfig(Duration.ofMinutes(15), Duration.ofDays(30), ADMIN, PASSWORD), PushConfig.off(),
        ReminderConfig.defaults().off(), GatewayConfig.local(httpPort), SigningKeys.ephemeral("faults"),
        Files.createDirectories(work.resolve("app")), Clock.systemUTC(), AlertsConfig.defaults(), cluster));
    app.ingestConsumer().leave().await();
    return app;
  }
}
