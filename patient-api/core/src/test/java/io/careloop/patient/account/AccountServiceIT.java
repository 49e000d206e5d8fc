package io.careloop.patient.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.patient.PatientApi;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.auth.TokenVerifier;
import io.careloop.platform.http.Problem;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AccountServiceIT {

  private static final Duration ACCESS_TTL = Duration.ofMinutes(15);
  private static Vertx vertx;
  private static Vertx otherInstance;
  private static CqlSession session;
  private static AccountService accounts;
  private static SigningKeys keys;
  private static TokenVerifier verifier;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    otherInstance = Vertx.vertx();
    session = TestCassandra.session(PatientApi.MODULE);
    keys = SigningKeys.ephemeral("test-key");
    SignInRevocations revocations = revocations(vertx);
    accounts =
        vertx
            .executeBlocking(
                () ->
                    new AccountService(
                        vertx,
                        new AccountRepository(session),
                        new SignInRepository(session),
                        new PasswordResetRepository(session),
                        new AccountErasureRepository(session),
                        revocations,
                        new PasswordHasher(1024, 1, 1),
                        new TokenIssuer(keys, ACCESS_TTL, Clock.systemUTC()),
                        Duration.ofDays(30),
                        Clock.systemUTC()))
            .await();
    verifier = new TokenVerifier(keys, Clock.systemUTC(), revocations);
  }

  /** The revocations as an instance on {@code vertx} knows them, polling every 200 ms. */
  private static SignInRevocations revocations(Vertx on) {
    SignInRevocations revocations =
        new SignInRevocations(new RevocationRepository(session), ACCESS_TTL, Clock.systemUTC());
    on.runOnContext(v -> revocations.start(on, Duration.ofMillis(200)));
    return revocations;
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    otherInstance.close().await();
  }

  private static String email() {
    return "patient-" + UUID.randomUUID() + "@example.org";
  }

  @Test
  @DisplayName(
      "A registered patient signs in and gets an access token that names them and their role")
  void registerAndSignIn() {
    String email = email();
    UUID id =
        accounts
            .registerPatient(email, "a long enough password", "Ada", "Europe/Paris", null)
            .await();

    AccountService.Tokens tokens =
        accounts.login(email.toUpperCase(), "a long enough password").await();

    Principal principal = verifier.verify(tokens.accessToken());
    assertThat(principal.accountId()).isEqualTo(id);
    assertThat(principal.role()).isEqualTo(Role.PATIENT);
    assertThat(tokens.expiresInSeconds()).isEqualTo(900);
  }

  @Test
  @DisplayName("A wrong password or an unknown e-mail gets the same 401")
  void badCredentials() {
    String email = email();
    accounts.registerPatient(email, "a long enough password", "Ada", "UTC", null).await();

    assertThatThrownBy(() -> accounts.login(email, "another password!").await())
        .isInstanceOfSatisfying(
            Problem.class, p -> assertThat(p.kind()).isEqualTo("invalid-credentials"));
    assertThatThrownBy(() -> accounts.login(email(), "a long enough password").await())
        .isInstanceOfSatisfying(
            Problem.class, p -> assertThat(p.kind()).isEqualTo("invalid-credentials"));
  }

  @Test
  @DisplayName("Ten concurrent registrations of one e-mail: one account, nine 409")
  void emailIsUnique() {
    String email = email();
    List<Future<UUID>> attempts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      attempts.add(
          accounts.registerPatient(email, "a long enough password", "Ada " + i, "UTC", null));
    }
    Future.join(attempts).otherwiseEmpty().await();

    assertThat(attempts.stream().filter(Future::succeeded)).hasSize(1);
    assertThat(
            attempts.stream()
                .filter(f -> f.failed() && f.cause() instanceof Problem p && p.status() == 409))
        .hasSize(9);
    UUID winner = attempts.stream().filter(Future::succeeded).findFirst().orElseThrow().result();
    long rows =
        session
            .execute(SimpleStatement.newInstance("SELECT account_id, email FROM accounts_by_id"))
            .all()
            .stream()
            .filter(r -> email.equals(r.getString("email")))
            .count();
    assertThat(rows).isEqualTo(1);
    assertThat(
            session
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT account_id FROM accounts_by_email WHERE email = ?", email))
                .one()
                .getUuid("account_id"))
        .isEqualTo(winner);
  }

  @Test
  @DisplayName(
      "Invalid input (bad e-mail, short password, unknown time zone or a fixed offset) is refused and creates nothing")
  void invalidInput() {
    String email = email();
    assertThatThrownBy(
            () ->
                accounts
                    .registerPatient("not-an-email", "a long enough password", "A", "UTC", null)
                    .await())
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(400));
    assertThatThrownBy(() -> accounts.registerPatient(email, "short", "A", "UTC", null).await())
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(400));
    assertThatThrownBy(
            () ->
                accounts
                    .registerPatient(email, "a long enough password", "A", "Mars/Olympus", null)
                    .await())
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(400));
    for (String fixedOffset :
        new String[] {"+02:00", "UTC+1", "GMT-05:00"}) { // no daylight saving: hours drift
      assertThatThrownBy(
              () ->
                  accounts
                      .registerPatient(email, "a long enough password", "A", fixedOffset, null)
                      .await())
          .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(400));
    }
    assertThat(
            session
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT account_id FROM accounts_by_email WHERE email = ?", email))
                .one())
        .isNull();
  }

  @Test
  @DisplayName("A refresh token works once; using it again revokes every token of that sign-in")
  void refreshRotationAndReuse() {
    String email = email();
    accounts.registerPatient(email, "a long enough password", "Ada", "UTC", null).await();
    AccountService.Tokens first = accounts.login(email, "a long enough password").await();

    AccountService.Tokens second = accounts.refresh(first.refreshToken()).await();
    assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());

    assertThatThrownBy(() -> accounts.refresh(first.refreshToken()).await())
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(401));
    assertThatThrownBy(() -> accounts.refresh(second.refreshToken()).await())
        .as("the stolen token's reuse also ends the legitimate successor")
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(401));
    assertThatThrownBy(() -> verifier.verify(second.accessToken()))
        .as("and its access token, before it expires")
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(401));
  }

  @Test
  @DisplayName(
      "Signing out ends the sign-in's refresh and access tokens, at once here and within seconds"
          + " on another instance that hears nothing on the bus; another sign-in is unaffected")
  void signOut() {
    TokenVerifier elsewhere =
        new TokenVerifier(keys, Clock.systemUTC(), revocations(otherInstance));
    String email = email();
    UUID id = accounts.registerPatient(email, "a long enough password", "Ada", "UTC", null).await();
    AccountService.Tokens phone = accounts.login(email, "a long enough password").await();
    AccountService.Tokens tablet = accounts.login(email, "a long enough password").await();
    assertThat(elsewhere.verify(phone.accessToken()).accountId()).isEqualTo(id);

    accounts.logout(id, phone.refreshToken()).await();

    assertThatThrownBy(() -> accounts.refresh(phone.refreshToken()).await())
        .isInstanceOf(Problem.class);
    assertThatThrownBy(() -> verifier.verify(phone.accessToken())).isInstanceOf(Problem.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> elsewhere.verify(phone.accessToken()))
                    .isInstanceOf(Problem.class));
    assertThat(verifier.verify(tablet.accessToken()).accountId()).isEqualTo(id);
    assertThat(accounts.refresh(tablet.refreshToken()).await().accessToken()).isNotBlank();
  }
}
