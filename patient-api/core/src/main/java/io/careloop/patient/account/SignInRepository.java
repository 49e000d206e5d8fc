package io.careloop.patient.account;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-ins: refresh_tokens (stored by hash, each usable once), refresh_families, one per sign-in,
 * whose revocation ends every token of it, and sign_ins_by_account. Rows expire with the
 * refresh-token lifetime. A token row names its sign-in only; the sign-in names the account, so
 * erasing an account's sign-ins leaves no token row that points at it.
 */
public final class SignInRepository {

  /** A stored refresh token. */
  public record RefreshToken(UUID familyId, Instant expiresAt, Instant usedAt) {}

  /** A sign-in: whose it is, and when it ended (null while it lasts). */
  public record SignIn(UUID accountId, Instant revokedAt) {}

  /**
   * One of an account's sign-ins as its owner may see it: when its last token was issued, and
   * whether it ended.
   */
  public record SignInSummary(Instant lastIssuedAt, boolean ended) {}

  private final Cql cql;
  private final PreparedStatement insertRefresh;
  private final PreparedStatement selectRefresh;
  private final PreparedStatement useRefresh;
  private final PreparedStatement insertFamily;
  private final PreparedStatement selectFamily;
  private final PreparedStatement revokeFamily;
  private final PreparedStatement insertOfAccount;
  private final PreparedStatement selectOfAccount;

  /** Prepares its statements: construct it on a worker thread. */
  public SignInRepository(CqlSession session) {
    this.cql = new Cql(session);
    // account_id is no longer written: the family names the account (rows written before keep it
    // until their TTL)
    insertRefresh =
        session.prepare(
            "INSERT INTO refresh_tokens (token_hash, family_id, issued_at, expires_at)"
                + " VALUES (?, ?, ?, ?) USING TTL ?");
    selectRefresh =
        session.prepare(
            "SELECT family_id, expires_at, used_at FROM refresh_tokens WHERE token_hash = ?");
    useRefresh =
        session.prepare(
            "UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? IF used_at = null");
    insertFamily =
        session.prepare(
            "INSERT INTO refresh_families (family_id, account_id) VALUES (?, ?) USING TTL ?");
    selectFamily =
        session.prepare("SELECT account_id, revoked_at FROM refresh_families WHERE family_id = ?");
    revokeFamily =
        session.prepare(
            "UPDATE refresh_families USING TTL ? SET revoked_at = ? WHERE family_id = ?");
    insertOfAccount =
        session.prepare(
            "INSERT INTO sign_ins_by_account (account_id, family_id, started_at)"
                + " VALUES (?, ?, ?) USING TTL ?");
    selectOfAccount =
        session.prepare(
            "SELECT family_id, started_at FROM sign_ins_by_account WHERE account_id = ?");
  }

  /**
   * Stores a new refresh token of the sign-in {@code family} (the family too, again harmlessly).
   */
  public Future<Void> issue(
      String tokenHash, UUID accountId, UUID family, Instant issuedAt, Duration lifetime) {
    int ttl = (int) lifetime.toSeconds();
    return cql.run(insertFamily.bind(family, accountId, ttl))
        .compose(v -> cql.run(insertOfAccount.bind(accountId, family, issuedAt, ttl)))
        .compose(
            v ->
                cql.run(
                    insertRefresh.bind(tokenHash, family, issuedAt, issuedAt.plus(lifetime), ttl)));
  }

  /** The account's sign-ins whose refresh tokens may still work (ended ones included). */
  public Future<List<UUID>> signInsOf(UUID accountId) {
    return cql.all(selectOfAccount.bind(accountId))
        .map(rows -> rows.stream().map(r -> r.getUuid("family_id")).toList());
  }

  /** The account's sign-ins as its owner may see them, without their ids or tokens. */
  public Future<List<SignInSummary>> summariesOf(UUID accountId) {
    return cql.all(selectOfAccount.bind(accountId))
        .compose(
            rows ->
                Future.all(
                        rows.stream()
                            .map(
                                r ->
                                    family(r.getUuid("family_id"))
                                        .map(
                                            f ->
                                                new SignInSummary(
                                                    r.getInstant("started_at"),
                                                    f.isEmpty() || f.get().revokedAt() != null)))
                            .toList())
                    .map(all -> all.<SignInSummary>list()));
  }

  public Future<Optional<RefreshToken>> find(String tokenHash) {
    return cql.one(selectRefresh.bind(tokenHash))
        .map(
            row ->
                row.map(
                    r ->
                        new RefreshToken(
                            r.getUuid("family_id"),
                            r.getInstant("expires_at"),
                            r.getInstant("used_at"))));
  }

  /** The sign-in; empty once it expired (or was erased with its account). */
  public Future<Optional<SignIn>> family(UUID family) {
    return cql.one(selectFamily.bind(family))
        .map(row -> row.map(r -> new SignIn(r.getUuid("account_id"), r.getInstant("revoked_at"))));
  }

  /** Marks the token used; false when it had been used before (by a lightweight transaction). */
  public Future<Boolean> use(String tokenHash, Instant at) {
    return cql.applied(useRefresh.bind(at, tokenHash));
  }

  public Future<Void> revoke(UUID family, Instant at, Duration keptFor) {
    return cql.run(revokeFamily.bind((int) keptFor.toSeconds(), at, family));
  }
}
