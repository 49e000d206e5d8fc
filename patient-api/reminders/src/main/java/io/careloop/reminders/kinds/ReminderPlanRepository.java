package io.careloop.reminders.kinds;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * reminder_plans_by_appointment: which version of an appointment its reminders were planned for.
 */
public final class ReminderPlanRepository {

  /** An appointment's plan: its version then, and the offsets (minutes, comma-separated) used. */
  public record Plan(UUID appointmentId, int version, String offsets) {}

  private final Cql cql;
  private final PreparedStatement select;
  private final PreparedStatement upsert;

  /** Prepares its statements: construct it on a worker thread. */
  public ReminderPlanRepository(CqlSession session) {
    this.cql = new Cql(session);
    select =
        session.prepare(
            "SELECT appointment_id, version, offsets FROM reminder_plans_by_appointment"
                + " WHERE appointment_id = ?");
    upsert =
        session.prepare(
            "INSERT INTO reminder_plans_by_appointment (appointment_id, version, offsets,"
                + " planned_at) VALUES (?, ?, ?, ?)");
  }

  public Future<Optional<Plan>> find(UUID appointmentId) {
    return cql.one(select.bind(appointmentId)).map(row -> row.map(ReminderPlanRepository::toPlan));
  }

  public Future<Void> save(Plan plan, Instant at) {
    return cql.run(upsert.bind(plan.appointmentId(), plan.version(), plan.offsets(), at));
  }

  private static Plan toPlan(Row r) {
    return new Plan(r.getUuid("appointment_id"), r.getInt("version"), r.getString("offsets"));
  }
}
