package io.careloop.patient.account;

import io.vertx.core.Future;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a password-reset token to the account's owner (e-mail, SMS: the chain's own channel,
 * plugged in by whoever deploys CareLoop). Without one, {@link #NONE} sends nothing; on a
 * developer's machine {@link #LOG} writes the token to the log.
 */
@FunctionalInterface
public interface PasswordResetSender {

  /** No channel: the token is stored but reaches nobody; says so in the log, without the token. */
  PasswordResetSender NONE =
      new PasswordResetSender() {
        private final Logger log = LoggerFactory.getLogger(PasswordResetSender.class);

        @Override
        public Future<Void> send(Account account, String token, Instant expiresAt) {
          log.warn(
              "A password reset was asked for, but no reset channel is configured: nothing was sent");
          return Future.succeededFuture();
        }
      };

  /**
   * Logs the token: a stand-in for a real channel on a developer's machine, never in production.
   */
  PasswordResetSender LOG =
      new PasswordResetSender() {
        private final Logger log = LoggerFactory.getLogger(PasswordResetSender.class);

        @Override
        public Future<Void> send(Account account, String token, Instant expiresAt) {
          log.info(
              "Password reset for {} (local sender, not for production): token {} until {}",
              account.email(),
              token,
              expiresAt);
          return Future.succeededFuture();
        }
      };

  Future<Void> send(Account account, String token, Instant expiresAt);
}
