package io.careloop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.platform.config.Env;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSecretsTest {

  @TempDir Path work;

  private List<String> refusals(Map<String, String> vars) {
    return LocalSecrets.refusals(
        CareLoopApplication.Settings.fromEnv(new Env(new HashMap<>(vars)), work));
  }

  @Test
  @DisplayName("The built-in secrets are fine while only this machine can reach what they guard")
  void loopbackIsFine() {
    assertThat(refusals(Map.of())).isEmpty();
    assertThat(
            refusals(
                Map.of(
                    "CARELOOP_HTTP_HOST",
                    "localhost",
                    "CARELOOP_EMBEDDED_BROKER",
                    "false",
                    "CARELOOP_MQTT_URI",
                    "tcp://127.0.0.1:1884")))
        .isEmpty();
  }

  @Test
  @DisplayName(
      "The built-in admin password with the API on the network, or broker secret with a reachable broker, is refused")
  void beyondLoopbackIsRefused() {
    assertThat(refusals(Map.of("CARELOOP_HTTP_HOST", "0.0.0.0")))
        .singleElement()
        .asString()
        .contains("CARELOOP_ADMIN_PASSWORD");
    assertThat(refusals(Map.of("CARELOOP_MQTT_HOST", "0.0.0.0")))
        .singleElement()
        .asString()
        .contains("CARELOOP_MQTT_BACKEND_SECRET");
    assertThat(
            refusals(
                Map.of(
                    "CARELOOP_EMBEDDED_BROKER",
                    "false",
                    "CARELOOP_MQTT_URI",
                    "ssl://broker.example:8883")))
        .singleElement()
        .asString()
        .contains("broker.example");
  }

  @Test
  @DisplayName("Own secrets may listen anywhere")
  void ownSecretsAnywhere() {
    assertThat(
            refusals(
                Map.of(
                    "CARELOOP_HTTP_HOST",
                    "0.0.0.0",
                    "CARELOOP_ADMIN_PASSWORD",
                    "a strong one",
                    "CARELOOP_MQTT_HOST",
                    "0.0.0.0",
                    "CARELOOP_MQTT_BACKEND_SECRET",
                    "another strong one")))
        .isEmpty();
  }
}
