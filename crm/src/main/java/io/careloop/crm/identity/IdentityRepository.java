package io.careloop.crm.identity;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** crm_identities_by_value (the claim) and crm_identities_by_patient (the record's list). */
public final class IdentityRepository {

  private final Cql cql;
  private final PreparedStatement claim;
  private final PreparedStatement select;
  private final PreparedStatement insertOfPatient;
  private final PreparedStatement selectOfPatient;

  /** Prepares its statements: construct it on a worker thread. */
  public IdentityRepository(CqlSession session) {
    this.cql = new Cql(session);
    claim =
        session.prepare(
            "INSERT INTO crm_identities_by_value (system, value, patient_id, linked_at, linked_by)"
                + " VALUES (?, ?, ?, ?, ?) IF NOT EXISTS");
    select =
        session.prepare(
            "SELECT system, value, patient_id, linked_at, linked_by FROM crm_identities_by_value"
                + " WHERE system = ? AND value = ?");
    insertOfPatient =
        session.prepare(
            "INSERT INTO crm_identities_by_patient (patient_id, system, value, linked_at,"
                + " linked_by) VALUES (?, ?, ?, ?, ?)");
    selectOfPatient =
        session.prepare(
            "SELECT system, value, patient_id, linked_at, linked_by"
                + " FROM crm_identities_by_patient WHERE patient_id = ?");
  }

  /**
   * Points the identity at the patient unless it points somewhere already: the link that holds
   * after.
   */
  public Future<LinkedIdentity> claim(LinkedIdentity link) {
    Identity id = link.identity();
    return cql.execute(
            Cql.unsetNulls(
                claim.bind(
                    id.system(), id.value(), link.patientId(), link.linkedAt(), link.linkedBy())))
        .map(rs -> rs.wasApplied() ? link : linked(rs.one()));
  }

  public Future<Optional<LinkedIdentity>> find(Identity identity) {
    return cql.one(select.bind(identity.system(), identity.value()))
        .map(row -> row.map(IdentityRepository::linked));
  }

  public Future<Void> listOnPatient(LinkedIdentity link) {
    return cql.run(
        Cql.unsetNulls(
            insertOfPatient.bind(
                link.patientId(),
                link.identity().system(),
                link.identity().value(),
                link.linkedAt(),
                link.linkedBy())));
  }

  public Future<List<LinkedIdentity>> ofPatient(UUID patientId) {
    return cql.all(selectOfPatient.bind(patientId))
        .map(rows -> rows.stream().map(IdentityRepository::linked).toList());
  }

  private static LinkedIdentity linked(Row r) {
    return new LinkedIdentity(
        new Identity(r.getString("system"), r.getString("value")),
        r.getUuid("patient_id"),
        r.getInstant("linked_at"),
        r.getUuid("linked_by"));
  }
}
