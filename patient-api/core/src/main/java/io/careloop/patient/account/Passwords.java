package io.careloop.patient.account;

import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changing a password (the current one required; the other sign-ins end) and resetting a forgotten
 * one with a one-time token that expires in half an hour (every sign-in ends).
 */
public final class Passwords {

  private static final Logger log = LoggerFactory.getLogger(Passwords.class);
  static final Duration RESET_VALID = Duration.ofMinutes(30);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AccountService accounts;
  private final AccountRepository accountRows;
  private final PasswordResetRepository resets;
  private final PasswordResetSender sender;
  private final Clock clock;

  public Passwords(
      AccountService accounts,
      AccountRepository accountRows,
      PasswordResetRepository resets,
      PasswordResetSender sender,
      Clock clock) {
    this.accounts = accounts;
    this.accountRows = accountRows;
    this.resets = resets;
    this.sender = sender;
    this.clock = clock;
  }

  /** Sets a new password when {@code current} is right; the account's other sign-ins end. */
  public Future<Void> change(UUID accountId, UUID signInId, String current, String next) {
    return accounts
        .find(accountId)
        .compose(
            account ->
                accounts
                    .matches(account, current)
                    .compose(
                        right ->
                            right
                                ? setPassword(accountId, next, Optional.ofNullable(signInId))
                                : Future.failedFuture(
                                    new Problem(
                                        403,
                                        "wrong-password",
                                        "Current password is wrong",
                                        "The current password given is not the account's; nothing was changed"))));
  }

  /**
   * Sends a reset token when the address has an account; answers the same either way, so that
   * nobody learns which addresses have accounts.
   */
  public Future<Void> requestReset(String email) {
    String normalized;
    try {
      normalized = AccountService.normalizeEmail(email);
    } catch (Problem p) {
      return Future.failedFuture(p);
    }
    return accounts
        .findByEmail(normalized)
        .compose(
            account -> {
              if (account.isEmpty()) {
                return Future.succeededFuture();
              }
              String token = newToken();
              Instant expiresAt = clock.instant().plus(RESET_VALID);
              return resets
                  .insert(AccountService.sha256(token), account.get().id(), expiresAt, RESET_VALID)
                  .compose(v -> sender.send(account.get(), token, expiresAt))
                  .onFailure(
                      err -> log.warn("A password reset could not be sent: {}", err.toString()));
            });
  }

  /**
   * Sets the password of the token's account, once, before the token expires; every sign-in ends.
   */
  public Future<Void> confirmReset(String token, String next) {
    String hash = AccountService.sha256(token);
    Problem invalid =
        new Problem(
            400,
            "invalid-reset-token",
            "Reset token not valid",
            "The reset token is unknown, expired or used; ask for a new one");
    return resets
        .find(hash)
        .compose(
            reset -> {
              if (reset.isEmpty()
                  || reset.get().usedAt() != null
                  || reset.get().expiresAt().isBefore(clock.instant())) {
                return Future.failedFuture(invalid);
              }
              try {
                AccountService.checkPassword(
                    next); // before the token is spent on a password that cannot be set
              } catch (Problem p) {
                return Future.failedFuture(p);
              }
              return resets
                  .use(hash, clock.instant())
                  .compose(
                      first ->
                          first
                              ? setPassword(reset.get().accountId(), next, Optional.empty())
                              : Future.failedFuture(invalid));
            });
  }

  private Future<Void> setPassword(UUID accountId, String next, Optional<UUID> keep) {
    return accounts
        .hashOf(next)
        .compose(hash -> accountRows.setPasswordHash(accountId, hash))
        .compose(
            set ->
                set
                    ? accounts.endSignIns(accountId, keep)
                    : Future.failedFuture(Problem.notFound("No account " + accountId)));
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
