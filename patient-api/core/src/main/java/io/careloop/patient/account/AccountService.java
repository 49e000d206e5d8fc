package io.careloop.patient.account;

import io.careloop.platform.auth.CarerRight;
import io.careloop.platform.auth.Role;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts, sign-in and tokens. E-mail addresses are unique by a lightweight transaction; passwords
 * are Argon2id hashes computed on worker threads; refresh tokens are opaque, stored hashed, work
 * once, and a second use of one revokes every token of its sign-in, access tokens included (as does
 * signing out).
 */
public final class AccountService {

  private static final Logger log = LoggerFactory.getLogger(AccountService.class);
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
  private static final SecureRandom RANDOM = new SecureRandom();
  public static final int MIN_PASSWORD = 10;
  public static final int MAX_PASSWORD = 128;

  /** What a sign-in or a refresh hands to the app. */
  public record Tokens(String accessToken, String refreshToken, long expiresInSeconds) {}

  private final Vertx vertx;
  private final AccountRepository accounts;
  private final SignInRepository signIns;
  private final PasswordResetRepository resets;
  private final AccountErasureRepository erasure;
  private final SignInRevocations revocations;
  private final PasswordHasher hasher;
  private final TokenIssuer issuer;
  private final Duration refreshTtl;
  private final Clock clock;
  private final String dummyHash;
  private final List<BiConsumer<Account, Account>> profileListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Account>> registeredListeners = new CopyOnWriteArrayList<>();

  /** Hashes a password once (the timing equalizer): construct it on a worker thread. */
  public AccountService(
      Vertx vertx,
      AccountRepository accounts,
      SignInRepository signIns,
      PasswordResetRepository resets,
      AccountErasureRepository erasure,
      SignInRevocations revocations,
      PasswordHasher hasher,
      TokenIssuer issuer,
      Duration refreshTtl,
      Clock clock) {
    this.vertx = vertx;
    this.accounts = accounts;
    this.signIns = signIns;
    this.resets = resets;
    this.erasure = erasure;
    this.revocations = revocations;
    this.hasher = hasher;
    this.issuer = issuer;
    this.refreshTtl = refreshTtl;
    this.clock = clock;
    this.dummyHash = hasher.hash("timing-equalizer-" + UUID.randomUUID());
  }

  public Future<UUID> registerPatient(
      String email, String password, String name, String timeZone, String phone) {
    return create(UUID.randomUUID(), email, password, name, timeZone, phone, Role.PATIENT, Set.of())
        .onSuccess(account -> registeredListeners.forEach(listener -> listener.accept(account)))
        .map(Account::id);
  }

  /**
   * Calls {@code listener} with each patient account this service registers from now on, once it is
   * stored.
   */
  public void onRegistered(Consumer<Account> listener) {
    registeredListeners.add(listener);
  }

  public Future<UUID> createStaff(
      String email, String password, String name, Role role, Set<UUID> clinicIds) {
    return createStaff(UUID.randomUUID(), email, password, name, role, clinicIds);
  }

  /** With an id chosen by the caller, who may have to list the account elsewhere first. */
  public Future<UUID> createStaff(
      UUID id, String email, String password, String name, Role role, Set<UUID> clinicIds) {
    if (role == Role.PATIENT) {
      return Future.failedFuture(
          Problem.validation("Staff accounts are nurses, coordinators or admins"));
    }
    return create(id, email, password, name, "UTC", null, role, clinicIds).map(Account::id);
  }

  /**
   * The account row is written first and the e-mail claimed second, so that a crash between the two
   * leaves an unreachable row rather than an address nobody can register again.
   */
  private Future<Account> create(
      UUID id,
      String rawEmail,
      String password,
      String name,
      String timeZone,
      String phone,
      Role role,
      Set<UUID> clinicIds) {
    String email;
    try {
      email = normalizeEmail(rawEmail);
      checkPassword(password);
      zone(timeZone);
    } catch (Problem p) {
      return Future.failedFuture(p);
    }
    return vertx
        .executeBlocking(
            () ->
                new Account(
                    id,
                    email,
                    role,
                    name,
                    phone,
                    timeZone,
                    hasher.hash(password),
                    clinicIds,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS)),
            false)
        .compose(
            account ->
                accounts
                    .insert(account)
                    .compose(v -> accounts.claimEmail(email, id))
                    .compose(
                        claimed ->
                            claimed
                                ? Future.succeededFuture(account)
                                : accounts
                                    .delete(account)
                                    .compose(
                                        x ->
                                            Future.failedFuture(
                                                Problem.conflict(
                                                    "email-taken",
                                                    "E-mail already registered",
                                                    "An account with this e-mail address exists; sign in or reset the password")))));
  }

  /** Every staff account of the chain (nurses, coordinators, admins), by name. */
  public Future<List<AccountRepository.StaffMember>> staff() {
    return accounts.staff();
  }

  /** Creates the first admin from configuration unless an account with that e-mail exists. */
  public Future<Boolean> ensureAdmin(String email, String password) {
    return findByEmail(normalizeEmail(email))
        .compose(
            existing ->
                existing.isPresent()
                    ? Future.succeededFuture(false)
                    : create(
                            UUID.randomUUID(),
                            email,
                            password,
                            "Administrator",
                            "UTC",
                            null,
                            Role.ADMIN,
                            Set.of())
                        .map(
                            account -> {
                              log.info("Created the first admin account {}", email);
                              return true;
                            })
                        .recover(
                            err ->
                                err instanceof Problem p && p.status() == 409
                                    ? Future.succeededFuture(false)
                                    : Future.failedFuture(err)));
  }

  public Future<Tokens> login(String rawEmail, String password) {
    String email = rawEmail == null ? "" : rawEmail.trim().toLowerCase(Locale.ROOT);
    return findByEmail(email)
        .compose(
            account -> {
              // An unknown address costs the same hashing time as a known one: no account
              // enumeration.
              String hash = account.map(Account::passwordHash).orElse(dummyHash);
              return vertx
                  .executeBlocking(
                      () -> hasher.verify(password == null ? "" : password, hash), false)
                  .compose(
                      ok ->
                          ok && account.isPresent()
                              ? issue(account.get(), UUID.randomUUID())
                              : Future.failedFuture(
                                  new Problem(
                                      401,
                                      "invalid-credentials",
                                      "Sign-in failed",
                                      "The e-mail address or the password is wrong")));
            });
  }

  public Future<Tokens> refresh(String refreshToken) {
    String tokenHash = sha256(refreshToken);
    Problem invalid =
        new Problem(
            401,
            "invalid-refresh-token",
            "Refresh token not valid",
            "The refresh token is unknown, expired, used or revoked; sign in again");
    return signIns
        .find(tokenHash)
        .compose(
            token -> {
              if (token.isEmpty() || token.get().expiresAt().isBefore(clock.instant())) {
                return Future.failedFuture(invalid);
              }
              UUID family = token.get().familyId();
              return signIns
                  .family(family)
                  .compose(
                      signIn -> {
                        if (signIn.isEmpty() || signIn.get().revokedAt() != null) {
                          return Future.failedFuture(
                              invalid); // revoked, or gone (expired, erased): no token of it works
                        }
                        UUID accountId = signIn.get().accountId();
                        return signIns
                            .use(tokenHash, clock.instant())
                            .compose(
                                first -> {
                                  if (!first) {
                                    log.warn(
                                        "A refresh token of account {} was used twice; revoking its sign-in",
                                        accountId);
                                    return revoke(family)
                                        .compose(v -> Future.failedFuture(invalid));
                                  }
                                  return find(accountId).compose(account -> issue(account, family));
                                });
                      });
            });
  }

  /**
   * Signs out: the refresh token's sign-in ends, its refresh tokens and its access tokens stop
   * working. Only its owner may do it.
   */
  public Future<Void> logout(UUID accountId, String refreshToken) {
    return signIns
        .find(sha256(refreshToken))
        .compose(
            token ->
                token.isEmpty()
                    ? Future.succeededFuture()
                    : signIns
                        .family(token.get().familyId())
                        .compose(
                            signIn ->
                                signIn.isEmpty() || !accountId.equals(signIn.get().accountId())
                                    ? Future.succeededFuture()
                                    : revoke(token.get().familyId())));
  }

  /**
   * A short-lived access token for {@code carer} acting for the patient through the care link
   * {@code careLink}, with the rights the patient granted ({@link TokenIssuer#actingToken}).
   */
  public Future<String> actingToken(
      UUID patientId, UUID carer, UUID careLink, Set<CarerRight> rights) {
    return find(patientId).map(patient -> issuer.actingToken(patient, carer, careLink, rights));
  }

  /** Ends a care link's acting tokens here and, within seconds, on every instance. */
  public Future<Void> endCareLink(UUID careLink) {
    return revocations.revoke(Revocation.ofSignIn(careLink, clock.instant()));
  }

  public Future<Account> find(UUID accountId) {
    return accounts
        .find(accountId)
        .compose(
            account ->
                account.isPresent()
                    ? Future.succeededFuture(account.get())
                    : Future.failedFuture(Problem.notFound("No account " + accountId)));
  }

  /** The account, or empty when there is none (any more). */
  public Future<Optional<Account>> findIfAny(UUID accountId) {
    return accounts.find(accountId);
  }

  public Future<Account> updateProfile(
      UUID accountId, Optional<String> name, Optional<String> phone, Optional<String> timeZone) {
    try {
      timeZone.ifPresent(AccountService::zone);
    } catch (Problem p) {
      return Future.failedFuture(p);
    }
    return find(accountId)
        .compose(
            current ->
                accounts
                    .updateProfile(
                        current,
                        name.orElse(current.name()),
                        phone.orElse(current.phone()),
                        timeZone.orElse(current.timeZone()))
                    .compose(v -> find(accountId))
                    .onSuccess(
                        updated ->
                            profileListeners.forEach(
                                listener -> listener.accept(current, updated))));
  }

  /**
   * Calls {@code listener} with the account before and after each profile update from now on
   * (reminders planned by local time follow a new time zone); it handles its own failures.
   */
  public void onProfileUpdated(BiConsumer<Account, Account> listener) {
    profileListeners.add(listener);
  }

  /** The account of a normalized e-mail address, if there is one. */
  public Future<Optional<Account>> findByEmail(String email) {
    return accounts
        .idByEmail(email)
        .compose(
            id ->
                id.isEmpty() ? Future.succeededFuture(Optional.empty()) : accounts.find(id.get()));
  }

  private Future<Tokens> issue(Account account, UUID family) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String refreshToken = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return signIns
        .issue(sha256(refreshToken), account.id(), family, now, refreshTtl)
        .map(
            v ->
                new Tokens(
                    issuer.accessToken(account, family), refreshToken, issuer.ttl().toSeconds()));
  }

  /** Ends every sign-in of the account but {@code keep} (the caller's own, if any). */
  public Future<Void> endSignIns(UUID accountId, Optional<UUID> keep) {
    return signIns
        .signInsOf(accountId)
        .compose(
            all ->
                Future.all(
                        all.stream()
                            .filter(family -> keep.map(k -> !k.equals(family)).orElse(true))
                            .map(this::revoke)
                            .toList())
                    .mapEmpty());
  }

  /**
   * The account's sign-ins end (their access tokens are refused from now on), then the account and
   * everything it signs in with go at once: the row and its e-mail, its sign-ins and its
   * password-reset tokens. Until then the owner can still sign in, so an erasure that failed before
   * can be finished.
   */
  public Future<Void> delete(Account account) {
    return endSignIns(account.id(), Optional.empty())
        .compose(v -> Future.all(signIns.signInsOf(account.id()), resets.hashesOf(account.id())))
        .compose(
            found ->
                erasure.delete(
                    account.id(), account.email(), found.resultAt(0), found.resultAt(1)));
  }

  /** The account's sign-ins, without their ids or tokens: what its owner may see of them. */
  public Future<List<SignInRepository.SignInSummary>> signInsOf(UUID accountId) {
    return signIns.summariesOf(accountId);
  }

  private Future<Void> revoke(UUID family) {
    Instant now = clock.instant();
    return signIns
        .revoke(family, now, refreshTtl)
        .compose(v -> revocations.revoke(Revocation.ofSignIn(family, now)));
  }

  public static String normalizeEmail(String email) {
    String normalized = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    if (normalized.length() > 254 || !EMAIL.matcher(normalized).matches()) {
      throw Problem.validation("email must be an e-mail address");
    }
    return normalized;
  }

  /** A new password's hash, computed on a worker thread, once the password is long enough. */
  Future<String> hashOf(String password) {
    try {
      checkPassword(password);
    } catch (Problem p) {
      return Future.failedFuture(p);
    }
    return vertx.executeBlocking(() -> hasher.hash(password), false);
  }

  /** Whether {@code password} is the account's, checked on a worker thread. */
  Future<Boolean> matches(Account account, String password) {
    return vertx.executeBlocking(
        () -> hasher.verify(password == null ? "" : password, account.passwordHash()), false);
  }

  static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
      throw Problem.validation(
          "password must have " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
    }
  }

  /**
   * An IANA time zone (of the tz database the JDK has): a fixed offset such as {@code +02:00} or
   * {@code UTC+1} knows no daylight saving, so reminders and days would drift by an hour half the
   * year.
   */
  static ZoneId zone(String timeZone) {
    if (timeZone == null || !ZoneId.getAvailableZoneIds().contains(timeZone)) {
      throw Problem.validation(
          "timeZone must be an IANA time zone such as Europe/Paris, got " + timeZone);
    }
    return ZoneId.of(timeZone);
  }

  static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest((token == null ? "" : token).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
