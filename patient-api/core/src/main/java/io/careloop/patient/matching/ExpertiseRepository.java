package io.careloop.patient.matching;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Providers' declared expertise and services' complexity, in the tables of 014_matching.cql. */
public final class ExpertiseRepository {

  private final Cql cql;
  private final PreparedStatement levelsOf;
  private final PreparedStatement deleteLevels;
  private final PreparedStatement insertLevel;
  private final PreparedStatement complexityOf;
  private final PreparedStatement setComplexity;

  /** Prepares its statements: construct it on a worker thread. */
  public ExpertiseRepository(CqlSession session) {
    this.cql = new Cql(session);
    levelsOf =
        session.prepare("SELECT service_id, level FROM provider_expertise WHERE provider_id = ?");
    deleteLevels = session.prepare("DELETE FROM provider_expertise WHERE provider_id = ?");
    insertLevel =
        session.prepare(
            "INSERT INTO provider_expertise (provider_id, service_id, level) VALUES (?, ?, ?)");
    complexityOf =
        session.prepare("SELECT complexity FROM service_complexity WHERE service_id = ?");
    setComplexity =
        session.prepare("INSERT INTO service_complexity (service_id, complexity) VALUES (?, ?)");
  }

  /** The provider's declared level per service; services left out are level 1. */
  public Future<Map<UUID, Integer>> levels(UUID providerId) {
    return cql.all(levelsOf.bind(providerId))
        .map(
            rows -> {
              Map<UUID, Integer> levels = new HashMap<>();
              rows.forEach(r -> levels.put(r.getUuid("service_id"), r.getInt("level")));
              return levels;
            });
  }

  /**
   * Replaces the provider's declaration: the old one is deleted first, by a statement of its own
   * (in one batch the deletion and the new rows would share a timestamp, and the deletion wins).
   */
  public Future<Void> declare(UUID providerId, Map<UUID, Integer> levels) {
    BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.UNLOGGED);
    for (Map.Entry<UUID, Integer> e : levels.entrySet()) {
      batch = batch.add(insertLevel.bind(providerId, e.getKey(), e.getValue()));
    }
    BatchStatement rows = batch;
    return cql.run(deleteLevels.bind(providerId))
        .compose(v -> levels.isEmpty() ? Future.succeededFuture() : cql.run(rows));
  }

  /** The service's complexity; 1 (routine) unless set. */
  public Future<Integer> complexity(UUID serviceId) {
    return cql.one(complexityOf.bind(serviceId))
        .map(row -> row.map(r -> r.getInt("complexity")).orElse(1));
  }

  public Future<Void> complexity(UUID serviceId, int complexity) {
    return cql.run(setComplexity.bind(serviceId, complexity));
  }
}
