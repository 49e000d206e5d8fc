package io.careloop.patient.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.patient.PatientApi;
import io.careloop.patient.PatientApiConfig;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.auth.TokenVerifier;
import io.careloop.platform.http.Problem;
import io.careloop.platform.testing.TestCassandra;
import io.careloop.platform.testing.TestClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PasswordsIT {

  private static final String OLD = "the old password";
  private static final String NEW = "a brand new password";

  /** What the reset channel was given. */
  record Sent(String email, String token) {}

  private static final List<Sent> sent = new CopyOnWriteArrayList<>();
  private static final TestClock clock = TestClock.startingNow();
  private static Vertx vertx;
  private static PatientApi api;
  private static TokenVerifier verifier;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    SigningKeys keys = SigningKeys.ephemeral("passwords");
    api =
        PatientApi.create(
                vertx,
                TestCassandra.session(PatientApi.MODULE),
                new PatientApiConfig(
                    Duration.ofMinutes(15),
                    Duration.ofDays(30),
                    "admin@careloop.test",
                    "admin password here"),
                keys,
                (account, token, expiresAt) -> {
                  sent.add(new Sent(account.email(), token));
                  return Future.succeededFuture();
                },
                clock)
            .await();
    verifier = new TokenVerifier(keys, clock, api.revocations());
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private record Patient(UUID id, String email) {}

  private static Patient patient() {
    String email = "p-" + UUID.randomUUID() + "@example.org";
    return new Patient(
        api.accounts().registerPatient(email, OLD, "Pat", "UTC", null).await(), email);
  }

  private static Passwords passwords() {
    return api.passwords();
  }

  @Test
  @DisplayName("A wrong current password is 403 and changes nothing")
  void wrongCurrent() {
    Patient p = patient();

    assertThatThrownBy(() -> passwords().change(p.id(), null, "not the password", NEW).await())
        .isInstanceOfSatisfying(
            Problem.class, e -> assertThat(e.kind()).isEqualTo("wrong-password"));

    assertThat(api.accounts().login(p.email(), OLD).await().accessToken()).isNotBlank();
    assertThatThrownBy(() -> api.accounts().login(p.email(), NEW).await())
        .isInstanceOf(Problem.class);
  }

  @Test
  @DisplayName(
      "A new password ends the other sign-ins, refresh and access tokens alike; this one goes on")
  void changeEndsOtherSignIns() {
    Patient p = patient();
    AccountService.Tokens here = api.accounts().login(p.email(), OLD).await();
    AccountService.Tokens elsewhere = api.accounts().login(p.email(), OLD).await();
    Principal me = verifier.verify(here.accessToken());

    passwords().change(p.id(), me.signInId(), OLD, NEW).await();

    assertThat(verifier.verify(here.accessToken()).accountId()).isEqualTo(p.id());
    assertThatThrownBy(() -> verifier.verify(elsewhere.accessToken())).isInstanceOf(Problem.class);
    assertThatThrownBy(() -> api.accounts().refresh(elsewhere.refreshToken()).await())
        .isInstanceOf(Problem.class);
    assertThat(api.accounts().refresh(here.refreshToken()).await().accessToken()).isNotBlank();
    assertThatThrownBy(() -> api.accounts().login(p.email(), OLD).await())
        .isInstanceOf(Problem.class);
    assertThat(api.accounts().login(p.email(), NEW).await().accessToken()).isNotBlank();
  }

  @Test
  @DisplayName(
      "A reset token is sent only for an account; it works once, ends every sign-in, and a bad new"
          + " password does not spend it")
  void reset() {
    Patient p = patient();
    AccountService.Tokens before = api.accounts().login(p.email(), OLD).await();
    passwords().requestReset("nobody-" + UUID.randomUUID() + "@example.org").await();
    assertThat(sent).noneMatch(s -> s.email().startsWith("nobody-"));

    passwords().requestReset(p.email().toUpperCase()).await();
    String token =
        sent.stream().filter(s -> s.email().equals(p.email())).findFirst().orElseThrow().token();

    assertThatThrownBy(() -> passwords().confirmReset(token, "short").await())
        .isInstanceOfSatisfying(Problem.class, e -> assertThat(e.status()).isEqualTo(400));
    passwords().confirmReset(token, NEW).await();

    assertThatThrownBy(() -> verifier.verify(before.accessToken())).isInstanceOf(Problem.class);
    assertThatThrownBy(() -> api.accounts().refresh(before.refreshToken()).await())
        .isInstanceOf(Problem.class);
    assertThat(api.accounts().login(p.email(), NEW).await().accessToken()).isNotBlank();
    assertThatThrownBy(() -> passwords().confirmReset(token, "yet another password").await())
        .isInstanceOfSatisfying(
            Problem.class, e -> assertThat(e.kind()).isEqualTo("invalid-reset-token"));
    assertThat(api.accounts().login(p.email(), NEW).await().accessToken()).isNotBlank();
  }

  @Test
  @DisplayName("A reset token older than half an hour is refused and the password stays")
  void expiredReset() {
    Patient p = patient();
    passwords().requestReset(p.email()).await();
    String token =
        sent.stream().filter(s -> s.email().equals(p.email())).findFirst().orElseThrow().token();
    Instant asked = clock.instant();

    clock.set(asked.plus(Passwords.RESET_VALID).plusSeconds(1));
    try {
      assertThatThrownBy(() -> passwords().confirmReset(token, NEW).await())
          .isInstanceOfSatisfying(
              Problem.class, e -> assertThat(e.kind()).isEqualTo("invalid-reset-token"));
    } finally {
      clock.set(asked);
    }
    assertThat(api.accounts().login(p.email(), OLD).await().accessToken()).isNotBlank();
  }
}
