package io.careloop.ingest.session;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.TupleValue;
import io.careloop.platform.cassandra.Cql;
import io.careloop.platform.vertx.RequestQueue;
import io.careloop.platform.vertx.TurnBatches;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the claims of stored copies of sessions ({@link Claims}) from their identity rows in few
 * requests: the look-ups one Vert.x context makes in a turn are grouped by brush and year (one
 * partition of {@code sessions_by_device}) and each group is one query for its start times, so a
 * burst of a brush's backlog costs one read, not one per session. Each context has at most {@code
 * maxInFlight} reads under way ({@link RequestQueue}); the rest wait their turn in order, as the
 * writes do. Look-ups from outside a context are sent at once.
 */
final class SessionClaimsRepository {

  /**
   * Start times per query: a brush keeps at most 30 sessions, a burst of its messages a few more.
   */
  static final int STARTS_PER_READ = 64;

  private record Lookup(BrushingSession session, Promise<Claims.Stored> done) {}

  private final Cql cql;
  private final PreparedStatement select;
  private final int maxInFlight;
  private final TurnBatches<Lookup> turns = new TurnBatches<>(this::endTurn);
  private final Map<Context, RequestQueue> reads = new ConcurrentHashMap<>();

  /**
   * @param select {@code SELECT started_at, session_id, claims, received_at, receipts} of one brush
   *     and year, {@code started_at IN ?}
   */
  SessionClaimsRepository(Cql cql, PreparedStatement select, int maxInFlight) {
    this.cql = cql;
    this.select = select;
    this.maxInFlight = maxInFlight;
  }

  /**
   * The claims stored for this session, in no particular order, and its first arrival; none when no
   * copy is stored.
   */
  Future<Claims.Stored> of(BrushingSession session) {
    Promise<Claims.Stored> done = Promise.promise();
    turns.add(new Lookup(session, done));
    return done.future();
  }

  /** The claims in an identity row's {@code claims} column. */
  static List<Claims.Claim> of(Row row) {
    List<Claims.Claim> claims = new ArrayList<>();
    row.getMap("claims", UUID.class, TupleValue.class)
        .forEach(
            (id, placement) ->
                claims.add(new Claims.Claim(id, placement.getInstant(0), placement.getUuid(1))));
    return claims;
  }

  private void endTurn(List<Lookup> turn) {
    Context context = Vertx.currentContext();
    if (context == null) {
      turn.forEach(l -> read(List.of(l)).onComplete(ar -> answer(List.of(l), ar)));
      return;
    }
    Map<String, List<Lookup>> byPartition = new LinkedHashMap<>();
    for (Lookup l : turn) {
      String partition =
          l.session().deviceId() + '/' + BrushingSessionRepository.year(l.session().startedAt());
      byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(l);
    }
    RequestQueue queue = reads.computeIfAbsent(context, c -> new RequestQueue(maxInFlight));
    for (List<Lookup> partition : byPartition.values()) {
      for (int i = 0; i < partition.size(); i += STARTS_PER_READ) {
        List<Lookup> group = partition.subList(i, Math.min(partition.size(), i + STARTS_PER_READ));
        queue.add(() -> read(group)).onComplete(ar -> answer(group, ar));
      }
    }
  }

  private Future<List<Row>> read(List<Lookup> group) {
    BrushingSession first = group.get(0).session();
    List<Instant> starts = group.stream().map(l -> l.session().startedAt()).distinct().toList();
    return cql.all(
        select.bind(first.deviceId(), BrushingSessionRepository.year(first.startedAt()), starts));
  }

  private static void answer(List<Lookup> group, AsyncResult<List<Row>> read) {
    for (Lookup l : group) {
      if (read.failed()) {
        l.done().fail(read.cause());
        continue;
      }
      Claims.Stored stored = Claims.Stored.NONE;
      long startedAt = l.session().startedAt().toEpochMilli(); // Cassandra keeps milliseconds
      for (Row row : read.result()) {
        if (row.getLong("session_id") == l.session().sessionId()
            && row.getInstant("started_at").toEpochMilli() == startedAt) {
          stored = new Claims.Stored(of(row), BrushingSessionRepository.firstReceivedAt(row));
          break;
        }
      }
      l.done().complete(stored);
    }
  }
}
