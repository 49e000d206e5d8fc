package io.careloop.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image that {@code ./mvnw -Pimage package} writes (the profile tells this test
 * where): its configuration read from the tar, and each service's main run from its file system as
 * its user. Without the profile there is no image and nothing to check.
 */
@EnabledIfSystemProperty(named = "careloop.image.tar", matches = ".+")
class ContainerImageIT {

  private static final String GATEWAY = "io.careloop.gateway.CareLoopMain";
  private static final List<String> SERVICES =
      List.of(
          "io.careloop.alerts.AlertsMain",
          "io.careloop.notifications.NotificationsMain",
          "io.careloop.reminders.RemindersMain",
          "io.careloop.patient.PatientApiMain");

  @TempDir static Path scratch;
  private static ImageTar image;
  private static ConfigurationDoc settings;
  private static ImageRuntime runtime;

  @BeforeAll
  static void readImage() throws Exception {
    image =
        ImageTar.read(Path.of(System.getProperty("careloop.image.tar")), scratch.resolve("tar"));
    settings = ConfigurationDoc.read();
  }

  @Test
  @DisplayName(
      "By default it runs the gateway with every module, against an external Cassandra, as user 10001")
  void gatewayByDefault() {
    assertThat(image.list("Cmd")).containsExactly(GATEWAY, "--no-local-cassandra");
    assertThat(image.runtime().getString("User")).isEqualTo("10001:10001").doesNotStartWith("0");
    assertThat(image.runtime().getString("WorkingDir")).isEqualTo(image.envValue("CARELOOP_WORK"));
  }

  @Test
  @DisplayName(
      "The entrypoint takes a main class as its command and CARELOOP_JAVA_OPTS as the JVM's options")
  void entrypoint() {
    List<String> entrypoint = image.list("Entrypoint");

    assertThat(entrypoint).hasSize(4).startsWith("/bin/sh", "-c");
    assertThat(entrypoint.get(2))
        .startsWith("exec java $CARELOOP_JAVA_OPTS ")
        .contains(
            "-Dlogback.configurationFile=/app/conf/logback.xml", "-cp @/app/jib-classpath-file")
        .endsWith(" \"$@\"");
  }

  @Test
  @DisplayName("The JVM options are those docs/benchmarks.md settled on: G1 and a 512 MiB heap")
  void jvmOptions() {
    assertThat(image.envValue("CARELOOP_JAVA_OPTS").split(" "))
        .contains("-XX:+UseG1GC", "-Xmx512m")
        .doesNotContain("-XX:+UseParallelGC", "-XX:+UseBiasedLocking");
  }

  @Test
  @DisplayName(
      "It exposes the API, management, MQTT and cluster ports at their documented defaults")
  void ports() {
    JsonObject exposed = image.runtime().getJsonObject("ExposedPorts");

    assertThat(exposed.fieldNames())
        .containsExactlyInAnyOrder(
            settings.port("CARELOOP_HTTP_PORT") + "/tcp",
                settings.port("CARELOOP_MANAGEMENT_PORT") + "/tcp",
            settings.port("CARELOOP_MQTT_PORT") + "/tcp",
                settings.port("CARELOOP_CLUSTER_PORT") + "/tcp");
  }

  @Test
  @DisplayName(
      "Its environment sets only documented settings, listening beyond loopback and logging JSON")
  void environment() {
    List<String> careloop =
        image.env().stream()
            .map(line -> line.substring(0, line.indexOf('=')))
            .filter(name -> name.startsWith("CARELOOP_"))
            .toList();

    assertThat(settings.size()).isGreaterThan(50);
    assertThat(careloop)
        .isNotEmpty()
        .allSatisfy(name -> assertThat(settings.documents(name)).as(name).isTrue());
    assertThat(image.envValue("CARELOOP_HTTP_HOST")).isEqualTo("0.0.0.0");
    assertThat(image.envValue("CARELOOP_MANAGEMENT_HOST")).isEqualTo("0.0.0.0");
    assertThat(image.envValue("CARELOOP_LOG_FORMAT")).isEqualTo("json");
  }

  @Test
  @DisplayName(
      "Every service's main runs from the image as user 10001 and refuses to start half-configured")
  void everyServiceRuns() throws Exception {
    assumeTrue(
        ImageRuntime.usable(), "running the image's file system needs root, unshare and chroot");
    ImageRuntime runtime = unpacked();

    for (String service : SERVICES) {
      ImageRuntime.Result result = runtime.run(List.of(service), Map.of());
      assertThat(result.exitCode()).as(service + ": " + result.output()).isEqualTo(2);
      assertThat(jsonLines(result.output()))
          .as(service + ": " + result.output())
          .anySatisfy(
              line ->
                  assertThat(line.getString("formattedMessage"))
                      .contains("needs the clustered event bus"));
    }
    ImageRuntime.Result ingest =
        runtime.run(List.of("io.careloop.ingest.DeviceIngestMain"), Map.of());
    assertThat(ingest.exitCode()).as(ingest.output()).isEqualTo(2);
    assertThat(ingest.output()).contains("Not starting: ", "CARELOOP_MQTT_BACKEND_SECRET");
  }

  @Test
  @DisplayName(
      "The gateway writes its work folder as user 10001, reads secrets from X_FILE, and refuses built-in ones")
  void gatewayRuns() throws Exception {
    assumeTrue(
        ImageRuntime.usable(), "running the image's file system needs root, unshare and chroot");
    ImageRuntime runtime = unpacked();
    Path secret = runtime.path("/run/secrets/admin-password");
    Files.createDirectories(secret.getParent());
    Files.writeString(secret, "a-real-admin-password\n");

    ImageRuntime.Result result =
        runtime.run(
            image.list("Cmd"),
            Map.of("CARELOOP_ADMIN_PASSWORD_FILE", "/run/secrets/admin-password"));

    assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
    assertThat(result.output())
        .contains("Not starting: ", "CARELOOP_MQTT_BACKEND_SECRET")
        .doesNotContain("CARELOOP_ADMIN_PASSWORD");
    Path keys = runtime.path(image.envValue("CARELOOP_WORK") + "/keys");
    assertThat(Files.list(keys).toList())
        .isNotEmpty()
        .allSatisfy(key -> assertThat(Files.getAttribute(key, "unix:uid")).isEqualTo(10001));
  }

  private static synchronized ImageRuntime unpacked() throws Exception {
    if (runtime == null) {
      Path root = scratch.resolve("rootfs");
      image.unpackInto(root);
      runtime = new ImageRuntime(root, image);
    }
    return runtime;
  }

  private static List<JsonObject> jsonLines(String output) {
    return Stream.of(output.split("\n"))
        .filter(line -> line.startsWith("{"))
        .map(JsonObject::new)
        .toList();
  }
}
