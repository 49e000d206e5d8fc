package io.careloop.alerts;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.UUID;

/**
 * The sweep's shards, leased per instance with lightweight transactions: an instance sweeps a
 * shard only while it holds the shard's lease, so several instances split the work. Correctness
 * does not depend on it (the alert claims keep one alert per patient and rule, NOTIFY is
 * idempotent); the lease saves the repeated work.
 */
public final class SweepLeases {

  private final Cql cql;
  private final UUID owner = UUID.randomUUID();
  private final int ttlSeconds;
  private final PreparedStatement take;
  private final PreparedStatement renew;

  /** Prepares its statements: construct it on a worker thread. */
  public SweepLeases(CqlSession session, Duration lease) {
    this.cql = new Cql(session);
    this.ttlSeconds = (int) Math.max(1, lease.toSeconds());
    take = session.prepare("INSERT INTO sweep_lease_by_shard (shard, owner) VALUES (?, ?) IF NOT EXISTS USING TTL ?");
    renew = session.prepare("UPDATE sweep_lease_by_shard USING TTL ? SET owner = ? WHERE shard = ? IF owner = ?");
  }

  /** True when this instance holds the shard's lease for the lease time from now (taken or renewed). */
  public Future<Boolean> hold(int shard) {
    return cql.execute(take.bind(shard, owner, ttlSeconds)).compose(rs -> {
      if (rs.wasApplied()) {
        return Future.succeededFuture(true);
      }
      var row = rs.one();
      if (row == null || !owner.equals(row.getUuid("owner"))) {
        return Future.succeededFuture(false);
      }
      return cql.applied(renew.bind(ttlSeconds, owner, shard, owner));
    });
  }

  public UUID owner() {
    return owner;
  }
}
