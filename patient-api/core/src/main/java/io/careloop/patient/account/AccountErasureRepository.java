package io.careloop.patient.account;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;

/**
 * The last step of an erasure: an account and everything it signs in with, deleted in one logged
 * batch, so that no failure half-way leaves an account that can no longer be reached but still
 * holds the person's name, or an e-mail address that points at nothing.
 */
public final class AccountErasureRepository {

  private final Cql cql;
  private final PreparedStatement deleteAccount;
  private final PreparedStatement deleteEmail;
  private final PreparedStatement deleteSignIns;
  private final PreparedStatement deleteFamily;
  private final PreparedStatement deleteReset;
  private final PreparedStatement deleteResetsOfAccount;

  /** Prepares its statements: construct it on a worker thread. */
  public AccountErasureRepository(CqlSession session) {
    this.cql = new Cql(session);
    deleteAccount = session.prepare("DELETE FROM accounts_by_id WHERE account_id = ?");
    deleteEmail = session.prepare("DELETE FROM accounts_by_email WHERE email = ?");
    deleteSignIns = session.prepare("DELETE FROM sign_ins_by_account WHERE account_id = ?");
    deleteFamily = session.prepare("DELETE FROM refresh_families WHERE family_id = ?");
    deleteReset = session.prepare("DELETE FROM password_resets WHERE token_hash = ?");
    deleteResetsOfAccount =
        session.prepare("DELETE FROM password_resets_by_account WHERE account_id = ?");
  }

  /**
   * Deletes the account, its e-mail's claim, its sign-ins ({@code families}) and its reset tokens.
   */
  public Future<Void> delete(
      UUID accountId, String email, List<UUID> families, List<String> resetHashes) {
    BatchStatementBuilder batch =
        BatchStatement.builder(DefaultBatchType.LOGGED)
            .addStatement(deleteAccount.bind(accountId))
            .addStatement(deleteEmail.bind(email))
            .addStatement(deleteSignIns.bind(accountId))
            .addStatement(deleteResetsOfAccount.bind(accountId));
    families.forEach(f -> batch.addStatement(deleteFamily.bind(f)));
    resetHashes.forEach(h -> batch.addStatement(deleteReset.bind(h)));
    return cql.run(batch.build());
  }
}
