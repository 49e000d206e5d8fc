package io.careloop.patient.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.patient.PatientApi;
import io.careloop.patient.PatientApiConfig;
import io.careloop.platform.auth.Role;
import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.auth.TokenVerifier;
import io.careloop.platform.http.Problem;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FirstAdminIT {

  private static final String PASSWORD = "the first admin's password";
  private static final SigningKeys keys = SigningKeys.ephemeral("first-admin");
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static PatientApi started(PatientApiConfig config) {
    return PatientApi.create(
            vertx, TestCassandra.session(PatientApi.MODULE), config, keys, Clock.systemUTC())
        .await();
  }

  @Test
  @DisplayName(
      "A service that starts patient-api alone makes no admin; the process serving the API makes it once")
  void onlyTheApiProcessMakesTheFirstAdmin() {
    PatientApiConfig config =
        new PatientApiConfig(
            Duration.ofMinutes(15),
            Duration.ofDays(30),
            "admin-" + UUID.randomUUID() + "@careloop.test",
            PASSWORD);
    PatientApi alone = started(config);

    assertThatThrownBy(() -> alone.accounts().login(config.adminEmail(), PASSWORD).await())
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(401));

    alone.ensureFirstAdmin(config).await();
    alone.ensureFirstAdmin(config).await();
    started(config)
        .ensureFirstAdmin(
            new PatientApiConfig(
                Duration.ofMinutes(15),
                Duration.ofDays(30),
                config.adminEmail(),
                "another password, not taken"))
        .await();

    AccountService.Tokens tokens = alone.accounts().login(config.adminEmail(), PASSWORD).await();
    assertThat(
            new TokenVerifier(keys, Clock.systemUTC(), alone.revocations())
                .verify(tokens.accessToken())
                .role())
        .isEqualTo(Role.ADMIN);
  }
}
