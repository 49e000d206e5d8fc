package io.careloop.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.careloop.platform.auth.SigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/deploy/compose/compose.yaml, parsed and cross-checked, since no Docker engine runs here: the
 * parts, the image, documented settings, secrets as files, probes, the cluster, Cassandra, ports.
 */
class ComposeExampleTest {

  private static final Path DIR = Examples.DEPLOY.resolve("compose");
  private static Node compose;
  private static ConfigurationDoc settings;

  @BeforeAll
  static void parse() throws Exception {
    compose = Node.load(DIR.resolve("compose.yaml"));
    settings = ConfigurationDoc.read();
  }

  @Test
  @DisplayName(
      "A gateway, two ingest instances, alerts, reminders, notifications, three Cassandra nodes and Mosquitto")
  void everyPart() {
    assertThat(services().keySet())
        .contains("gateway", "alerts", "reminders", "notifications", "mosquitto");
    assertThat(careloop().values().stream().filter(s -> main(s).endsWith("DeviceIngestMain")))
        .hasSize(2);
    assertThat(cassandras()).hasSize(3);
    assertThat(services().get("mosquitto").text("image")).startsWith("eclipse-mosquitto:2");
  }

  @Test
  @DisplayName("CareLoop's services run the image the build makes, each with a main class it holds")
  void image() throws Exception {
    String image = "careloop:" + Examples.imageVersion();
    careloop()
        .forEach(
            (name, service) -> {
              assertThat(service.text("image")).as(name).isEqualTo(image);
              assertThat(Examples.isMain(main(service)))
                  .as(name + " runs " + main(service))
                  .isTrue();
            });
  }

  @Test
  @DisplayName("Every CARELOOP_ variable a service sets is documented in docs/configuration.md")
  void documentedSettings() {
    careloop()
        .forEach(
            (name, service) ->
                assertThat(env(service).keySet())
                    .allSatisfy(
                        variable ->
                            assertThat(settings.documents(variable))
                                .as(name + ": " + variable)
                                .isTrue()));
  }

  @Test
  @DisplayName(
      "Each ingest connection has its own client id, a broker user, and the external broker")
  void ingestClientIds() throws Exception {
    List<String> ids = new ArrayList<>();
    careloop()
        .forEach(
            (name, service) -> {
              String id = env(service).get("CARELOOP_INGEST_CLIENT_ID");
              if (id != null) {
                ids.add(id);
                assertThat(env(service))
                    .as(name)
                    .containsEntry("CARELOOP_EMBEDDED_BROKER", "false");
              }
            });
    assertThat(ids).hasSize(3).doesNotHaveDuplicates();
    assertThat(Examples.aclUsers(Examples.acl())).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(Examples.scriptUsers()).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  @DisplayName("Ingest reaches Mosquitto by its service name at its listener's port")
  void brokerAddress() throws Exception {
    String uri = "tcp://mosquitto:" + Examples.mosquittoSetting("listener");
    careloop()
        .forEach(
            (name, service) ->
                assertThat(env(service).get("CARELOOP_MQTT_URI")).as(name).isEqualTo(uri));
    assertThat(services().get("mosquitto").texts("volumes"))
        .contains(
            "./mosquitto/mosquitto.conf:/mosquitto/config/mosquitto.conf:ro",
            "./mosquitto/acl:" + Examples.mosquittoSetting("acl_file") + ":ro",
            "./secrets/mosquitto-passwd:" + Examples.mosquittoSetting("password_file") + ":ro");
  }

  @Test
  @DisplayName(
      "Secrets are mounted files: every X_FILE names a secret the service mounts, every secret is defined")
  void secretsAsFiles() {
    Map<String, Node> defined = map(compose.at("secrets"));
    careloop()
        .forEach(
            (name, service) -> {
              List<String> mounted = service.texts("secrets");
              assertThat(defined.keySet()).as(name).containsAll(mounted);
              env(service)
                  .forEach(
                      (variable, value) -> {
                        if (variable.endsWith("_FILE")) {
                          assertThat(value).as(name + ": " + variable).startsWith("/run/secrets/");
                          assertThat(mounted)
                              .as(name + ": " + variable)
                              .contains(value.substring("/run/secrets/".length()));
                        }
                      });
              String keys = env(service).get("CARELOOP_JWT_KEYS_DIR");
              if (keys != null) {
                assertThat(service.texts("volumes"))
                    .as(name)
                    .contains("./secrets/jwt-keys:" + keys + ":ro");
              }
            });
  }

  @Test
  @DisplayName(
      "make-secrets.sh writes every file the example mounts, keys CareLoop reads and every broker user")
  void secretsScript(@TempDir Path scratch) throws Exception {
    Path secrets = scratch.resolve("secrets");
    assumeTrue(Examples.makeSecrets(secrets), "make-secrets.sh needs openssl and mosquitto_passwd");

    map(compose.at("secrets"))
        .forEach(
            (name, secret) ->
                assertThat(scratch.resolve(Path.of(secret.text("file")).normalize()))
                    .as(name)
                    .isRegularFile());
    services()
        .forEach(
            (name, service) ->
                service.texts("volumes").stream()
                    .filter(v -> v.startsWith("./secrets/"))
                    .forEach(
                        volume ->
                            assertThat(scratch.resolve(Path.of(volume.split(":")[0]).normalize()))
                                .as(name)
                                .exists()));
    assertThat(SigningKeys.load(secrets.resolve("jwt-keys"), false).activeKid()).isEqualTo("0001");
    assertThat(
            Files.readAllLines(secrets.resolve("mosquitto-passwd")).stream()
                .map(l -> l.split(":")[0]))
        .containsExactlyInAnyOrderElementsOf(Examples.scriptUsers());
  }

  @Test
  @DisplayName("Health checks: every process's /health/ready on its management port")
  void healthChecks() {
    int management = settings.port("CARELOOP_MANAGEMENT_PORT");
    careloop()
        .forEach(
            (name, service) -> {
              String check = String.join(" ", service.texts("healthcheck.test"));
              assertThat(check)
                  .as(name)
                  .contains("/dev/tcp/127.0.0.1/" + management, "GET /health/ready", " 200 ");
              assertThat(service.at("healthcheck.start_period").exists()).as(name).isTrue();
            });
  }

  @Test
  @DisplayName("Every service has resource limits and reservations")
  void resources() {
    services()
        .forEach(
            (name, service) -> {
              assertThat(service.text("deploy.resources.limits.memory")).as(name).isNotNull();
              assertThat(service.text("deploy.resources.reservations.memory")).as(name).isNotNull();
              assertThat(service.text("deploy.resources.limits.cpus")).as(name).isNotNull();
            });
  }

  @Test
  @DisplayName(
      "Only the API port is published, at its documented default; health and metrics stay inside")
  void ports() {
    int api = settings.port("CARELOOP_HTTP_PORT");
    assertThat(services().get("gateway").texts("ports")).containsExactly(api + ":" + api);
    careloop()
        .forEach(
            (name, service) ->
                assertThat(service.texts("ports"))
                    .noneMatch(
                        port ->
                            port.contains(
                                String.valueOf(settings.port("CARELOOP_MANAGEMENT_PORT")))));
  }

  @Test
  @DisplayName(
      "Each process announces its own fixed address; the members are CareLoop processes at the cluster port")
  void clusterMembers() {
    List<String> addresses = new ArrayList<>();
    careloop()
        .forEach(
            (name, service) -> {
              String address = service.text("networks.careloop.ipv4_address");
              assertThat(env(service).get("CARELOOP_CLUSTER_HOST")).as(name).isEqualTo(address);
              assertThat(address).as(name).startsWith(subnetPrefix());
              addresses.add(address + ":" + settings.port("CARELOOP_CLUSTER_PORT"));
            });
    assertThat(addresses).doesNotHaveDuplicates();
    careloop()
        .forEach(
            (name, service) ->
                assertThat(env(service).get("CARELOOP_CLUSTER_MEMBERS").split(","))
                    .as(name)
                    .isNotEmpty()
                    .allSatisfy(member -> assertThat(addresses).contains(member)));
  }

  @Test
  @DisplayName(
      "Three Cassandra nodes of one cluster and data center: the one CareLoop reads with replication 3")
  void cassandra() {
    List<Node> nodes = new ArrayList<>(cassandras().values());
    String dc = nodes.get(0).text("environment.CASSANDRA_DC");
    assertThat(nodes)
        .allSatisfy(
            node -> {
              assertThat(node.text("environment.CASSANDRA_DC")).isEqualTo(dc);
              assertThat(node.text("environment.CASSANDRA_CLUSTER_NAME"))
                  .isEqualTo(nodes.get(0).text("environment.CASSANDRA_CLUSTER_NAME"));
              assertThat(cassandras()).containsKey(node.text("environment.CASSANDRA_SEEDS"));
            });
    careloop()
        .forEach(
            (name, service) -> {
              assertThat(env(service))
                  .as(name)
                  .containsEntry("CARELOOP_CQL_LOCAL_DC", dc)
                  .containsEntry(
                      "CARELOOP_CQL_REPLICATION",
                      "{'class':'NetworkTopologyStrategy','" + dc + "':3}");
              assertThat(env(service).get("CARELOOP_CQL_CONTACT_POINTS").split(","))
                  .containsExactlyInAnyOrderElementsOf(
                      cassandras().keySet().stream().map(n -> n + ":9042").toList());
            });
  }

  private static Map<String, Node> services() {
    return map(compose.at("services"));
  }

  private static Map<String, Node> careloop() {
    Map<String, Node> out = new java.util.LinkedHashMap<>();
    services()
        .forEach(
            (name, service) -> {
              if (String.valueOf(service.text("image")).startsWith("careloop:")) {
                out.put(name, service);
              }
            });
    return out;
  }

  private static Map<String, Node> cassandras() {
    Map<String, Node> out = new java.util.LinkedHashMap<>();
    services()
        .forEach(
            (name, service) -> {
              if (String.valueOf(service.text("image")).startsWith("cassandra:")) {
                out.put(name, service);
              }
            });
    return out;
  }

  private static String main(Node service) {
    List<String> command = service.texts("command");
    return command.isEmpty() ? Examples.GATEWAY_MAIN : command.get(0);
  }

  private static Map<String, String> env(Node service) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    service.entries("environment").forEach(e -> out.put(e.getKey(), e.getValue().text()));
    return out;
  }

  /** The network's /24 as "a.b.c.". */
  private static String subnetPrefix() {
    String subnet = compose.list("networks.careloop.ipam.config").get(0).text("subnet");
    assertThat(subnet).endsWith(".0/24");
    return subnet.substring(0, subnet.lastIndexOf('.') + 1);
  }

  private static Map<String, Node> map(Node node) {
    Map<String, Node> out = new java.util.LinkedHashMap<>();
    node.entries("").forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
