package io.careloop.crm.timeline;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** crm_timeline_by_patient_month: a patient's timeline, one partition per month, newest first. */
public final class TimelineRepository {

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement selectRange;
  private final PreparedStatement selectBefore;

  /** Prepares its statements: construct it on a worker thread. */
  public TimelineRepository(CqlSession session) {
    this.cql = new Cql(session);
    insert =
        session.prepare(
            "INSERT INTO crm_timeline_by_patient_month (patient_id, month, at, entry_id, kind,"
                + " clinical, summary, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    selectRange =
        session.prepare(
            "SELECT at, entry_id, kind, clinical, summary, data FROM crm_timeline_by_patient_month"
                + " WHERE patient_id = ? AND month = ? AND at >= ? AND at < ? LIMIT ?");
    selectBefore =
        session.prepare(
            "SELECT at, entry_id, kind, clinical, summary, data FROM crm_timeline_by_patient_month"
                + " WHERE patient_id = ? AND month = ? AND (at, entry_id) < (?, ?) AND (at) >= (?) LIMIT ?");
  }

  public static int month(Instant at) {
    var date = at.atZone(ZoneOffset.UTC);
    return date.getYear() * 100 + date.getMonthValue();
  }

  public Future<Void> save(TimelineEntry e) {
    return cql.run(
        insert.bind(
            e.patientId(),
            month(e.at()),
            e.at(),
            e.id(),
            e.kind(),
            e.clinical(),
            e.summary(),
            e.data().encode()));
  }

  /** The month's entries in [from, to), newest first. */
  public Future<List<TimelineEntry>> inMonth(
      UUID patientId, int month, Instant from, Instant to, int limit) {
    return cql.all(selectRange.bind(patientId, month, from, to, limit))
        .map(rows -> entries(patientId, rows));
  }

  /**
   * The month's entries from {@code from} on that come after (older than) the entry {@code (at,
   * id)}.
   */
  public Future<List<TimelineEntry>> inMonthBefore(
      UUID patientId, int month, Instant from, Instant at, String id, int limit) {
    return cql.all(selectBefore.bind(patientId, month, at, id, from, limit))
        .map(rows -> entries(patientId, rows));
  }

  private static List<TimelineEntry> entries(UUID patientId, List<Row> rows) {
    return rows.stream()
        .map(
            r ->
                new TimelineEntry(
                    patientId,
                    r.getInstant("at"),
                    r.getString("entry_id"),
                    r.getString("kind"),
                    r.getBoolean("clinical"),
                    r.getString("summary"),
                    new JsonObject(r.getString("data"))))
        .toList();
  }
}
