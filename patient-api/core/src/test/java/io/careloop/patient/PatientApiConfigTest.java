package io.careloop.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.platform.config.Env;
import io.careloop.platform.http.RateLimiter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PatientApiConfigTest {

  @Test
  @DisplayName("The account operations allow 60 requests at once per address, then 5 a second")
  void authLimitDefaults() {
    PatientApiConfig config = PatientApiConfig.fromEnv(new Env(Map.of()));

    assertThat(config.authPerAddress()).isEqualTo(new RateLimiter.Rate(60, Duration.ofMillis(200)));
  }

  @Test
  @DisplayName("A demo or load run raises the limit per address from the environment")
  void authLimitFromEnv() {
    PatientApiConfig config =
        PatientApiConfig.fromEnv(
            new Env(
                Map.of(
                    "CARELOOP_AUTH_BURST_PER_ADDRESS", "2000",
                    "CARELOOP_AUTH_RATE_PER_ADDRESS", "200")));

    assertThat(config.authPerAddress()).isEqualTo(new RateLimiter.Rate(2000, Duration.ofMillis(5)));
  }

  @Test
  @DisplayName("A limit below one is refused at start-up, by name")
  void authLimitBelowOneRefused() {
    assertThatThrownBy(
            () -> PatientApiConfig.fromEnv(new Env(Map.of("CARELOOP_AUTH_RATE_PER_ADDRESS", "0"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CARELOOP_AUTH_RATE_PER_ADDRESS");
    assertThatThrownBy(
            () -> PatientApiConfig.fromEnv(new Env(Map.of("CARELOOP_AUTH_BURST_PER_ADDRESS", "x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CARELOOP_AUTH_BURST_PER_ADDRESS");
  }
}
