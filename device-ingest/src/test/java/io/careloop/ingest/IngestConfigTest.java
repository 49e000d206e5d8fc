package io.careloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.platform.config.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

  private static final Path WORK = Path.of("/tmp/careloop-work");

  @Test
  @DisplayName("Defaults: a receive maximum of 4096 on one connection")
  void defaults() {
    IngestConfig config = IngestConfig.fromEnv(new Env(Map.of()), WORK);
    assertThat(config.receiveMaximum()).isEqualTo(4096);
    assertThat(config.connections()).isEqualTo(1);
    assertThat(config.connectionClientIds()).containsExactly("ingest-1");
  }

  @Test
  @DisplayName(
      "The backlog window is the contract's 11 days unless widened for a demo or a migration; narrower, or as long as the retention, is refused by name")
  void backlogWindow() {
    assertThat(IngestConfig.fromEnv(new Env(Map.of()), WORK).backlogWindow())
        .isEqualTo(Duration.ofDays(11));
    assertThat(
            IngestConfig.fromEnv(new Env(Map.of("CARELOOP_INGEST_BACKLOG_WINDOW", "61d")), WORK)
                .backlogWindow())
        .isEqualTo(Duration.ofDays(61));
    for (Map<String, String> env :
        List.of(
            Map.of("CARELOOP_INGEST_BACKLOG_WINDOW", "3d"),
            Map.of("CARELOOP_INGEST_BACKLOG_WINDOW", "60d", "CARELOOP_SESSION_RETENTION", "60d"))) {
      assertThatThrownBy(() -> IngestConfig.fromEnv(new Env(env), WORK))
          .as("%s", env)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("CARELOOP_INGEST_BACKLOG_WINDOW");
    }
  }

  @Test
  @DisplayName(
      "A receive maximum MQTT 5 cannot carry, or no connection at all, is refused at start-up by name")
  void outOfRangeIsRefused() {
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnv(
                    new Env(Map.of("CARELOOP_INGEST_RECEIVE_MAXIMUM", "70000")), WORK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CARELOOP_INGEST_RECEIVE_MAXIMUM");
    assertThatThrownBy(
            () ->
                IngestConfig.fromEnv(new Env(Map.of("CARELOOP_INGEST_RECEIVE_MAXIMUM", "0")), WORK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 and 65535");
    assertThatThrownBy(
            () -> IngestConfig.fromEnv(new Env(Map.of("CARELOOP_INGEST_CONNECTIONS", "0")), WORK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CARELOOP_INGEST_CONNECTIONS");
    assertThat(
            IngestConfig.fromEnv(
                    new Env(
                        Map.of(
                            "CARELOOP_INGEST_RECEIVE_MAXIMUM",
                            "65535",
                            "CARELOOP_INGEST_CONNECTIONS",
                            "3")),
                    WORK)
                .connectionClientIds())
        .containsExactly("ingest-1", "ingest-1-c2", "ingest-1-c3");
  }

  @Test
  @DisplayName(
      "A retention or code lifetime Cassandra cannot take as a TTL, or a zero session expiry, is refused by name")
  void ttlsCassandraCannotTake() {
    Map<String, String> refused =
        Map.of(
            "CARELOOP_SESSION_RETENTION", "7305d",
            "CARELOOP_DEAD_LETTER_RETENTION", "0s",
            "CARELOOP_PAIRING_CODE_TTL", "30000d",
            "CARELOOP_INGEST_SESSION_EXPIRY", "0s");
    refused.forEach(
        (name, value) ->
            assertThatThrownBy(() -> IngestConfig.fromEnv(new Env(Map.of(name, value)), WORK))
                .as(name)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name));

    IngestConfig longest =
        IngestConfig.fromEnv(
            new Env(
                Map.of(
                    "CARELOOP_SESSION_RETENTION",
                    "7300d",
                    "CARELOOP_DEAD_LETTER_RETENTION",
                    "7300d",
                    "CARELOOP_PAIRING_CODE_TTL",
                    "1s")),
            WORK);
    assertThat(longest.sessionRetention().toDays()).isEqualTo(7300);
    assertThat(IngestConfig.fromEnv(new Env(Map.of()), WORK).sessionRetention())
        .as("two years unless set")
        .isEqualTo(Duration.ofDays(730));
    assertThat(
            IngestConfig.fromEnv(new Env(Map.of("CARELOOP_SESSION_RETENTION", "0s")), WORK)
                .sessionRetention())
        .as("0: for ever")
        .isZero();
  }

  @Test
  @DisplayName(
      "The built-in backend secret is refused for a remote broker, also while the embedded one stays on loopback")
  void builtInSecretForARemoteBroker() {
    assertThat(IngestConfig.fromEnv(new Env(Map.of()), WORK).builtInSecretExposed()).isEmpty();
    assertThat(
            IngestConfig.fromEnv(
                    new Env(Map.of("CARELOOP_MQTT_URI", "ssl://10.20.30.40:8883")), WORK)
                .builtInSecretExposed())
        .hasValueSatisfying(why -> assertThat(why).contains("10.20.30.40"));
    assertThat(
            IngestConfig.fromEnv(new Env(Map.of("CARELOOP_MQTT_HOST", "0.0.0.0")), WORK)
                .builtInSecretExposed())
        .isPresent();
    assertThat(
            IngestConfig.fromEnv(
                    new Env(
                        Map.of(
                            "CARELOOP_MQTT_URI",
                            "ssl://10.20.30.40:8883",
                            "CARELOOP_MQTT_BACKEND_SECRET",
                            "a-real-secret")),
                    WORK)
                .builtInSecretExposed())
        .isEmpty();
  }
}
