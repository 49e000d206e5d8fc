package io.careloop.patient.clinic;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** Stores {@link PriorityTime} in clinic_priority_time. */
public final class PriorityTimeRepository {

  private final Cql cql;
  private final Clock clock;
  private final PreparedStatement select;
  private final PreparedStatement upsert;

  /** Prepares its statements: construct it on a worker thread. */
  public PriorityTimeRepository(CqlSession session, Clock clock) {
    this.cql = new Cql(session);
    this.clock = clock;
    select =
        session.prepare(
            "SELECT share_percent, release_before_minutes FROM clinic_priority_time"
                + " WHERE clinic_id = ?");
    upsert =
        session.prepare(
            "INSERT INTO clinic_priority_time (clinic_id, share_percent, release_before_minutes,"
                + " updated_at) VALUES (?, ?, ?, ?)");
  }

  /** The clinic's priority time; {@link PriorityTime#NONE} if it set none. */
  public Future<PriorityTime> of(UUID clinicId) {
    return cql.one(select.bind(clinicId))
        .map(
            row ->
                row.map(
                        r ->
                            new PriorityTime(
                                r.getInt("share_percent"),
                                Duration.ofMinutes(r.getInt("release_before_minutes"))))
                    .orElse(PriorityTime.NONE));
  }

  public Future<Void> save(UUID clinicId, PriorityTime time) {
    return cql.run(
        upsert.bind(
            clinicId,
            time.sharePercent(),
            (int) time.releaseBefore().toMinutes(),
            clock.instant()));
  }
}
