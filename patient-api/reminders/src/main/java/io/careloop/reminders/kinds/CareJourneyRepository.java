package io.careloop.reminders.kinds;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/** care_journeys_by_trigger: the care journeys, by the appointment event that starts them. */
public final class CareJourneyRepository {

  private final Cql cql;
  private final PreparedStatement byTrigger;
  private final PreparedStatement insert;
  private final PreparedStatement retire;

  /** Prepares its statements: construct it on a worker thread. */
  public CareJourneyRepository(CqlSession session) {
    this.cql = new Cql(session);
    byTrigger = session.prepare("SELECT * FROM care_journeys_by_trigger WHERE trigger = ?");
    insert =
        session.prepare(
            "INSERT INTO care_journeys_by_trigger (trigger, journey_id, name, service_name, delay_days,"
                + " local_time, condition, title, body, data, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    // IF EXISTS: a journey deleted meanwhile must not come back as a row of one column
    retire =
        session.prepare(
            "UPDATE care_journeys_by_trigger SET active = false WHERE trigger = ? AND journey_id = ?"
                + " IF EXISTS");
  }

  public Future<Void> add(CareJourney j, Instant createdAt) {
    return cql.run(
        insert.bind(
            j.trigger(),
            j.id(),
            j.name(),
            j.serviceName(),
            j.delayDays(),
            j.localTime().toString(),
            j.condition(),
            j.title(),
            j.body(),
            j.data(),
            j.active(),
            createdAt));
  }

  /** Makes the journey inactive; whether it was there. */
  public Future<Boolean> retire(String trigger, UUID id) {
    return cql.applied(retire.bind(trigger, id));
  }

  public Future<List<CareJourney>> byTrigger(String trigger) {
    return cql.all(byTrigger.bind(trigger))
        .map(rows -> rows.stream().map(CareJourneyRepository::toJourney).toList());
  }

  private static CareJourney toJourney(Row r) {
    return new CareJourney(
        r.getUuid("journey_id"),
        r.getString("name"),
        r.getString("trigger"),
        r.getString("service_name"),
        r.getInt("delay_days"),
        LocalTime.parse(r.getString("local_time")),
        r.getString("condition"),
        r.getString("title"),
        r.getString("body"),
        r.getMap("data", String.class, String.class),
        r.isNull("active") || r.getBoolean("active"));
  }
}
