package io.careloop.reminders.schedule;

import io.careloop.patient.access.AccessNeeds;
import io.careloop.patient.access.AccessNeedsRepository;
import io.careloop.patient.access.AccessNeedsService;
import io.careloop.patient.account.AccountService;
import io.careloop.patient.account.NotificationPreferences;
import io.careloop.patient.account.NotificationPreferencesRepository;
import io.careloop.patient.care.Carers;
import io.careloop.platform.auth.CarerRight;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A patient's name, time zone and notification preferences, communication needs, and the carers who
 * receive their reminders, as reminders need them.
 */
public final class Recipients {

  /** What planning and sending need to know about the patient. */
  public record Recipient(UUID id, String name, ZoneId zone, NotificationPreferences preferences) {}

  private final AccountService accounts;
  private final NotificationPreferencesRepository preferences;
  private final Carers carers;
  private final AccessNeedsService accessNeeds;

  public Recipients(
      AccountService accounts,
      NotificationPreferencesRepository preferences,
      Carers carers,
      AccessNeedsService accessNeeds) {
    this.accounts = accounts;
    this.preferences = preferences;
    this.carers = carers;
    this.accessNeeds = accessNeeds;
  }

  /** The patient's access needs: easy-read and an interpreter's language change the texts. */
  public Future<AccessNeeds> needsOf(UUID patientId) {
    return accessNeeds.of(patientId).map(AccessNeedsRepository.Stored::needs);
  }

  /** The carers the patient granted the {@code reminders} right: each gets a copy. */
  public Future<List<UUID>> carersOf(UUID patientId) {
    return carers.carersWith(patientId, CarerRight.REMINDERS);
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
                                new Recipient(
                                    patientId, account.name(), ZoneId.of(account.timeZone()), p))))
        .recover(
            err ->
                err instanceof Problem p && p.status() == 404
                    ? Future.succeededFuture(Optional.empty())
                    : Future.failedFuture(err));
  }
}
