package io.careloop.notifications.push;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * How push dispatchers share the outbox: push_shard_leases_by_shard (who sweeps a shard, until
 * when, and how far it is swept) and push_dispatchers_by_group (who is alive, by heartbeat).
 */
public final class DispatcherLeaseRepository {

  /** A shard's lease row. */
  public record Lease(int shard, UUID owner, Instant leaseUntil, Instant sweptUntil) {}

  private final Cql cql;
  private final PreparedStatement createLease;
  private final PreparedStatement selectLeases;
  private final PreparedStatement acquireLease;
  private final PreparedStatement renewLease;
  private final PreparedStatement releaseLease;
  private final PreparedStatement heartbeat;
  private final PreparedStatement selectDispatchers;
  private final PreparedStatement leave;

  /** Prepares its statements: construct it on a worker thread. */
  public DispatcherLeaseRepository(CqlSession session) {
    this.cql = new Cql(session);
    createLease =
        session.prepare(
            "INSERT INTO push_shard_leases_by_shard (shard, lease_until) VALUES (?, ?)"
                + " IF NOT EXISTS");
    selectLeases =
        session.prepare(
            "SELECT shard, owner, lease_until, swept_until FROM push_shard_leases_by_shard"
                + " WHERE shard IN ?");
    acquireLease =
        session.prepare(
            "UPDATE push_shard_leases_by_shard SET owner = ?, lease_until = ? WHERE shard = ?"
                + " IF lease_until < ?");
    renewLease =
        session.prepare(
            "UPDATE push_shard_leases_by_shard SET lease_until = ?, swept_until = ?"
                + " WHERE shard = ? IF owner = ?");
    releaseLease =
        session.prepare(
            "UPDATE push_shard_leases_by_shard SET lease_until = ?, swept_until = ?"
                + " WHERE shard = ? IF owner = ?");
    heartbeat =
        session.prepare(
            "INSERT INTO push_dispatchers_by_group (dispatch_group, instance_id, seen_at)"
                + " VALUES (?, ?, ?) USING TTL ?");
    selectDispatchers =
        session.prepare(
            "SELECT instance_id FROM push_dispatchers_by_group WHERE dispatch_group = ?");
    leave =
        session.prepare(
            "DELETE FROM push_dispatchers_by_group WHERE dispatch_group = ? AND instance_id = ?");
  }

  /** Creates the lease rows that do not exist yet, free. */
  public Future<Void> createLeases(List<Integer> shards) {
    return Future.all(
            shards.stream().map(s -> cql.run(createLease.bind(s, Instant.EPOCH))).toList())
        .mapEmpty();
  }

  public Future<List<Lease>> leases(List<Integer> shards) {
    return cql.all(selectLeases.bind(shards))
        .map(rows -> rows.stream().map(DispatcherLeaseRepository::toLease).toList());
  }

  /** Takes the shard if its lease has lapsed by {@code now}. */
  public Future<Boolean> acquire(int shard, UUID owner, Instant now, Instant until) {
    return cql.applied(acquireLease.bind(owner, until, shard, now));
  }

  public Future<Boolean> renew(int shard, UUID owner, Instant until, Instant sweptUntil) {
    return cql.applied(renewLease.bind(until, sweptUntil, shard, owner));
  }

  /** Gives the shard back at once, recording how far it was swept. */
  public Future<Boolean> release(int shard, UUID owner, Instant sweptUntil) {
    return cql.applied(releaseLease.bind(Instant.EPOCH, sweptUntil, shard, owner));
  }

  public Future<Void> heartbeat(String group, UUID instance, Instant now, Duration ttl) {
    return cql.run(heartbeat.bind(group, instance, now, (int) Math.max(1, ttl.toSeconds())));
  }

  public Future<Integer> liveDispatchers(String group) {
    return cql.all(selectDispatchers.bind(group)).map(List::size);
  }

  public Future<Void> leave(String group, UUID instance) {
    return cql.run(leave.bind(group, instance));
  }

  private static Lease toLease(Row r) {
    return new Lease(
        r.getInt("shard"),
        r.getUuid("owner"),
        r.getInstant("lease_until"),
        r.getInstant("swept_until"));
  }
}
