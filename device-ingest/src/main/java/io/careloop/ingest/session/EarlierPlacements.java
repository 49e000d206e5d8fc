package io.careloop.ingest.session;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.careloop.platform.vertx.TurnBatches;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where earlier copies of sessions were placed, read from their identity rows in few requests: the
 * look-ups one Vert.x context makes in a turn are grouped by brush and year (one partition of
 * {@code sessions_by_device}) and each group is one query for its start times, so a burst of a
 * brush's backlog costs one read, not one per session. Each context has at most
 * {@code maxInFlight} reads under way; the rest wait their turn in order, as the writes do
 * ({@link io.careloop.platform.cassandra.PartitionBatcher}). Look-ups from outside a context are
 * sent at once.
 */
final class EarlierPlacements {

  /** Start times per query: a brush keeps at most 30 sessions, a burst of its messages a few more. */
  static final int STARTS_PER_READ = 64;

  private record Lookup(BrushingSession session, Promise<Optional<Instant>> done) {
  }

  /** One context's reads: those waiting to be sent, and how many are under way. */
  private static final class Lane {
    final ArrayDeque<List<Lookup>> waiting = new ArrayDeque<>();
    int underWay;
  }

  private final Cql cql;
  private final PreparedStatement select;
  private final int maxInFlight;
  private final TurnBatches<Lookup> turns = new TurnBatches<>(this::endTurn);
  private final Map<Context, Lane> lanes = new ConcurrentHashMap<>();

  /** @param select {@code SELECT started_at, session_id, placed_at} of one brush and year, {@code started_at IN ?} */
  EarlierPlacements(Cql cql, PreparedStatement select, int maxInFlight) {
    this.cql = cql;
    this.select = select;
    this.maxInFlight = maxInFlight;
  }

  Future<Optional<Instant>> of(BrushingSession session) {
    Promise<Optional<Instant>> done = Promise.promise();
    turns.add(new Lookup(session, done));
    return done.future();
  }

  private void endTurn(List<Lookup> turn) {
    Context context = Vertx.currentContext();
    if (context == null) {
      turn.forEach(l -> read(List.of(l)).onComplete(ar -> answer(List.of(l), ar)));
      return;
    }
    Map<String, List<Lookup>> byPartition = new LinkedHashMap<>();
    for (Lookup l : turn) {
      String partition = l.session().deviceId() + '/' + BrushingSessionRepository.year(l.session().startedAt());
      byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(l);
    }
    Lane lane = lanes.computeIfAbsent(context, c -> new Lane());
    for (List<Lookup> group : byPartition.values()) {
      for (int i = 0; i < group.size(); i += STARTS_PER_READ) {
        lane.waiting.add(group.subList(i, Math.min(group.size(), i + STARTS_PER_READ)));
      }
    }
    sendWaiting(lane);
  }

  private void sendWaiting(Lane lane) {
    while (lane.underWay < maxInFlight && !lane.waiting.isEmpty()) {
      List<Lookup> group = lane.waiting.poll();
      lane.underWay++;
      read(group).onComplete(ar -> {
        lane.underWay--;
        answer(group, ar);
        sendWaiting(lane);
      });
    }
  }

  private Future<List<Row>> read(List<Lookup> group) {
    BrushingSession first = group.get(0).session();
    List<Instant> starts = group.stream().map(l -> l.session().startedAt()).distinct().toList();
    return cql.all(select.bind(first.deviceId(), BrushingSessionRepository.year(first.startedAt()), starts));
  }

  private static void answer(List<Lookup> group, AsyncResult<List<Row>> read) {
    for (Lookup l : group) {
      if (read.failed()) {
        l.done().fail(read.cause());
        continue;
      }
      Optional<Instant> placed = Optional.empty();
      long startedAt = l.session().startedAt().toEpochMilli(); // Cassandra keeps milliseconds
      for (Row row : read.result()) {
        if (row.getLong("session_id") == l.session().sessionId()
            && row.getInstant("started_at").toEpochMilli() == startedAt) {
          placed = Optional.of(row.getInstant("placed_at"));
          break;
        }
      }
      l.done().complete(placed);
    }
  }
}
