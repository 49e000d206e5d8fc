package io.careloop.notifications.push;

import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The FCM registration tokens of each account. A token belongs to one account at a time; an account
 * keeps its {@value #MAX_TOKENS} most recently registered ones. Tokens are secrets: they are never
 * logged (see {@link io.careloop.platform.push.PushTokens#fingerprint}).
 */
public final class PushTokenRegistry {

  static final int MAX_TOKENS = 10;
  static final int MAX_TOKEN_LENGTH = 4096;
  static final Set<String> PLATFORMS = Set.of("android", "ios", "web");
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]+");

  private final PushTokenRepository repository;
  private final Clock clock;

  public PushTokenRegistry(PushTokenRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /**
   * Registers (or refreshes) a token for an account. If another account held it, the phone changed
   * hands: the other account no longer pushes to it.
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
    return repository
        .holderOf(token)
        .compose(
            holder ->
                holder
                    .filter(previous -> !previous.equals(accountId))
                    .map(previous -> repository.deleteFromAccount(previous, token))
                    .orElse(Future.succeededFuture()))
        .compose(
            v ->
                repository.insert(
                    accountId, new PushTokenRepository.PushToken(token, platform, now)))
        .compose(v -> keepNewest(accountId));
  }

  /**
   * Drops one of the account's own tokens; another account's token is left alone. Repeating it is
   * harmless.
   */
  public Future<Void> unregister(UUID accountId, String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return Future.failedFuture(Problem.validation("token must be an FCM registration token"));
    }
    return repository.delete(accountId, token);
  }

  /** Drops a token FCM no longer knows (UNREGISTERED). */
  public Future<Void> drop(UUID accountId, String token) {
    return unregister(accountId, token);
  }

  public Future<List<PushTokenRepository.PushToken>> tokensOf(UUID accountId) {
    return repository.tokensOf(accountId);
  }

  private Future<Void> keepNewest(UUID accountId) {
    return tokensOf(accountId)
        .compose(
            tokens -> {
              if (tokens.size() <= MAX_TOKENS) {
                return Future.succeededFuture();
              }
              List<PushTokenRepository.PushToken> oldestFirst = new ArrayList<>(tokens);
              oldestFirst.sort(Comparator.comparing(PushTokenRepository.PushToken::registeredAt));
              List<Future<Void>> drops =
                  oldestFirst.subList(0, tokens.size() - MAX_TOKENS).stream()
                      .map(t -> unregister(accountId, t.token()))
                      .toList();
              return Future.all(drops).mapEmpty();
            });
  }

  static void checkToken(String token) {
    if (token == null || token.length() > MAX_TOKEN_LENGTH || !TOKEN.matcher(token).matches()) {
      throw Problem.validation(
          "token must be an FCM registration token (printable characters, no spaces, at most "
              + MAX_TOKEN_LENGTH
              + ")");
    }
  }
}
