package io.careloop.alerts;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/** The last session of each patient, as the stored-session events report it. */
public final class SessionActivity {

  /** A patient's latest known session. */
  public record LastSession(UUID patientId, Instant placedAt, String deviceId, long sessionId) {
  }

  private final Cql cql;
  private final PreparedStatement record;
  private final PreparedStatement select;

  /** Prepares its statements: construct it on a worker thread. */
  public SessionActivity(CqlSession session) {
    this.cql = new Cql(session);
    // The write timestamp is the session's own time: an older session arriving late cannot
    // overwrite a newer one, and a duplicate writes the same cell again.
    record = session.prepare("INSERT INTO last_session_by_patient (patient_id, placed_at, device_id, session_id)"
        + " VALUES (?, ?, ?, ?) USING TIMESTAMP ?");
    select = session.prepare("SELECT placed_at, device_id, session_id FROM last_session_by_patient WHERE patient_id = ?");
  }

  public Future<Void> record(LastSession s) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, s.placedAt());
    return cql.run(record.bind(s.patientId(), s.placedAt(), s.deviceId(), s.sessionId(), micros));
  }

  public Future<Optional<LastSession>> lastSessionOf(UUID patientId) {
    return cql.one(select.bind(patientId)).map(row -> row.map(r ->
        new LastSession(patientId, r.getInstant("placed_at"), r.getString("device_id"), r.getLong("session_id"))));
  }
}
