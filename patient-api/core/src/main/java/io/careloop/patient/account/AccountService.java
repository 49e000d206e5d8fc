package io.careloop.patient.account;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.auth.Role;
import io.careloop.platform.cassandra.Cql;
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
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts, sign-in and tokens. E-mail addresses are unique by a lightweight transaction;
 * passwords are Argon2id hashes computed on worker threads; refresh tokens are opaque, stored
 * hashed, work once, and a second use of one revokes every token of its sign-in.
 */
public final class AccountService {

  private static final Logger log = LoggerFactory.getLogger(AccountService.class);
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
  private static final SecureRandom RANDOM = new SecureRandom();
  public static final int MIN_PASSWORD = 10;
  public static final int MAX_PASSWORD = 128;

  /** What a sign-in or a refresh hands to the app. */
  public record Tokens(String accessToken, String refreshToken, long expiresInSeconds) {
  }

  private final Vertx vertx;
  private final Cql cql;
  private final PasswordHasher hasher;
  private final TokenIssuer issuer;
  private final Duration refreshTtl;
  private final Clock clock;
  private final String dummyHash;
  private final List<BiConsumer<Account, Account>> profileListeners = new CopyOnWriteArrayList<>();

  private final PreparedStatement insertAccount;
  private final PreparedStatement deleteAccount;
  private final PreparedStatement claimEmail;
  private final PreparedStatement selectByEmail;
  private final PreparedStatement selectAccount;
  private final PreparedStatement updateProfile;
  private final PreparedStatement insertRefresh;
  private final PreparedStatement selectRefresh;
  private final PreparedStatement useRefresh;
  private final PreparedStatement insertFamily;
  private final PreparedStatement selectFamily;
  private final PreparedStatement revokeFamily;

  /** Prepares its statements: construct it on a worker thread. */
  public AccountService(Vertx vertx, CqlSession session, PasswordHasher hasher, TokenIssuer issuer,
                        Duration refreshTtl, Clock clock) {
    this.vertx = vertx;
    this.cql = new Cql(session);
    this.hasher = hasher;
    this.issuer = issuer;
    this.refreshTtl = refreshTtl;
    this.clock = clock;
    this.dummyHash = hasher.hash("timing-equalizer-" + UUID.randomUUID());
    insertAccount = session.prepare("INSERT INTO accounts_by_id (account_id, email, role, name, phone, time_zone,"
        + " password_hash, clinic_ids, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    deleteAccount = session.prepare("DELETE FROM accounts_by_id WHERE account_id = ?");
    claimEmail = session.prepare("INSERT INTO accounts_by_email (email, account_id) VALUES (?, ?) IF NOT EXISTS");
    selectByEmail = session.prepare("SELECT account_id FROM accounts_by_email WHERE email = ?");
    selectAccount = session.prepare("SELECT account_id, email, role, name, phone, time_zone, password_hash, clinic_ids,"
        + " created_at FROM accounts_by_id WHERE account_id = ?");
    updateProfile = session.prepare("UPDATE accounts_by_id SET name = ?, phone = ?, time_zone = ? WHERE account_id = ?");
    insertRefresh = session.prepare("INSERT INTO refresh_tokens (token_hash, account_id, family_id, issued_at, expires_at)"
        + " VALUES (?, ?, ?, ?, ?) USING TTL ?");
    selectRefresh = session.prepare("SELECT account_id, family_id, expires_at, used_at FROM refresh_tokens WHERE token_hash = ?");
    useRefresh = session.prepare("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? IF used_at = null");
    insertFamily = session.prepare("INSERT INTO refresh_families (family_id, account_id) VALUES (?, ?) USING TTL ?");
    selectFamily = session.prepare("SELECT revoked_at FROM refresh_families WHERE family_id = ?");
    revokeFamily = session.prepare("UPDATE refresh_families USING TTL ? SET revoked_at = ? WHERE family_id = ?");
  }

  public Future<UUID> registerPatient(String email, String password, String name, String timeZone, String phone) {
    return create(UUID.randomUUID(), email, password, name, timeZone, phone, Role.PATIENT, Set.of());
  }

  public Future<UUID> createStaff(String email, String password, String name, Role role, Set<UUID> clinicIds) {
    return createStaff(UUID.randomUUID(), email, password, name, role, clinicIds);
  }

  /** With an id chosen by the caller, who may have to list the account elsewhere first. */
  public Future<UUID> createStaff(UUID id, String email, String password, String name, Role role,
                                  Set<UUID> clinicIds) {
    if (role == Role.PATIENT) {
      return Future.failedFuture(Problem.validation("Staff accounts are nurses or admins"));
    }
    return create(id, email, password, name, "UTC", null, role, clinicIds);
  }

  /**
   * The account row is written first and the e-mail claimed second, so that a crash between the
   * two leaves an unreachable row rather than an address nobody can register again.
   */
  private Future<UUID> create(UUID id, String rawEmail, String password, String name, String timeZone, String phone,
                              Role role, Set<UUID> clinicIds) {
    String email;
    try {
      email = normalizeEmail(rawEmail);
      checkPassword(password);
      zone(timeZone);
    } catch (Problem p) {
      return Future.failedFuture(p);
    }
    return vertx.executeBlocking(() -> hasher.hash(password), false)
        .compose(hash -> cql.run(insertAccount.bind(id, email, role.claim(), name, phone, timeZone, hash, clinicIds,
            clock.instant().truncatedTo(ChronoUnit.MILLIS))))
        .compose(v -> cql.applied(claimEmail.bind(email, id)))
        .compose(claimed -> claimed ? Future.succeededFuture(id)
            : cql.run(deleteAccount.bind(id)).compose(x -> Future.failedFuture(
                Problem.conflict("email-taken", "E-mail already registered",
                    "An account with this e-mail address exists; sign in or reset the password"))));
  }

  /** Creates the first admin from configuration unless an account with that e-mail exists. */
  public Future<Boolean> ensureAdmin(String email, String password) {
    return findByEmail(normalizeEmail(email)).compose(existing -> existing.isPresent() ? Future.succeededFuture(false)
        : create(UUID.randomUUID(), email, password, "Administrator", "UTC", null, Role.ADMIN, Set.of()).map(id -> {
          log.info("Created the first admin account {}", email);
          return true;
        }).recover(err -> err instanceof Problem p && p.status() == 409 ? Future.succeededFuture(false)
            : Future.failedFuture(err)));
  }

  public Future<Tokens> login(String rawEmail, String password) {
    String email = rawEmail == null ? "" : rawEmail.trim().toLowerCase(Locale.ROOT);
    return findByEmail(email).compose(account -> {
      // An unknown address costs the same hashing time as a known one: no account enumeration.
      String hash = account.map(Account::passwordHash).orElse(dummyHash);
      return vertx.executeBlocking(() -> hasher.verify(password == null ? "" : password, hash), false)
          .compose(ok -> ok && account.isPresent() ? issue(account.get(), UUID.randomUUID())
              : Future.failedFuture(new Problem(401, "invalid-credentials", "Sign-in failed",
                  "The e-mail address or the password is wrong")));
    });
  }

  public Future<Tokens> refresh(String refreshToken) {
    String tokenHash = sha256(refreshToken);
    Problem invalid = new Problem(401, "invalid-refresh-token", "Refresh token not valid",
        "The refresh token is unknown, expired, used or revoked; sign in again");
    return cql.one(selectRefresh.bind(tokenHash)).compose(row -> {
      if (row.isEmpty() || row.get().getInstant("expires_at").isBefore(clock.instant())) {
        return Future.failedFuture(invalid);
      }
      UUID family = row.get().getUuid("family_id");
      UUID accountId = row.get().getUuid("account_id");
      return familyRevoked(family).compose(revoked -> {
        if (revoked) {
          return Future.failedFuture(invalid);
        }
        return cql.applied(useRefresh.bind(clock.instant(), tokenHash)).compose(first -> {
          if (!first) {
            log.warn("A refresh token of account {} was used twice; revoking its sign-in", accountId);
            return revoke(family).compose(v -> Future.failedFuture(invalid));
          }
          return find(accountId).compose(account -> issue(account, family));
        });
      });
    });
  }

  /** Signs out: the refresh token's whole family stops working. Only its owner may do it. */
  public Future<Void> logout(UUID accountId, String refreshToken) {
    return cql.one(selectRefresh.bind(sha256(refreshToken))).compose(row -> {
      if (row.isEmpty() || !accountId.equals(row.get().getUuid("account_id"))) {
        return Future.succeededFuture();
      }
      return revoke(row.get().getUuid("family_id"));
    });
  }

  public Future<Account> find(UUID accountId) {
    return cql.one(selectAccount.bind(accountId)).compose(row -> row.isPresent()
        ? Future.succeededFuture(toAccount(row.get()))
        : Future.failedFuture(Problem.notFound("No account " + accountId)));
  }

  public Future<Account> updateProfile(UUID accountId, Optional<String> name, Optional<String> phone,
                                       Optional<String> timeZone) {
    try {
      timeZone.ifPresent(AccountService::zone);
    } catch (Problem p) {
      return Future.failedFuture(p);
    }
    return find(accountId).compose(current -> cql.run(updateProfile.bind(
            name.orElse(current.name()), phone.orElse(current.phone()), timeZone.orElse(current.timeZone()), accountId))
        .compose(v -> find(accountId))
        .onSuccess(updated -> profileListeners.forEach(listener -> listener.accept(current, updated))));
  }

  /**
   * Calls {@code listener} with the account before and after each profile update from now on
   * (reminders planned by local time follow a new time zone); it handles its own failures.
   */
  public void onProfileUpdated(BiConsumer<Account, Account> listener) {
    profileListeners.add(listener);
  }

  private Future<Optional<Account>> findByEmail(String email) {
    return cql.one(selectByEmail.bind(email)).compose(row -> row.isEmpty() ? Future.succeededFuture(Optional.empty())
        : cql.one(selectAccount.bind(row.get().getUuid("account_id"))).map(r -> r.map(AccountService::toAccount)));
  }

  private Future<Tokens> issue(Account account, UUID family) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String refreshToken = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    int ttl = (int) refreshTtl.toSeconds();
    return cql.run(insertFamily.bind(family, account.id(), ttl))
        .compose(v -> cql.run(insertRefresh.bind(sha256(refreshToken), account.id(), family, now, now.plus(refreshTtl), ttl)))
        .map(v -> new Tokens(issuer.accessToken(account), refreshToken, issuer.ttl().toSeconds()));
  }

  private Future<Boolean> familyRevoked(UUID family) {
    return cql.one(selectFamily.bind(family)).map(row -> row.isEmpty() || row.get().getInstant("revoked_at") != null);
  }

  private Future<Void> revoke(UUID family) {
    return cql.run(revokeFamily.bind((int) refreshTtl.toSeconds(), clock.instant(), family));
  }

  private static Account toAccount(Row r) {
    return new Account(r.getUuid("account_id"), r.getString("email"), Role.fromClaim(r.getString("role")),
        r.getString("name"), r.getString("phone"), r.getString("time_zone"), r.getString("password_hash"),
        r.getSet("clinic_ids", UUID.class), r.getInstant("created_at"));
  }

  static String normalizeEmail(String email) {
    String normalized = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    if (normalized.length() > 254 || !EMAIL.matcher(normalized).matches()) {
      throw Problem.validation("email must be an e-mail address");
    }
    return normalized;
  }

  static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
      throw Problem.validation("password must have " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
    }
  }

  /**
   * An IANA time zone (of the tz database the JDK has): a fixed offset such as {@code +02:00} or
   * {@code UTC+1} knows no daylight saving, so reminders and days would drift by an hour half the year.
   */
  static ZoneId zone(String timeZone) {
    if (timeZone == null || !ZoneId.getAvailableZoneIds().contains(timeZone)) {
      throw Problem.validation("timeZone must be an IANA time zone such as Europe/Paris, got " + timeZone);
    }
    return ZoneId.of(timeZone);
  }

  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest((token == null ? "" : token).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
