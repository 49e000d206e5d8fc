package io.careloop.reminders.kinds;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** brushing_patients_by_shard: the patients brushing nudges are planned for, split in shards. */
public final class BrushingRosterRepository {

  private final Cql cql;
  private final int shards;
  private final PreparedStatement upsert;
  private final PreparedStatement select;
  private final PreparedStatement delete;

  /** Prepares its statements: construct it on a worker thread. */
  public BrushingRosterRepository(CqlSession session, int shards) {
    this.cql = new Cql(session);
    this.shards = shards;
    upsert =
        session.prepare(
            "INSERT INTO brushing_patients_by_shard (shard, patient_id, last_session_at)"
                + " VALUES (?, ?, ?)");
    select = session.prepare("SELECT patient_id FROM brushing_patients_by_shard WHERE shard = ?");
    delete =
        session.prepare(
            "DELETE FROM brushing_patients_by_shard WHERE shard = ? AND patient_id = ?");
  }

  public int shards() {
    return shards;
  }

  private int shardOf(UUID patientId) {
    return Math.floorMod(patientId.hashCode(), shards);
  }

  /** Puts the patient on the roster (again is harmless), with the time of their latest session. */
  public Future<Void> add(UUID patientId, Instant lastSessionAt) {
    return cql.run(upsert.bind(shardOf(patientId), patientId, lastSessionAt));
  }

  public Future<Void> remove(UUID patientId) {
    return cql.run(delete.bind(shardOf(patientId), patientId));
  }

  public Future<List<UUID>> patientsIn(int shard) {
    return cql.all(select.bind(shard))
        .map(rows -> rows.stream().map(r -> r.getUuid("patient_id")).toList());
  }
}
