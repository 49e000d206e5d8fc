package io.careloop.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvTest {

  @Test
  @DisplayName("Durations read as 500ms, 30s, 15m, 2h, 7d; blanks fall back to the default")
  void durations() {
    Env env = new Env(Map.of("A", "500ms", "B", "15m", "C", "7d", "D", " "));

    assertThat(env.duration("A", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
    assertThat(env.duration("B", Duration.ZERO)).isEqualTo(Duration.ofMinutes(15));
    assertThat(env.duration("C", Duration.ZERO)).isEqualTo(Duration.ofDays(7));
    assertThat(env.duration("D", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("A value that cannot be read names its variable")
  void badValuesNameTheVariable() {
    Env env =
        new Env(
            Map.of("CARELOOP_HTTP_PORT", "eighty", "CARELOOP_X", "soon", "CARELOOP_Y", "maybe"));

    assertThatThrownBy(() -> env.integer("CARELOOP_HTTP_PORT", 8080))
        .hasMessageContaining("CARELOOP_HTTP_PORT");
    assertThatThrownBy(() -> env.duration("CARELOOP_X", Duration.ZERO))
        .hasMessageContaining("CARELOOP_X");
    assertThatThrownBy(() -> env.bool("CARELOOP_Y", false)).hasMessageContaining("CARELOOP_Y");
  }

  @Test
  @DisplayName(
      "A secret can come from the file X_FILE names, without its final line break; not from both")
  void secretsFromFiles(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("admin-password"), "a long secret\n");
    Env env = new Env(Map.of("CARELOOP_ADMIN_PASSWORD_FILE", secret.toString()));

    assertThat(env.string("CARELOOP_ADMIN_PASSWORD", "default")).isEqualTo("a long secret");
    assertThatThrownBy(
            () ->
                new Env(Map.of("CARELOOP_X_FILE", dir.resolve("missing").toString()))
                    .string("CARELOOP_X", "d"))
        .hasMessageContaining("CARELOOP_X_FILE");
    assertThatThrownBy(
            () ->
                new Env(Map.of("CARELOOP_X", "inline", "CARELOOP_X_FILE", secret.toString()))
                    .string("CARELOOP_X", "d"))
        .hasMessageContaining("not both");
  }
}
