package io.careloop.notifications.push;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * push_tokens_by_account (an account's tokens) and push_token_owners_by_token (who holds a token
 * now). A token not registered again for {@link #TOKEN_TTL} expires, as FCM considers it stale.
 */
public final class PushTokenRepository {

  static final Duration TOKEN_TTL = Duration.ofDays(270);

  /** A registered token. */
  public record PushToken(String token, String platform, Instant registeredAt) {}

  private final Cql cql;
  private final PreparedStatement insertToken;
  private final PreparedStatement deleteToken;
  private final PreparedStatement selectTokens;
  private final PreparedStatement insertOwner;
  private final PreparedStatement selectOwner;
  private final PreparedStatement deleteOwnerIfHeld;

  /** Prepares its statements: construct it on a worker thread. */
  public PushTokenRepository(CqlSession session) {
    this.cql = new Cql(session);
    insertToken =
        session.prepare(
            "INSERT INTO push_tokens_by_account (account_id, fcm_token, platform, registered_at)"
                + " VALUES (?, ?, ?, ?) USING TTL "
                + TOKEN_TTL.toSeconds());
    deleteToken =
        session.prepare(
            "DELETE FROM push_tokens_by_account WHERE account_id = ? AND fcm_token = ?");
    selectTokens =
        session.prepare(
            "SELECT fcm_token, platform, registered_at FROM push_tokens_by_account"
                + " WHERE account_id = ?");
    insertOwner =
        session.prepare(
            "INSERT INTO push_token_owners_by_token (fcm_token, account_id) VALUES (?, ?)"
                + " USING TTL "
                + TOKEN_TTL.toSeconds());
    selectOwner =
        session.prepare("SELECT account_id FROM push_token_owners_by_token WHERE fcm_token = ?");
    deleteOwnerIfHeld =
        session.prepare(
            "DELETE FROM push_token_owners_by_token WHERE fcm_token = ? IF account_id = ?");
  }

  public Future<List<PushToken>> tokensOf(UUID accountId) {
    return cql.all(selectTokens.bind(accountId))
        .map(rows -> rows.stream().map(PushTokenRepository::toToken).toList());
  }

  /** Adds (or refreshes) the token under the account, then records the account as its holder. */
  public Future<Void> insert(UUID accountId, PushToken token) {
    return cql.run(
            insertToken.bind(accountId, token.token(), token.platform(), token.registeredAt()))
        .compose(v -> cql.run(insertOwner.bind(token.token(), accountId)));
  }

  /** Removes the token from the account's list, and its holder if that is still the account. */
  public Future<Void> delete(UUID accountId, String token) {
    return cql.run(deleteToken.bind(accountId, token))
        .compose(v -> cql.run(deleteOwnerIfHeld.bind(token, accountId)));
  }

  /** Removes the token from the account's list only (it has changed hands). */
  public Future<Void> deleteFromAccount(UUID accountId, String token) {
    return cql.run(deleteToken.bind(accountId, token));
  }

  public Future<Optional<UUID>> holderOf(String token) {
    return cql.one(selectOwner.bind(token)).map(row -> row.map(r -> r.getUuid("account_id")));
  }

  private static PushToken toToken(Row r) {
    return new PushToken(
        r.getString("fcm_token"), r.getString("platform"), r.getInstant("registered_at"));
  }
}
