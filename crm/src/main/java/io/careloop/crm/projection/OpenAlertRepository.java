package io.careloop.crm.projection;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * crm_open_alerts_by_patient: each step written with its own time as write timestamp, so that a
 * resolution heard before the opening still wins.
 */
public final class OpenAlertRepository {

  /** An alert last heard of as unresolved. */
  public record OpenAlert(UUID alertId, String severity, String title) {}

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement delete;
  private final PreparedStatement select;

  /** Prepares its statements: construct it on a worker thread. */
  public OpenAlertRepository(CqlSession session) {
    this.cql = new Cql(session);
    insert =
        session.prepare(
            "INSERT INTO crm_open_alerts_by_patient (patient_id, alert_id, severity, title)"
                + " VALUES (?, ?, ?, ?) USING TIMESTAMP ?");
    delete =
        session.prepare(
            "DELETE FROM crm_open_alerts_by_patient USING TIMESTAMP ? WHERE patient_id = ?"
                + " AND alert_id = ?");
    select =
        session.prepare(
            "SELECT alert_id, severity, title FROM crm_open_alerts_by_patient WHERE patient_id = ?");
  }

  public Future<Void> open(UUID patientId, OpenAlert alert, Instant at) {
    return cql.run(
        insert.bind(patientId, alert.alertId(), alert.severity(), alert.title(), micros(at)));
  }

  public Future<Void> resolved(UUID patientId, UUID alertId, Instant at) {
    return cql.run(delete.bind(micros(at), patientId, alertId));
  }

  public Future<List<OpenAlert>> of(UUID patientId) {
    return cql.all(select.bind(patientId))
        .map(
            rows ->
                rows.stream()
                    .map(r -> new OpenAlert(r.getUuid(0), r.getString(1), r.getString(2)))
                    .toList());
  }

  private static long micros(Instant at) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, at);
  }
}
