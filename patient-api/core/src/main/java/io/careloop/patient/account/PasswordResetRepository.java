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
 * password_resets: one-time reset tokens, stored by hash, expiring with their row; and
 * password_resets_by_account, the hashes of an account's tokens, so that an erasure finds them.
 */
public final class PasswordResetRepository {

  /** A stored reset token. */
  public record Reset(UUID accountId, Instant expiresAt, Instant usedAt) {}

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement use;
  private final PreparedStatement insertOfAccount;
  private final PreparedStatement selectOfAccount;

  /** Prepares its statements: construct it on a worker thread. */
  public PasswordResetRepository(CqlSession session) {
    this.cql = new Cql(session);
    insert =
        session.prepare(
            "INSERT INTO password_resets (token_hash, account_id, expires_at) VALUES (?, ?, ?)"
                + " USING TTL ?");
    select =
        session.prepare(
            "SELECT account_id, expires_at, used_at FROM password_resets WHERE token_hash = ?");
    use =
        session.prepare(
            "UPDATE password_resets SET used_at = ? WHERE token_hash = ? IF used_at = null");
    insertOfAccount =
        session.prepare(
            "INSERT INTO password_resets_by_account (account_id, token_hash) VALUES (?, ?)"
                + " USING TTL ?");
    selectOfAccount =
        session.prepare("SELECT token_hash FROM password_resets_by_account WHERE account_id = ?");
  }

  /** The account's list first: a token is never stored where an erasure would not find it. */
  public Future<Void> insert(String tokenHash, UUID accountId, Instant expiresAt, Duration kept) {
    int ttl = (int) kept.toSeconds();
    return cql.run(insertOfAccount.bind(accountId, tokenHash, ttl))
        .compose(v -> cql.run(insert.bind(tokenHash, accountId, expiresAt, ttl)));
  }

  /** The hashes of the account's reset tokens that have not expired. */
  public Future<List<String>> hashesOf(UUID accountId) {
    return cql.all(selectOfAccount.bind(accountId))
        .map(rows -> rows.stream().map(r -> r.getString(0)).toList());
  }

  public Future<Optional<Reset>> find(String tokenHash) {
    return cql.one(select.bind(tokenHash))
        .map(
            row ->
                row.map(
                    r ->
                        new Reset(
                            r.getUuid("account_id"),
                            r.getInstant("expires_at"),
                            r.getInstant("used_at"))));
  }

  /** Marks the token used; false when it was used before (by a lightweight transaction). */
  public Future<Boolean> use(String tokenHash, Instant at) {
    return cql.applied(use.bind(at, tokenHash));
  }
}
