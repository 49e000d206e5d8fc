package io.careloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.platform.config.Env;
import java.nio.file.Path;
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
  @DisplayName("A receive maximum MQTT 5 cannot carry, or no connection at all, is refused at start-up by name")
  void outOfRangeIsRefused() {
    assertThatThrownBy(() -> IngestConfig.fromEnv(new Env(Map.of("CARELOOP_INGEST_RECEIVE_MAXIMUM", "70000")), WORK))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CARELOOP_INGEST_RECEIVE_MAXIMUM");
    assertThatThrownBy(() -> IngestConfig.fromEnv(new Env(Map.of("CARELOOP_INGEST_RECEIVE_MAXIMUM", "0")), WORK))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 65535");
    assertThatThrownBy(() -> IngestConfig.fromEnv(new Env(Map.of("CARELOOP_INGEST_CONNECTIONS", "0")), WORK))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CARELOOP_INGEST_CONNECTIONS");
    assertThat(IngestConfig.fromEnv(new Env(Map.of("CARELOOP_INGEST_RECEIVE_MAXIMUM", "65535",
        "CARELOOP_INGEST_CONNECTIONS", "3")), WORK).connectionClientIds()).containsExactly("ingest-1", "ingest-1-c2",
        "ingest-1-c3");
  }
}
