package io.careloop.reminders.schedule;

import io.careloop.patient.account.AccountService;
import io.careloop.patient.account.NotificationPreferences;
import io.careloop.patient.account.NotificationPreferencesRepository;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

/** A patient's time zone and notification preferences, as reminders need them. */
public final class Recipients {

  /** What planning and sending need to know about the patient. */
  public record Recipient(UUID id, ZoneId zone, NotificationPreferences preferences) {}

  private final AccountService accounts;
  private final NotificationPreferencesRepository preferences;

  public Recipients(AccountService accounts, NotificationPreferencesRepository preferences) {
    this.accounts = accounts;
    this.preferences = preferences;
  }

  /** Empty when the account no longer exists. */
  public Future<Optional<Recipient>> find(UUID patientId) {
    return accounts
        .find(patientId)
        .compose(
            account ->
                preferences
                    .of(patientId)
                    .map(
                        p ->
                            Optional.of(
                                new Recipient(patientId, ZoneId.of(account.timeZone()), p))))
        .recover(
            err ->
                err instanceof Problem p && p.status() == 404
                    ? Future.succeededFuture(Optional.empty())
                    : Future.failedFuture(err));
  }
}
