package io.careloop.patient.account;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.auth.Role;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * accounts_by_id, accounts_by_email whose rows make an address unique by a lightweight transaction,
 * and staff_by_chain, the list of staff accounts.
 */
public final class AccountRepository {

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement delete;
  private final PreparedStatement claimEmail;
  private final PreparedStatement selectByEmail;
  private final PreparedStatement select;
  private final PreparedStatement updateProfile;
  private final PreparedStatement updatePassword;
  private final PreparedStatement insertStaff;
  private final PreparedStatement deleteStaff;
  private final PreparedStatement selectStaff;

  /** The one partition of staff_by_chain: one deployment serves one chain. */
  static final String CHAIN = "careloop";

  /** Prepares its statements: construct it on a worker thread. */
  public AccountRepository(CqlSession session) {
    this.cql = new Cql(session);
    insert =
        session.prepare(
            "INSERT INTO accounts_by_id (account_id, email, role, name, phone, time_zone,"
                + " password_hash, clinic_ids, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    delete = session.prepare("DELETE FROM accounts_by_id WHERE account_id = ?");
    claimEmail =
        session.prepare(
            "INSERT INTO accounts_by_email (email, account_id) VALUES (?, ?) IF NOT EXISTS");
    selectByEmail = session.prepare("SELECT account_id FROM accounts_by_email WHERE email = ?");
    select =
        session.prepare(
            "SELECT account_id, email, role, name, phone, time_zone, password_hash, clinic_ids,"
                + " created_at FROM accounts_by_id WHERE account_id = ?");
    updateProfile =
        session.prepare(
            "UPDATE accounts_by_id SET name = ?, phone = ?, time_zone = ? WHERE account_id = ?");
    // IF EXISTS: a reset confirmed as its account is erased must not write a row back
    updatePassword =
        session.prepare(
            "UPDATE accounts_by_id SET password_hash = ? WHERE account_id = ? IF EXISTS");
    insertStaff =
        session.prepare(
            "INSERT INTO staff_by_chain (chain, account_id, email, name, role, clinic_ids,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    deleteStaff = session.prepare("DELETE FROM staff_by_chain WHERE chain = ? AND account_id = ?");
    selectStaff =
        session.prepare(
            "SELECT account_id, email, name, role, clinic_ids, created_at FROM staff_by_chain"
                + " WHERE chain = ?");
  }

  /** A staff member as the admin's list shows them. */
  public record StaffMember(
      UUID id, String email, String name, Role role, Set<UUID> clinicIds, Instant createdAt) {}

  /** The account, and for staff its row of the staff list, in one logged batch. */
  public Future<Void> insert(Account a) {
    if (a.role() == Role.PATIENT) {
      return cql.run(accountRow(a));
    }
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            accountRow(a),
            insertStaff.bind(
                CHAIN,
                a.id(),
                a.email(),
                a.name(),
                a.role().claim(),
                a.clinicIds(),
                a.createdAt())));
  }

  /** Every staff account of the chain, by name. */
  public Future<List<StaffMember>> staff() {
    return cql.all(selectStaff.bind(CHAIN))
        .map(
            rows ->
                rows.stream()
                    .map(AccountRepository::toStaffMember)
                    .sorted(Comparator.comparing(StaffMember::name, String.CASE_INSENSITIVE_ORDER))
                    .toList());
  }

  private static StaffMember toStaffMember(Row r) {
    return new StaffMember(
        r.getUuid("account_id"),
        r.getString("email"),
        r.getString("name"),
        Role.fromClaim(r.getString("role")),
        r.getSet("clinic_ids", UUID.class),
        r.getInstant("created_at"));
  }

  private BoundStatement accountRow(Account a) {
    return insert.bind(
        a.id(),
        a.email(),
        a.role().claim(),
        a.name(),
        a.phone(),
        a.timeZone(),
        a.passwordHash(),
        a.clinicIds(),
        a.createdAt());
  }

  /** The account and its row of the staff list (staff only: patients have none). */
  public Future<Void> delete(Account a) {
    if (a.role() == Role.PATIENT) {
      return cql.run(delete.bind(a.id()));
    }
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED, delete.bind(a.id()), deleteStaff.bind(CHAIN, a.id())));
  }

  /** Claims the address for the account; false when another account holds it. */
  public Future<Boolean> claimEmail(String email, UUID accountId) {
    return cql.applied(claimEmail.bind(email, accountId));
  }

  public Future<Optional<UUID>> idByEmail(String email) {
    return cql.one(selectByEmail.bind(email)).map(row -> row.map(r -> r.getUuid("account_id")));
  }

  public Future<Optional<Account>> find(UUID accountId) {
    return cql.one(select.bind(accountId)).map(row -> row.map(AccountRepository::toAccount));
  }

  /** The profile of {@code current} changed; for staff, their row of the staff list with it. */
  public Future<Void> updateProfile(Account current, String name, String phone, String timeZone) {
    BoundStatement account = updateProfile.bind(name, phone, timeZone, current.id());
    if (current.role() == Role.PATIENT) {
      return cql.run(account);
    }
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            account,
            insertStaff.bind(
                CHAIN,
                current.id(),
                current.email(),
                name,
                current.role().claim(),
                current.clinicIds(),
                current.createdAt())));
  }

  /** False when there is no such account (any more). */
  public Future<Boolean> setPasswordHash(UUID accountId, String hash) {
    return cql.applied(updatePassword.bind(hash, accountId));
  }

  private static Account toAccount(Row r) {
    return new Account(
        r.getUuid("account_id"),
        r.getString("email"),
        Role.fromClaim(r.getString("role")),
        r.getString("name"),
        r.getString("phone"),
        r.getString("time_zone"),
        r.getString("password_hash"),
        r.getSet("clinic_ids", UUID.class),
        r.getInstant("created_at"));
  }
}
