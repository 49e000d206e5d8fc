package io.careloop.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * ops/deploy/kubernetes, parsed and cross-checked, since no cluster runs here: what the
 * kustomization lists, the workloads, the image, documented settings, probes, secrets as files,
 * ingest client ids, the event bus's members, Cassandra, and the Services' ports.
 */
class KubernetesExampleTest {

  private static final Path DIR = Examples.DEPLOY.resolve("kubernetes");
  private static Node kustomization;
  private static List<Node> objects;
  private static ConfigurationDoc settings;

  @BeforeAll
  static void parse() throws Exception {
    kustomization = Node.load(DIR.resolve("kustomization.yaml"));
    objects = new ArrayList<>();
    for (String file : kustomization.texts("resources")) {
      objects.addAll(Node.loadAll(DIR.resolve(file)));
    }
    settings = ConfigurationDoc.read();
  }

  @Test
  @DisplayName(
      "The kustomization lists every manifest of the folder, each an object with a kind and a name")
  void everyFileListed() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      assertThat(
              files
                  .map(f -> f.getFileName().toString())
                  .filter(f -> f.endsWith(".yaml"))
                  .filter(f -> !f.equals("kustomization.yaml")))
          .containsExactlyInAnyOrderElementsOf(kustomization.texts("resources"));
    }
    assertThat(objects)
        .allSatisfy(
            o -> {
              assertThat(o.text("apiVersion")).isNotBlank();
              assertThat(o.text("kind")).isNotBlank();
              assertThat(o.text("metadata.name")).isNotBlank();
            });
  }

  @Test
  @DisplayName(
      "A gateway, two ingest instances, alerts, reminders, notifications, three Cassandra nodes and Mosquitto")
  void everyPart() {
    assertThat(workload("StatefulSet", "gateway")).isPresent();
    assertThat(workload("StatefulSet", "ingest").orElseThrow().number("spec.replicas"))
        .isEqualTo(2);
    Stream.of("alerts", "reminders", "notifications")
        .forEach(name -> assertThat(workload("Deployment", name)).as(name).isPresent());
    assertThat(workload("StatefulSet", "cassandra").orElseThrow().number("spec.replicas"))
        .isEqualTo(3);
    assertThat(container(workload("StatefulSet", "mosquitto").orElseThrow()).text("image"))
        .startsWith("eclipse-mosquitto:2");
  }

  @Test
  @DisplayName(
      "CareLoop's containers run the image the build makes, as its user, each with a main class it holds")
  void image() throws Exception {
    Node image = kustomization.list("images").get(0);
    assertThat(image.text("name")).isEqualTo("careloop");
    assertThat(image.text("newTag")).isEqualTo(Examples.imageVersion());
    careloop()
        .forEach(
            workload -> {
              assertThat(Examples.isMain(main(workload)))
                  .as(name(workload) + " runs " + main(workload))
                  .isTrue();
              assertThat(workload.at("spec.template.spec.securityContext.runAsNonRoot").value())
                  .isEqualTo(true);
              assertThat(workload.number("spec.template.spec.securityContext.runAsUser"))
                  .isEqualTo(10001);
            });
  }

  @Test
  @DisplayName(
      "Every CARELOOP_ variable set is documented; every other one is used by a CARELOOP_ one")
  void documentedSettings() {
    Node config = object("ConfigMap", "careloop-env").orElseThrow();
    assertThat(config.entries("data"))
        .allSatisfy(e -> assertThat(settings.documents(e.getKey())).as(e.getKey()).isTrue());
    careloop()
        .forEach(
            workload -> {
              assertThat(container(workload).list("envFrom"))
                  .allSatisfy(
                      from ->
                          assertThat(object("ConfigMap", from.text("configMapRef.name")))
                              .isPresent());
              Map<String, Node> env = env(workload);
              env.forEach(
                  (variable, definition) ->
                      assertThat(
                              variable.startsWith("CARELOOP_")
                                  ? settings.documents(variable)
                                  : env.values().stream()
                                      .anyMatch(
                                          other ->
                                              String.valueOf(other.text("value"))
                                                  .contains("$(" + variable + ")")))
                          .as(name(workload) + ": " + variable)
                          .isTrue());
            });
  }

  @Test
  @DisplayName(
      "Probes: every process's /health/live and /health/ready on its management port, scraped there")
  void probes() {
    careloop()
        .forEach(
            workload -> {
              Node container = container(workload);
              for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                Node check = container.at(probe);
                assertThat(containerPort(container, check.text("httpGet.port")))
                    .as(name(workload) + " " + probe)
                    .isEqualTo(settings.port("CARELOOP_MANAGEMENT_PORT"));
                assertThat(check.text("httpGet.path"))
                    .as(probe)
                    .isEqualTo(probe.equals("readinessProbe") ? "/health/ready" : "/health/live");
              }
              assertThat(workload.at("spec.template.metadata.annotations").value())
                  .as(name(workload))
                  .asInstanceOf(InstanceOfAssertFactories.MAP)
                  .containsEntry(
                      "prometheus.io/port",
                      String.valueOf(settings.port("CARELOOP_MANAGEMENT_PORT")));
              assertThat(env(workload)).doesNotContainKey("CARELOOP_MANAGEMENT_PORT");
            });
  }

  @Test
  @DisplayName("Every container has CPU and memory requests and a memory limit")
  void resources() {
    workloads()
        .forEach(
            workload -> {
              Node resources = container(workload).at("resources");
              assertThat(resources.text("requests.cpu")).as(name(workload)).isNotNull();
              assertThat(resources.text("requests.memory")).as(name(workload)).isNotNull();
              assertThat(resources.text("limits.memory")).as(name(workload)).isNotNull();
            });
  }

  @Test
  @DisplayName(
      "Secrets are mounted files: every X_FILE is a key of a secret mounted there, every secret is generated")
  void secretsAsFiles() {
    workloads()
        .forEach(
            workload -> {
              Map<String, List<String>> files = secretFiles(workload);
              env(workload)
                  .forEach(
                      (variable, definition) -> {
                        if (variable.endsWith("_FILE")
                            || variable.equals("CARELOOP_JWT_KEYS_DIR")) {
                          String path = definition.text("value");
                          assertThat(
                                  files.keySet().stream()
                                      .anyMatch(
                                          mount ->
                                              variable.endsWith("_DIR")
                                                  ? path.equals(mount)
                                                  : path.startsWith(mount + "/")
                                                      && files
                                                          .get(mount)
                                                          .contains(
                                                              path.substring(mount.length() + 1))))
                              .as(name(workload) + ": " + variable + "=" + path)
                              .isTrue();
                        }
                      });
            });
  }

  @Test
  @DisplayName(
      "Mosquitto reads its password file and ACL where the mounts put them; its configuration is Compose's")
  void mosquitto() throws Exception {
    Node config = object("ConfigMap", "mosquitto-config").orElseThrow();
    Map<String, String> data = new LinkedHashMap<>();
    config.entries("data").forEach(e -> data.put(e.getKey(), e.getValue().text()));
    assertThat(data)
        .containsEntry("mosquitto.conf", Examples.mosquittoConf())
        .containsEntry("acl", Examples.acl());
    Map<String, List<String>> files =
        secretFiles(workload("StatefulSet", "mosquitto").orElseThrow());
    String passwd = Examples.mosquittoSetting("password_file");
    assertThat(files.get(passwd.substring(0, passwd.lastIndexOf('/')))).contains("passwd");
    assertThat(volumeMounts(workload("StatefulSet", "mosquitto").orElseThrow()))
        .containsEntry("/mosquitto/config", "config");
  }

  @Test
  @DisplayName(
      "Each ingest connection has its own stable client id and a broker user; ingest uses the external broker")
  void ingestClientIds() throws Exception {
    List<String> ids = new ArrayList<>();
    for (Node workload : careloop()) {
      Node id = env(workload).get("CARELOOP_INGEST_CLIENT_ID");
      if (id != null) {
        assertThat(workload.text("kind")).as("a stable pod name").isEqualTo("StatefulSet");
        for (int i = 0; i < workload.number("spec.replicas"); i++) {
          ids.add(clientId(id, name(workload) + "-" + i));
        }
      }
    }
    assertThat(ids).hasSize(3).doesNotHaveDuplicates();
    assertThat(Examples.aclUsers(Examples.acl())).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(Examples.scriptUsers()).containsExactlyInAnyOrderElementsOf(ids);
    Map<String, String> shared = configData("careloop-env");
    assertThat(shared).containsEntry("CARELOOP_EMBEDDED_BROKER", "false");
    Node broker = object("Service", "mosquitto").orElseThrow();
    assertThat(shared.get("CARELOOP_MQTT_URI"))
        .isEqualTo("tcp://mosquitto:" + broker.list("spec.ports").get(0).number("port"));
  }

  @Test
  @DisplayName(
      "The cluster's members are StatefulSet pods behind a headless Service that publishes them before they are ready")
  void clusterMembers() {
    String[] members = configData("careloop-env").get("CARELOOP_CLUSTER_MEMBERS").split(",");
    assertThat(members)
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(
            member -> {
              String[] hostPort = member.split(":");
              String[] podAndService = hostPort[0].split("\\.");
              Node set =
                  workload(
                          "StatefulSet",
                          podAndService[0].substring(0, podAndService[0].lastIndexOf('-')))
                      .orElseThrow();
              assertThat(
                      Integer.parseInt(
                          podAndService[0].substring(podAndService[0].lastIndexOf('-') + 1)))
                  .isLessThan(set.number("spec.replicas"));
              assertThat(set.text("spec.serviceName")).isEqualTo(podAndService[1]);
              assertThat(Integer.parseInt(hostPort[1]))
                  .isEqualTo(settings.port("CARELOOP_CLUSTER_PORT"));
              Node service = object("Service", podAndService[1]).orElseThrow();
              assertThat(service.text("spec.clusterIP")).isEqualTo("None");
              assertThat(service.at("spec.publishNotReadyAddresses").value()).isEqualTo(true);
            });
    Node cluster = object("Service", "careloop-cluster").orElseThrow();
    careloop()
        .forEach(
            workload -> {
              assertThat(podLabels(workload))
                  .as(name(workload))
                  .containsAllEntriesOf(selector(cluster));
              assertThat(
                      env(workload)
                          .get("CARELOOP_CLUSTER_HOST")
                          .text("valueFrom.fieldRef.fieldPath"))
                  .isEqualTo("status.podIP");
            });
  }

  @Test
  @DisplayName(
      "Three Cassandra nodes in the data center CareLoop reads, replication 3; contact points are its pods")
  void cassandra() {
    Node cassandra = workload("StatefulSet", "cassandra").orElseThrow();
    Map<String, String> nodeEnv = new LinkedHashMap<>();
    env(cassandra).forEach((name, definition) -> nodeEnv.put(name, definition.text("value")));
    Map<String, String> shared = configData("careloop-env");
    String dc = nodeEnv.get("CASSANDRA_DC");
    assertThat(shared)
        .containsEntry("CARELOOP_CQL_LOCAL_DC", dc)
        .containsEntry(
            "CARELOOP_CQL_REPLICATION", "{'class':'NetworkTopologyStrategy','" + dc + "':3}");
    String service = cassandra.text("spec.serviceName");
    assertThat(shared.get("CARELOOP_CQL_CONTACT_POINTS").split(","))
        .containsExactly(
            Stream.of(0, 1, 2)
                .map(
                    i ->
                        "cassandra-"
                            + i
                            + "."
                            + service
                            + ":"
                            + containerPort(container(cassandra), "cql"))
                .toArray(String[]::new));
    assertThat(nodeEnv.get("CASSANDRA_SEEDS")).isEqualTo("cassandra-0." + service);
    assertThat(object("Service", service).orElseThrow().text("spec.clusterIP")).isEqualTo("None");
  }

  @Test
  @DisplayName(
      "Every Service selects pods of a workload and targets ports they declare; the API's never the management port")
  void services() {
    objects.stream()
        .filter(o -> o.text("kind").equals("Service"))
        .forEach(
            service -> {
              Node target =
                  workloads().stream()
                      .filter(
                          w -> podLabels(w).entrySet().containsAll(selector(service).entrySet()))
                      .findFirst()
                      .orElseThrow(
                          () ->
                              new AssertionError(
                                  service.text("metadata.name") + " selects nothing"));
              service
                  .list("spec.ports")
                  .forEach(
                      port ->
                          assertThat(containerPort(container(target), port.text("targetPort")))
                              .as(service.text("metadata.name") + " " + port.text("targetPort"))
                              .isPositive());
            });
    assertThat(object("Service", "gateway-api").orElseThrow().list("spec.ports"))
        .extracting(p -> p.number("port"))
        .containsExactly(settings.port("CARELOOP_HTTP_PORT"));
  }

  private static String clientId(Node definition, String podName) {
    if ("metadata.name".equals(definition.text("valueFrom.fieldRef.fieldPath"))) {
      return podName;
    }
    return definition.text("value").replace("$(POD_NAME)", podName);
  }

  private static List<Node> workloads() {
    return objects.stream()
        .filter(o -> List.of("StatefulSet", "Deployment").contains(o.text("kind")))
        .toList();
  }

  private static List<Node> careloop() {
    return workloads().stream().filter(w -> "careloop".equals(container(w).text("image"))).toList();
  }

  private static Optional<Node> workload(String kind, String name) {
    return object(kind, name);
  }

  private static Optional<Node> object(String kind, String name) {
    return objects.stream()
        .filter(o -> kind.equals(o.text("kind")) && name.equals(o.text("metadata.name")))
        .findFirst();
  }

  private static String name(Node object) {
    return object.text("metadata.name");
  }

  private static Node container(Node workload) {
    return workload.list("spec.template.spec.containers").get(0);
  }

  private static String main(Node workload) {
    List<String> args = container(workload).texts("args");
    return args.isEmpty() ? Examples.GATEWAY_MAIN : args.get(0);
  }

  private static Map<String, Node> env(Node workload) {
    Map<String, Node> out = new LinkedHashMap<>();
    container(workload).list("env").forEach(e -> out.put(e.text("name"), e));
    return out;
  }

  private static Map<String, String> configData(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    object("ConfigMap", name)
        .orElseThrow()
        .entries("data")
        .forEach(e -> out.put(e.getKey(), e.getValue().text()));
    return out;
  }

  /**
   * A named container port's number (or a number given as is); 0 when the container has none such.
   */
  private static int containerPort(Node container, String port) {
    if (port != null && port.matches("\\d+")) {
      return Integer.parseInt(port);
    }
    return container.list("ports").stream()
        .filter(p -> p.text("name").equals(port))
        .map(p -> p.number("containerPort"))
        .findFirst()
        .orElse(0);
  }

  private static Map<String, String> podLabels(Node workload) {
    Map<String, String> out = new LinkedHashMap<>();
    workload
        .at("spec.template.metadata")
        .entries("labels")
        .forEach(e -> out.put(e.getKey(), e.getValue().text()));
    return out;
  }

  private static Map<String, String> selector(Node service) {
    Map<String, String> out = new LinkedHashMap<>();
    service.at("spec").entries("selector").forEach(e -> out.put(e.getKey(), e.getValue().text()));
    return out;
  }

  /** Mount path to volume name. */
  private static Map<String, String> volumeMounts(Node workload) {
    Map<String, String> out = new LinkedHashMap<>();
    container(workload)
        .list("volumeMounts")
        .forEach(m -> out.put(m.text("mountPath"), m.text("name")));
    return out;
  }

  /**
   * For each mount of a secret: its path and the files it holds (the generator's, or the items
   * chosen).
   */
  private static Map<String, List<String>> secretFiles(Node workload) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Map<String, Node> volumes = new LinkedHashMap<>();
    workload.list("spec.template.spec.volumes").forEach(v -> volumes.put(v.text("name"), v));
    List<String> claims =
        workload.list("spec.volumeClaimTemplates").stream()
            .map(c -> c.text("metadata.name"))
            .toList();
    volumeMounts(workload)
        .forEach(
            (path, volume) -> {
              if (!volumes.containsKey(volume)) {
                assertThat(claims).as(name(workload) + " mounts " + volume).contains(volume);
                return;
              }
              Node secret = volumes.get(volume).at("secret");
              if (secret.exists()) {
                List<String> generated = generatedKeys(secret.text("secretName"));
                List<Node> items = secret.list("items");
                items.forEach(item -> assertThat(generated).as(volume).contains(item.text("key")));
                out.put(
                    path,
                    items.isEmpty() ? generated : items.stream().map(i -> i.text("path")).toList());
              }
            });
    return out;
  }

  /**
   * The keys of a secret the kustomization generates from files (fails when it generates none
   * such).
   */
  private static List<String> generatedKeys(String secretName) {
    Node generator =
        kustomization.list("secretGenerator").stream()
            .filter(g -> secretName.equals(g.text("name")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("secret " + secretName + " is not defined"));
    return generator.texts("files").stream()
        .map(
            f ->
                f.contains("=")
                    ? f.substring(0, f.indexOf('='))
                    : Path.of(f).getFileName().toString())
        .toList();
  }
}
