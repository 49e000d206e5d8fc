package io.careloop.platform.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.careloop.platform.vertx.RequestQueue;
import io.careloop.platform.vertx.TurnBatches;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes idempotent statements in fewer requests: what one Vert.x context hands over before its
 * next queued task runs is grouped by partition (same prepared statement, same routing key) and
 * each group goes out as one unlogged batch of at most {@code maxPerBatch} statements. A partition
 * has at most one request under way: rows that arrive for it meanwhile wait and go out together
 * when that request is answered, so the busier the partition, the fuller its batches (and no two of
 * our mutations of one partition contend in Cassandra's memtable).
 *
 * <p>A single-partition unlogged batch is applied by the partition's replicas as one mutation: it
 * is routed like a single statement, needs no batch log, is not subject to the batch size
 * thresholds (those apply to batches of several partitions), and costs Cassandra one request
 * instead of one per row. That pays when rows of a partition arrive together (a brush's backlog,
 * the queue a broker delivers after an outage); a lone row is sent as it is. The statements of one
 * batch share a write timestamp, so use it for upserts whose copies agree, not for writes whose
 * order matters.
 *
 * <p>Each context has at most {@code maxInFlight} requests under way ({@link RequestQueue}); the
 * rest wait their turn in order, so a burst of distinct partitions does not exceed what the
 * driver's connection takes (1,024 requests by default, beyond which it fails requests as busy).
 *
 * <p>Each statement's future completes with its request's outcome: when Cassandra refuses a batch,
 * every statement in it fails, so use it for writes whose caller retries on failure. Writes from
 * outside a Vert.x context, or of statements without a routing key, are sent at once.
 */
public final class PartitionBatcher {

  private final Cql cql;
  private final int maxPerBatch;
  private final int maxInFlight;
  private final TurnBatches<Pending> turns = new TurnBatches<>(this::endTurn);
  private final Map<io.vertx.core.Context, Lane> lanes = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder statements = new LongAdder();
  private final LongAdder requests = new LongAdder();

  /** {@code trace}: the writer's, so that the request is in its trace whichever turn sends it. */
  private record Pending(
      BoundStatement statement, ByteBuffer routingKey, Promise<Void> done, Context trace) {}

  /**
   * A partition of one prepared statement's table; its hash is computed once (it covers every
   * byte).
   */
  private static final class Partition {
    final ByteBuffer statementId;
    final ByteBuffer routingKey;
    final int hash;

    Partition(ByteBuffer statementId, ByteBuffer routingKey) {
      this.statementId = statementId;
      this.routingKey = routingKey;
      this.hash = 31 * statementId.hashCode() + routingKey.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Partition p
          && hash == p.hash
          && routingKey.equals(p.routingKey)
          && statementId.equals(p.statementId);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * One context's writes: the partitions with a request waiting or under way, each with its rows
   * not yet sent.
   */
  private final class Lane {
    final Map<Partition, ArrayDeque<Pending>> partitions = new HashMap<>();
    final RequestQueue requests = new RequestQueue(maxInFlight);
  }

  /**
   * @param maxPerBatch at most this many statements per batch, to keep each request (and mutation)
   *     small
   * @param maxInFlight at most this many requests under way per context
   */
  public PartitionBatcher(Cql cql, int maxPerBatch, int maxInFlight) {
    if (maxPerBatch < 1 || maxInFlight < 1) {
      throw new IllegalArgumentException("maxPerBatch and maxInFlight must be at least 1");
    }
    this.cql = cql;
    this.maxPerBatch = maxPerBatch;
    this.maxInFlight = maxInFlight;
  }

  /** Writes the statement, batched with others of its partition from the same context turn. */
  public Future<Void> write(BoundStatement statement) {
    io.vertx.core.Context context = Vertx.currentContext();
    ByteBuffer routingKey = statement.getRoutingKey();
    if (context == null || routingKey == null) {
      return send(statement);
    }
    Promise<Void> done = Promise.promise();
    turns.add(new Pending(statement, routingKey, done, Context.current()));
    return done.future();
  }

  /**
   * Adds a turn's statements to their partitions' rows; a partition without a request gets one in
   * the queue.
   */
  private void endTurn(List<Pending> turn) {
    // one lane per event loop: a traced message runs in a duplicated context of its own
    Lane lane =
        lanes.computeIfAbsent(((ContextInternal) Vertx.currentContext()).unwrap(), c -> new Lane());
    List<Partition> fresh = new ArrayList<>();
    for (Pending p : turn) {
      Partition key = new Partition(p.statement().getPreparedStatement().getId(), p.routingKey());
      ArrayDeque<Pending> unsent = lane.partitions.get(key);
      if (unsent == null) {
        unsent = new ArrayDeque<>();
        lane.partitions.put(key, unsent);
        fresh.add(key);
      }
      unsent.add(p);
    }
    // queued once the whole turn is in, since a request may leave at once
    fresh.forEach(key -> queueRequest(lane, key, lane.partitions.get(key)));
  }

  /**
   * Queues the partition's next request. Its rows are taken when it leaves, so that those that came
   * while it waited join it.
   */
  private void queueRequest(Lane lane, Partition key, ArrayDeque<Pending> unsent) {
    List<Pending> rows = new ArrayList<>(maxPerBatch);
    lane.requests
        .add(
            () -> {
              inFlight.incrementAndGet();
              while (rows.size() < maxPerBatch && !unsent.isEmpty()) {
                rows.add(unsent.poll());
              }
              return sendIn(
                  rows.get(0).trace(), rows.size() == 1 ? rows.get(0).statement() : batchOf(rows));
            })
        .onComplete(
            ar -> {
              inFlight.decrementAndGet();
              if (unsent.isEmpty()) {
                lane.partitions.remove(key);
              } else {
                queueRequest(lane, key, unsent);
              }
              rows.forEach(p -> p.done().handle(ar));
            });
  }

  private static Statement<?> batchOf(List<Pending> request) {
    List<BatchableStatement<?>> members = new ArrayList<>(request.size());
    request.forEach(p -> members.add(p.statement()));
    BoundStatement first = request.get(0).statement();
    return BatchStatement.newInstance(DefaultBatchType.UNLOGGED, members)
        .setIdempotent(first.isIdempotent())
        .setConsistencyLevel(first.getConsistencyLevel());
  }

  private Future<Void> sendIn(Context trace, Statement<?> statement) {
    if (trace == Context.root()) {
      return send(statement);
    }
    try (Scope current = trace.makeCurrent()) {
      return send(statement);
    }
  }

  private Future<Void> send(Statement<?> statement) {
    requests.increment();
    statements.add(statement instanceof BatchStatement batch ? batch.size() : 1);
    return cql.run(statement);
  }

  /** Statements written so far. */
  public long statements() {
    return statements.sum();
  }

  /** Requests sent to Cassandra so far (a batch counts once). */
  public long requests() {
    return requests.sum();
  }

  /** Requests under way now, over all contexts (those sent from outside a context not included). */
  public int inFlight() {
    return inFlight.get();
  }
}
