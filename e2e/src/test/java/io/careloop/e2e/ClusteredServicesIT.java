package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.alerts.Alerts;
import io.careloop.alerts.alert.AlertsConfig;
import io.careloop.ingest.DeviceIngest;
import io.careloop.ingest.IngestConfig;
import io.careloop.ingest.IngestOutcome;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.testing.TestBrush;
import io.careloop.ingest.testing.TestBrushIds;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.PatientSessions;
import io.careloop.platform.bus.StoredSession;
import io.careloop.platform.cassandra.CassandraConnector;
import io.careloop.platform.cluster.ClusterConfig;
import io.careloop.platform.cluster.Nodes;
import io.careloop.platform.cluster.ServiceNode;
import io.careloop.platform.config.Env;
import io.careloop.platform.management.ManagementConfig;
import io.careloop.platform.metrics.Metrics;
import io.careloop.platform.testing.FreePorts;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Services in separate processes, joined by the clustered event bus: device-ingest on one node,
 * alerts alone on another (as {@code AlertsMain} runs it). A session stored by ingest reaches the
 * alerts node's consumer, and the alerts node's question for a patient's sessions is answered by
 * ingest; with key stores, over mutual TLS.
 */
class ClusteredServicesIT {

  private final List<Vertx> nodes = new ArrayList<>();
  private CqlSession session;

  @AfterEach
  void stop() {
    for (Vertx node : nodes) {
      node.close().await();
    }
    if (session != null) {
      session.close();
    }
  }

  @Test
  @DisplayName(
      "A session stored on the ingest node reaches alerts on another node, which asks ingest for the patient's sessions")
  void ingestAndAlertsOnTwoNodes() throws Exception {
    sessionStoredCrossesNodes(Optional.empty());
  }

  @Test
  @DisplayName("The same over mutual TLS between the nodes")
  void overMutualTls() throws Exception {
    sessionStoredCrossesNodes(Optional.of(tls(Files.createTempDirectory("careloop-cluster-tls"))));
  }

  @Test
  @DisplayName(
      "A service alone (alerts, as AlertsMain runs it) serves readiness and its own metrics on its management port")
  void aServiceAloneServesHealthAndMetrics() throws Exception {
    int clusterPort = FreePorts.next();
    var cql = TestCassandra.get().config();
    Env env =
        new Env(
            Map.of(
                "CARELOOP_CLUSTER_MEMBERS",
                "127.0.0.1:" + clusterPort,
                "CARELOOP_CLUSTER_PORT",
                String.valueOf(clusterPort),
                "CARELOOP_CLUSTER_NAME",
                "careloop-test-" + UUID.randomUUID(),
                "CARELOOP_CQL_CONTACT_POINTS",
                cql.contactPoints().get(0).getHostString()
                    + ":"
                    + cql.contactPoints().get(0).getPort(),
                "CARELOOP_CQL_KEYSPACE",
                cql.keyspace()));
    ServiceNode node = ServiceNode.join("alerts", env);
    nodes.add(node.vertx());
    session = node.session();
    Alerts.create(node.vertx(), node.session(), AlertsConfig.defaults(), Clock.systemUTC())
        .await()
        .reportTo(node.meters());

    String management = "http://127.0.0.1:" + node.serveManagement(ManagementConfig.local());

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> ready =
        http.send(
            HttpRequest.newBuilder(URI.create(management + "/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(
            new JsonObject(ready.body())
                .getJsonObject("checks")
                .getJsonObject("cassandra")
                .getString("status"))
        .isEqualTo("UP");
    String metrics =
        http.send(
                HttpRequest.newBuilder(URI.create(management + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains(
            "careloop_alerts_opened_total{severity=\"high\"}",
            "vertx_eventbus_handlers",
            "jvm_memory_used_bytes");
  }

  private void sessionStoredCrossesNodes(Optional<ClusterConfig.Tls> tls) throws Exception {
    int portA = FreePorts.next();
    int portB = FreePorts.next();
    List<String> members = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
    String name = "careloop-test-" + UUID.randomUUID();
    Vertx ingestNode = node(new ClusterConfig(members, "127.0.0.1", portA, name, tls));
    Vertx alertsNode = node(new ClusterConfig(members, "127.0.0.1", portB, name, tls));
    session = CassandraConnector.connect(TestCassandra.get().config());
    Clock clock = Clock.systemUTC();
    DeviceIngest ingest =
        DeviceIngest.create(
                ingestNode,
                session,
                IngestConfig.local(FreePorts.next(), "cluster-it"),
                Metrics.newRegistry(),
                clock)
            .await();
    Alerts alerts = Alerts.create(alertsNode, session, AlertsConfig.defaults(), clock).await();
    alerts.startConsumer(alertsNode).await();

    UUID patientId = UUID.randomUUID();
    String deviceId = TestBrushIds.random();
    DeviceRegistry.Registration brush = ingest.registry().register(deviceId, "CL-100").await();
    ingest.registry().pair(patientId, brush.pairingCode()).await();
    Instant startedAt =
        clock.instant().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
    byte[] payload =
        TestBrush.payload(deviceId, 41, startedAt).encode().getBytes(StandardCharsets.UTF_8);
    IngestOutcome outcome =
        Future.<IngestOutcome>future(
                done ->
                    ingestNode.runOnContext(
                        v ->
                            ingest
                                .ingestor()
                                .ingest("careloop/v1/devices/" + deviceId + "/sessions", payload)
                                .onComplete(done)))
            .await();
    assertThat(outcome).isEqualTo(IngestOutcome.STORED);

    // ingest -> alerts: the session-stored event crossed to the other node (no ingest runs there)
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> alerts.lastSessionSeen(patientId).isPresent());
    assertThat(alerts.lastSessionSeen(patientId).orElseThrow().startedAt()).isEqualTo(startedAt);

    // alerts -> ingest: a question from the alerts node, answered by the ingest node
    PatientSessions question =
        PatientSessions.ask(
            patientId, startedAt.minus(Duration.ofHours(1)), clock.instant().plusSeconds(1));
    PatientSessions answer =
        alertsNode
            .eventBus()
            .<PatientSessions>request(Addresses.PATIENT_SESSIONS, question)
            .await()
            .body();
    assertThat(answer.sessions()).extracting(StoredSession::deviceId).containsExactly(deviceId);

    if (tls.isPresent()) {
      // A process without the key joins the membership (Hazelcast's own traffic is not
      // encrypted) but gets no answer: the ingest node's event bus requires its certificate.
      Vertx intruder =
          node(new ClusterConfig(members, "127.0.0.1", FreePorts.next(), name, Optional.empty()));
      Future<?> asked =
          intruder
              .eventBus()
              .request(
                  Addresses.PATIENT_SESSIONS,
                  question,
                  new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(5_000));
      assertThat(asked.transform(ar -> Future.succeededFuture(ar)).await().failed())
          .as("no answer without the key")
          .isTrue();
    }
  }

  private Vertx node(ClusterConfig cluster) {
    Vertx node = Nodes.start(Metrics.newRegistry(), new VertxOptions(), cluster).await();
    nodes.add(node);
    return node;
  }

  /** One key pair and certificate for both nodes, and a trust store holding that certificate. */
  private static ClusterConfig.Tls tls(Path dir) throws Exception {
    Path keyStore = dir.resolve("node.p12");
    Path cert = dir.resolve("node.crt");
    Path trustStore = dir.resolve("trust.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(
        keytool,
        "-genkeypair",
        "-alias",
        "node",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=careloop-node",
        "-ext",
        "SAN=IP:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        "node-secret");
    run(
        keytool,
        "-exportcert",
        "-alias",
        "node",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        "node-secret",
        "-file",
        cert.toString());
    run(
        keytool,
        "-importcert",
        "-noprompt",
        "-alias",
        "node",
        "-file",
        cert.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        trustStore.toString(),
        "-storepass",
        "trust-secret");
    return new ClusterConfig.Tls(keyStore, "node-secret", trustStore, "trust-secret");
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }
}
