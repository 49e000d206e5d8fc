package io.careloop.crm.projection;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** crm_visits_by_patient: the past visits a practice system's import told. */
public final class VisitRepository {

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement selectAll;

  /** Prepares its statements: construct it on a worker thread. */
  public VisitRepository(CqlSession session) {
    this.cql = new Cql(session);
    insert =
        session.prepare(
            "INSERT INTO crm_visits_by_patient (patient_id, visit_key, clinic_id, day, status, service,"
                + " provider, price, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    select =
        session.prepare(
            "SELECT visit_key, clinic_id, day, status, service, provider, price, channel"
                + " FROM crm_visits_by_patient WHERE patient_id = ? AND visit_key = ?");
    selectAll =
        session.prepare(
            "SELECT visit_key, clinic_id, day, status, service, provider, price, channel"
                + " FROM crm_visits_by_patient WHERE patient_id = ?");
  }

  public Future<Optional<Visit>> find(UUID patientId, String key) {
    return cql.one(select.bind(patientId, key)).map(row -> row.map(VisitRepository::visit));
  }

  public Future<Void> save(UUID patientId, Visit v) {
    return cql.run(
        insert.bind(
            patientId,
            v.key(),
            v.clinicId(),
            v.day(),
            v.status(),
            v.service(),
            v.provider(),
            v.price(),
            v.channel()));
  }

  /** The patient's visits, the latest first. */
  public Future<List<Visit>> ofPatient(UUID patientId) {
    return cql.all(selectAll.bind(patientId))
        .map(
            rows ->
                rows.stream()
                    .map(VisitRepository::visit)
                    .sorted(Comparator.comparing(Visit::day).reversed())
                    .toList());
  }

  private static Visit visit(Row r) {
    return new Visit(
        r.getString("visit_key"),
        r.getUuid("clinic_id"),
        r.getLocalDate("day"),
        r.getString("status"),
        r.getString("service"),
        r.getString("provider"),
        r.getBigDecimal("price"),
        r.getString("channel"));
  }
}
