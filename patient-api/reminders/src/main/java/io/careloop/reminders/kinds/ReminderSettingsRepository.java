package io.careloop.reminders.kinds;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** reminder_settings_by_clinic: a clinic's appointment reminder offsets, as its admin set them. */
public final class ReminderSettingsRepository {

  private final Cql cql;
  private final PreparedStatement select;
  private final PreparedStatement upsert;

  /** Prepares its statements: construct it on a worker thread. */
  public ReminderSettingsRepository(CqlSession session) {
    this.cql = new Cql(session);
    select =
        session.prepare(
            "SELECT appointment_offsets_minutes FROM reminder_settings_by_clinic WHERE clinic_id = ?");
    upsert =
        session.prepare(
            "INSERT INTO reminder_settings_by_clinic (clinic_id, appointment_offsets_minutes,"
                + " updated_at) VALUES (?, ?, ?)");
  }

  /** The clinic's offsets before an appointment; empty when it set none. */
  public Future<Optional<List<Duration>>> offsetsOf(UUID clinicId) {
    return cql.one(select.bind(clinicId))
        .map(
            row ->
                row.map(ReminderSettingsRepository::toOffsets)
                    .filter(offsets -> !offsets.isEmpty()));
  }

  /** Stores the offsets (whole minutes) in the order given. */
  public Future<Void> save(UUID clinicId, List<Duration> offsets, Instant at) {
    List<Integer> minutes = offsets.stream().map(d -> (int) d.toMinutes()).toList();
    return cql.run(upsert.bind(clinicId, minutes, at));
  }

  private static List<Duration> toOffsets(Row r) {
    return r.getList("appointment_offsets_minutes", Integer.class).stream()
        .map(m -> Duration.ofMinutes(m))
        .toList();
  }
}
