package io.careloop.patient.rights;

import io.careloop.patient.account.Account;
import io.careloop.patient.account.AccountService;
import io.careloop.platform.privacy.DataSubject;
import io.careloop.platform.privacy.Erasure;
import io.careloop.platform.privacy.PersonalDataClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A patient's data rights across every module: the export of all they hold, and the erasure. The
 * erasure runs while the account still works, so that a module that fails leaves an erasure the
 * patient can finish by asking again; only once every module is done do the sign-ins end and the
 * account go.
 */
public final class DataRightsService {

  private static final Logger log = LoggerFactory.getLogger(DataRightsService.class);

  private final AccountService accounts;
  private final PersonalDataClient modules;
  private final Clock clock;

  public DataRightsService(AccountService accounts, PersonalDataClient modules, Clock clock) {
    this.accounts = accounts;
    this.modules = modules;
    this.clock = clock;
  }

  /** Every module's sections about the account's owner, in one document. */
  public Future<JsonObject> export(UUID accountId) {
    return accounts
        .find(accountId)
        .compose(account -> modules.exportAll(subjectOf(account)))
        .map(
            sections ->
                new JsonObject()
                    .put("patientId", accountId.toString())
                    .put("exportedAt", clock.instant().toString())
                    .mergeIn(sections));
  }

  /**
   * Erases the account's owner everywhere; what the clinic keeps is kept under a pseudonym made for
   * this erasure and written nowhere with the account's id. An account already gone is done.
   */
  public Future<Void> erase(UUID accountId) {
    return accounts
        .findIfAny(accountId)
        .compose(found -> found.isEmpty() ? Future.succeededFuture() : erase(found.get()));
  }

  private Future<Void> erase(Account account) {
    UUID pseudonym = UUID.randomUUID();
    return modules
        .eraseAll(subjectOf(account), pseudonym)
        .compose(
            erasures ->
                accounts
                    .delete(account)
                    .map(
                        v -> {
                          log.info("An account was erased: {}", summary(erasures));
                          return null;
                        }));
  }

  private static DataSubject subjectOf(Account account) {
    return new DataSubject(account.id(), account.createdAt(), account.timeZone());
  }

  /** Counts per module and table, no ids. */
  private static String summary(List<Erasure> erasures) {
    return erasures.stream()
        .map(e -> e.module() + " deleted " + e.deleted() + " kept " + e.pseudonymized())
        .reduce((a, b) -> a + "; " + b)
        .orElse("nothing");
  }
}
