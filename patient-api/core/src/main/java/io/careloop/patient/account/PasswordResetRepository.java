package io.careloop.patient.account;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** password_resets: one-time reset tokens, stored by hash, expiring with their row. */
public final class PasswordResetRepository {

  /** A stored reset token. */
  public record Reset(UUID accountId, Instant expiresAt, Instant usedAt) {
  }

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement use;

  /** Prepares its statements: construct it on a worker thread. */
  public PasswordResetRepository(CqlSession session) {
    this.cql = new Cql(session);
    insert = session.prepare("INSERT INTO password_resets (token_hash, account_id, expires_at) VALUES (?, ?, ?)"
        + " USING TTL ?");
    select = session.prepare("SELECT account_id, expires_at, used_at FROM password_resets WHERE token_hash = ?");
    use = session.prepare("UPDATE password_resets SET used_at = ? WHERE token_hash = ? IF used_at = null");
  }

  public Future<Void> insert(String tokenHash, UUID accountId, Instant expiresAt, Duration kept) {
    return cql.run(insert.bind(tokenHash, accountId, expiresAt, (int) kept.toSeconds()));
  }

  public Future<Optional<Reset>> find(String tokenHash) {
    return cql.one(select.bind(tokenHash)).map(row -> row.map(r ->
        new Reset(r.getUuid("account_id"), r.getInstant("expires_at"), r.getInstant("used_at"))));
  }

  /** Marks the token used; false when it was used before (by a lightweight transaction). */
  public Future<Boolean> use(String tokenHash, Instant at) {
    return cql.applied(use.bind(at, tokenHash));
  }
}
