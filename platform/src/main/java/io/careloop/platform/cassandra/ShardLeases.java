package io.careloop.platform.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases on the shards of a scheduled sweep, so that several instances split the sweep instead of
 * each doing all of it: an instance sweeps a shard only while it holds the shard's lease. A lease
 * is a row of the module's own table {@code (shard int PRIMARY KEY, owner uuid)}, taken with a
 * lightweight transaction and a TTL, renewed by its holder with another; the lease of an instance
 * that died lapses with its TTL (real seconds, Cassandra's clock) and another instance takes the
 * shard. Correctness never rests on a lease (the sweeps' own claims do that): a lease saves the
 * repeated work and the lightweight transactions that lose.
 */
public final class ShardLeases {

  private static final Logger log = LoggerFactory.getLogger(ShardLeases.class);
  private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]*");

  private final String table;
  private final Cql cql;
  private final int ttlSeconds;
  private final PreparedStatement take;
  private final PreparedStatement renew;
  private final PreparedStatement release;

  /**
   * Prepares its statements: construct it on a worker thread, once per table; each instance that
   * sweeps takes its own {@link #newHolder()}.
   */
  public ShardLeases(CqlSession session, String table, Duration lease) {
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException("Not a table name: " + table);
    }
    this.table = table;
    this.cql = new Cql(session);
    this.ttlSeconds = (int) Math.max(1, lease.toSeconds());
    take =
        session.prepare(
            "INSERT INTO " + table + " (shard, owner) VALUES (?, ?) IF NOT EXISTS USING TTL ?");
    renew =
        session.prepare(
            "UPDATE " + table + " USING TTL ? SET owner = ? WHERE shard = ? IF owner = ?");
    release = session.prepare("DELETE FROM " + table + " WHERE shard = ? IF owner = ?");
  }

  /**
   * The lease of a sweep that runs every {@code interval}: two intervals, at least a minute, so
   * that a holder keeps its shards from one sweep to the next and a dead holder's are taken over
   * within two intervals (or a minute).
   */
  public static Duration forSweepsEvery(Duration interval) {
    Duration twice = interval.multipliedBy(2);
    return twice.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : twice;
  }

  /** What a sweep's turn at a shard came to. */
  public enum Turn {
    /** This instance held the lease and swept the shard. */
    SWEPT,
    /** Another instance holds the lease: the shard is its to sweep. */
    HELD_ELSEWHERE,
    /** The lease could not be asked for this time: the next sweep tries again. */
    UNASKED;

    public boolean skipped() {
      return this != SWEPT;
    }

    /** Counts a turn that swept nothing into {@code skipped}, and an unasked one into both. */
    public void countInto(AtomicInteger skipped, AtomicInteger failures) {
      if (skipped()) {
        skipped.incrementAndGet();
      }
      if (this == UNASKED) {
        failures.incrementAndGet();
      }
    }
  }

  /** A new holder: one per sweeping instance. */
  public Holder newHolder() {
    return new Holder(UUID.randomUUID());
  }

  /**
   * The leases of one sweeping instance, and which shards it holds (safe to use from any thread).
   */
  public final class Holder {

    private final UUID owner;
    private final Set<Integer> held = ConcurrentHashMap.newKeySet();

    private Holder(UUID owner) {
      this.owner = owner;
    }

    public UUID owner() {
      return owner;
    }

    /** True when this holder has the shard for the lease time from now (taken or renewed). */
    public Future<Boolean> hold(int shard) {
      return cql.execute(take.bind(shard, owner, ttlSeconds))
          .compose(
              rs -> {
                if (rs.wasApplied()) {
                  return Future.succeededFuture(true);
                }
                var row = rs.one();
                if (row == null || !owner.equals(row.getUuid("owner"))) {
                  return Future.succeededFuture(false);
                }
                return cql.applied(renew.bind(ttlSeconds, owner, shard, owner));
              })
          .onSuccess(
              taken -> {
                if (taken) {
                  held.add(shard);
                } else {
                  held.remove(shard);
                }
              });
    }

    /**
     * A sweep's turn at {@code shard}: {@code work} runs when this holder has or takes the lease. A
     * lease that could not be asked for this time is logged and the shard left to the next sweep.
     */
    public Future<Turn> sweep(int shard, Supplier<Future<?>> work) {
      return hold(shard)
          .transform(
              asked -> {
                if (asked.failed()) {
                  log.warn(
                      "Shard {} of {} not swept this time, its lease could not be asked for: {}",
                      shard,
                      table,
                      asked.cause().toString());
                  return Future.succeededFuture(Turn.UNASKED);
                }
                return asked.result()
                    ? work.get().map(Turn.SWEPT)
                    : Future.succeededFuture(Turn.HELD_ELSEWHERE);
              });
    }

    /**
     * A sweep's turns at shards 0 to {@code shards - 1}, one after another, each told to {@code
     * tally}; it fails at the first shard whose work fails.
     */
    public Future<Void> sweepEach(int shards, IntFunction<Future<?>> work, Consumer<Turn> tally) {
      Future<Void> chain = Future.succeededFuture();
      for (int shard = 0; shard < shards; shard++) {
        int s = shard;
        chain =
            chain
                .compose(v -> sweep(s, () -> work.apply(s)))
                .map(
                    turn -> {
                      tally.accept(turn);
                      return null;
                    });
      }
      return chain;
    }

    /** The shards this holder took and has not given back (a lease may have lapsed since). */
    public Set<Integer> held() {
      return Set.copyOf(held);
    }

    /**
     * Gives the shard back at once (an instance that stops), if this holder has it; whether it did.
     */
    public Future<Boolean> release(int shard) {
      held.remove(shard);
      return cql.applied(ShardLeases.this.release.bind(shard, owner));
    }

    /**
     * Gives back every shard this holder took: a clean stop, after which another instance sweeps
     * them without waiting for the leases to lapse. Never fails: a lease not given back lapses.
     */
    public Future<Void> releaseAll() {
      List<Future<Boolean>> released = held().stream().map(this::release).toList();
      return Future.join(released)
          .<Void>mapEmpty()
          .recover(
              err -> {
                log.warn(
                    "Shards of {} not all given back ({}); their leases lapse",
                    table,
                    err.toString());
                return Future.succeededFuture();
              });
    }
  }
}
