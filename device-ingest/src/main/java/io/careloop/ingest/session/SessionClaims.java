package io.careloop.ingest.session;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The claims of stored copies of sessions (where each copy placed its session, for whom), read
 * from their identity rows in few requests: the look-ups one Vert.x context makes in a turn are
 * grouped by brush and year (one partition of {@code sessions_by_device}) and each group is one
 * query for its start times, so a burst of a brush's backlog costs one read, not one per session.
 * Each context has at most {@code maxInFlight} reads under way ({@link RequestQueue}); the rest wait
 * their turn in order, as the writes do. Look-ups from outside a context are sent at once.
 */
final class SessionClaims {

  /** Start times per query: a brush keeps at most 30 sessions, a burst of its messages a few more. */
  static final int STARTS_PER_READ = 64;

  /** The type of a claim's value: where the copy placed the session, and its owner (null for none). */
  static final TupleType PLACEMENT = DataTypes.tupleOf(DataTypes.TIMESTAMP, DataTypes.UUID);

  /** One stored copy's claim: its time-based id (the order of the copies) and its placement. */
  record Claim(UUID id, Instant placedAt, UUID owner) {

    /** The row this claim's copy wrote besides the identity row: its placement and owner. */
    boolean samePlacement(Claim other) {
      return placedAt.equals(other.placedAt) && Objects.equals(owner, other.owner);
    }

    TupleValue value() {
      return PLACEMENT.newValue(placedAt, owner);
    }
  }

  /**
   * Claims in the order of their ids' times, ties broken by the rest of the id: the same order
   * wherever it is computed, whatever order Cassandra returned them in.
   */
  static final Comparator<Claim> FIRST_FIRST = Comparator.<Claim>comparingLong(c -> c.id().timestamp())
      .thenComparing(c -> c.id().getLeastSignificantBits(), Long::compareUnsigned);

  /** The claim that places the session: the earliest. */
  static Optional<Claim> first(List<Claim> claims) {
    return claims.stream().min(FIRST_FIRST);
  }

  /** The claims in an identity row's {@code claims} column. */
  static List<Claim> of(Row row) {
    List<Claim> claims = new ArrayList<>();
    row.getMap("claims", UUID.class, TupleValue.class).forEach((id, placement) ->
        claims.add(new Claim(id, placement.getInstant(0), placement.getUuid(1))));
    return claims;
  }

  /**
   * The claims that gave the session no owner, now giving it to {@code owner} (same ids, so the
   * order of the copies stays): what a session's claims become when the patient who paired its
   * brush is given it, so that a later copy placed for that patient agrees with the first.
   */
  static Map<UUID, TupleValue> givenTo(List<Claim> claims, UUID owner) {
    Map<UUID, TupleValue> given = new LinkedHashMap<>();
    for (Claim c : claims) {
      if (c.owner() == null) {
        given.put(c.id(), new Claim(c.id(), c.placedAt(), owner).value());
      }
    }
    return given;
  }

  /**
   * What the stored copies of a session say: their claims, and the earliest arrival of any of them
   * (null when none is stored).
   */
  record Stored(List<Claim> claims, Instant firstReceivedAt) {
    static final Stored NONE = new Stored(List.of(), null);
  }

  private record Lookup(BrushingSession session, Promise<Stored> done) {
  }

  private final Cql cql;
  private final PreparedStatement select;
  private final int maxInFlight;
  private final TurnBatches<Lookup> turns = new TurnBatches<>(this::endTurn);
  private final Map<Context, RequestQueue> reads = new ConcurrentHashMap<>();

  /**
   * @param select {@code SELECT started_at, session_id, claims, received_at, receipts} of one brush and year,
   *               {@code started_at IN ?}
   */
  SessionClaims(Cql cql, PreparedStatement select, int maxInFlight) {
    this.cql = cql;
    this.select = select;
    this.maxInFlight = maxInFlight;
  }

  /** The claims stored for this session, in no particular order, and its first arrival; none when no copy is stored. */
  Future<Stored> of(BrushingSession session) {
    Promise<Stored> done = Promise.promise();
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
    return cql.all(select.bind(first.deviceId(), BrushingSessionRepository.year(first.startedAt()), starts));
  }

  private static void answer(List<Lookup> group, AsyncResult<List<Row>> read) {
    for (Lookup l : group) {
      if (read.failed()) {
        l.done().fail(read.cause());
        continue;
      }
      Stored stored = Stored.NONE;
      long startedAt = l.session().startedAt().toEpochMilli(); // Cassandra keeps milliseconds
      for (Row row : read.result()) {
        if (row.getLong("session_id") == l.session().sessionId()
            && row.getInstant("started_at").toEpochMilli() == startedAt) {
          stored = new Stored(of(row), BrushingSessionRepository.firstReceivedAt(row));
          break;
        }
      }
      l.done().complete(stored);
    }
  }
}
