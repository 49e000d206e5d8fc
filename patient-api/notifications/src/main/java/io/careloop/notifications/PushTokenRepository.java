package io.careloop.notifications;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The FCM registration tokens of each account. A token belongs to one account at a time; an
 * account keeps its {@value #MAX_TOKENS} most recently registered ones. Tokens are secrets: they
 * are never logged (see {@link io.careloop.platform.push.PushTokens#fingerprint}).
 */
public final class PushTokenRepository {

  static final int MAX_TOKENS = 10;
  static final Duration TOKEN_TTL = Duration.ofDays(270);
  static final int MAX_TOKEN_LENGTH = 4096;
  static final Set<String> PLATFORMS = Set.of("android", "ios", "web");
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]+");

  /** A registered token. */
  public record PushToken(String token, String platform, Instant registeredAt) {
  }

  private final Cql cql;
  private final Clock clock;
  private final PreparedStatement insertToken;
  private final PreparedStatement deleteToken;
  private final PreparedStatement selectTokens;
  private final PreparedStatement insertOwner;
  private final PreparedStatement selectOwner;
  private final PreparedStatement deleteOwnerIfHeld;

  /** Prepares its statements: construct it on a worker thread. */
  public PushTokenRepository(CqlSession session, Clock clock) {
    this.cql = new Cql(session);
    this.clock = clock;
    insertToken = session.prepare("INSERT INTO push_tokens_by_account (account_id, fcm_token, platform, registered_at)"
        + " VALUES (?, ?, ?, ?) USING TTL " + TOKEN_TTL.toSeconds());
    deleteToken = session.prepare("DELETE FROM push_tokens_by_account WHERE account_id = ? AND fcm_token = ?");
    selectTokens = session.prepare("SELECT fcm_token, platform, registered_at FROM push_tokens_by_account"
        + " WHERE account_id = ?");
    insertOwner = session.prepare("INSERT INTO push_token_owners_by_token (fcm_token, account_id) VALUES (?, ?)"
        + " USING TTL " + TOKEN_TTL.toSeconds());
    selectOwner = session.prepare("SELECT account_id FROM push_token_owners_by_token WHERE fcm_token = ?");
    deleteOwnerIfHeld = session.prepare("DELETE FROM push_token_owners_by_token WHERE fcm_token = ? IF account_id = ?");
  }

  /**
   * Registers (or refreshes) a token for an account. If another account held it, the phone
   * changed hands: the other account no longer pushes to it.
   */
  public Future<Void> register(UUID accountId, String token, String platform) {
    try {
      checkToken(token);
      if (platform != null && !PLATFORMS.contains(platform)) {
        throw Problem.validation("platform must be one of android, ios, web");
      }
    } catch (Problem p) {
      return Future.failedFuture(p);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return cql.one(selectOwner.bind(token))
        .compose(owner -> owner.map(r -> r.getUuid("account_id")).filter(previous -> !previous.equals(accountId))
            .map(previous -> cql.run(deleteToken.bind(previous, token))).orElse(Future.succeededFuture()))
        .compose(v -> cql.run(insertToken.bind(accountId, token, platform, now)))
        .compose(v -> cql.run(insertOwner.bind(token, accountId)))
        .compose(v -> keepNewest(accountId));
  }

  /** Drops one of the account's own tokens; another account's token is left alone. Repeating it is harmless. */
  public Future<Void> unregister(UUID accountId, String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return Future.failedFuture(Problem.validation("token must be an FCM registration token"));
    }
    return cql.run(deleteToken.bind(accountId, token))
        .compose(v -> cql.run(deleteOwnerIfHeld.bind(token, accountId)));
  }

  /** Drops a token FCM no longer knows (UNREGISTERED). */
  public Future<Void> drop(UUID accountId, String token) {
    return unregister(accountId, token);
  }

  public Future<List<PushToken>> tokensOf(UUID accountId) {
    return cql.all(selectTokens.bind(accountId)).map(rows -> rows.stream().map(PushTokenRepository::toToken).toList());
  }

  private Future<Void> keepNewest(UUID accountId) {
    return tokensOf(accountId).compose(tokens -> {
      if (tokens.size() <= MAX_TOKENS) {
        return Future.succeededFuture();
      }
      List<PushToken> oldestFirst = new ArrayList<>(tokens);
      oldestFirst.sort(Comparator.comparing(PushToken::registeredAt));
      List<Future<Void>> drops = oldestFirst.subList(0, tokens.size() - MAX_TOKENS).stream()
          .map(t -> unregister(accountId, t.token())).toList();
      return Future.all(drops).mapEmpty();
    });
  }

  static void checkToken(String token) {
    if (token == null || token.length() > MAX_TOKEN_LENGTH || !TOKEN.matcher(token).matches()) {
      throw Problem.validation("token must be an FCM registration token (printable characters, no spaces, at most "
          + MAX_TOKEN_LENGTH + ")");
    }
  }

  private static PushToken toToken(Row r) {
    return new PushToken(r.getString("fcm_token"), r.getString("platform"), r.getInstant("registered_at"));
  }
}
