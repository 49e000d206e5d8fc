package io.careloop.ingest.session;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PagingState;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.ingest.session.Claims.Claim;
import io.careloop.platform.cassandra.Cql;
import io.careloop.platform.cassandra.PartitionBatcher;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;

/**
 * Brushing sessions in Cassandra: by brush (the identity of a session), by patient and month
 * (history and daily views), and the sessions of unowned brushes waiting for their next owner.
 * Every write is an idempotent upsert keyed by (device, session id, start); the session rows that
 * one event-loop turn stores go out as one unlogged batch per partition (see {@link
 * PartitionBatcher}).
 *
 * <p>Copies of a session can be placed on different days (see {@code SessionPlacement}), and a
 * patient's rows are keyed by placement, so each stored copy also adds a claim to the identity row
 * ({@link #store}), and then {@link #settle}s: the earliest claim places the session, and a copy
 * that reads claims which disagree moves the session's rows to the earliest claim's placement. Of
 * two copies stored at the same moment by two instances, the one that reads last sees both claims.
 *
 * <p>Each copy adds its arrival to the session's {@code receipts}; the session's {@code receivedAt}
 * is the earliest of them, so a copy arriving again never makes a stored session newer.
 */
public final class BrushingSessionRepository {

  /** Where a session is placed and whose it is ({@code owner} null: nobody's yet). */
  public record Placement(Instant placedAt, UUID owner) {}

  /**
   * A session once a copy of it {@link #settle}d: where it is placed, and when its first copy
   * arrived.
   */
  public record Settled(Placement placement, Instant receivedAt) {

    public Instant placedAt() {
      return placement.placedAt();
    }

    public UUID owner() {
      return placement.owner();
    }

    /**
     * Whether another copy of the session arrived before {@code copy}: it was stored before this
     * one.
     */
    public boolean arrivedBefore(BrushingSession copy) {
      return receivedAt.isBefore(
          copy.receivedAt().truncatedTo(ChronoUnit.MILLIS)); // as Cassandra keeps it
    }
  }

  /** The identity of a stored session: its identity row's key in sessions_by_device. */
  public record SessionKey(String deviceId, Instant startedAt, long sessionId) {}

  /** One page of a patient's history, newest first, and the token of the next page if any. */
  public record Page(List<BrushingSession> sessions, Optional<String> nextPageToken) {}

  /**
   * Session rows per batch (about 200 bytes each): a brush's backlog of a few days in one request.
   */
  static final int ROWS_PER_BATCH = 16;

  /**
   * Cassandra requests under way at once: ingest may hold thousands of messages (its receive
   * maximum), and one connection of the driver takes 1,024 requests; the rest wait in order.
   */
  static final int REQUESTS_IN_FLIGHT = 256;

  private final Cql cql;
  private final PartitionBatcher writes;
  private final int ttlSeconds;
  private final PreparedStatement upsertByDevice;
  private final PreparedStatement upsertByPatient;
  private final PreparedStatement insertUnattributed;
  private final SessionClaimsRepository claims;
  private final PreparedStatement placeByDevice;
  private final PreparedStatement deleteByPatient;
  private final PreparedStatement selectByDevice;
  private final PreparedStatement selectByPatient;
  private final PreparedStatement selectUnattributed;
  private final PreparedStatement deleteUnattributed;
  private final PreparedStatement setOwner;
  private final PreparedStatement selectKeysOfMonth;
  private final PreparedStatement deleteMonth;
  private final PreparedStatement selectIdentity;
  private final PreparedStatement selectDeviceYear;
  private final PreparedStatement deleteIdentity;
  private final PreparedStatement dropClaims;

  private static final String METRICS =
      "duration_sec, mode, pressure_high_events, pressure_high_sec,"
          + " zone_ul_sec, zone_ur_sec, zone_ll_sec, zone_lr_sec, coverage_pct, plaque_index";

  /**
   * Prepares its statements: construct it on a worker thread. {@code retention} of zero keeps
   * sessions for ever; otherwise rows expire that long after they are written.
   */
  public BrushingSessionRepository(CqlSession session, Duration retention) {
    this.cql = new Cql(session);
    this.writes = new PartitionBatcher(cql, ROWS_PER_BATCH, REQUESTS_IN_FLIGHT);
    this.ttlSeconds = (int) retention.toSeconds();
    // updates, so that the claim and the arrival are added to their collections (an insert would
    // overwrite them)
    upsertByDevice =
        session.prepare(
            "UPDATE sessions_by_device USING TTL ? SET placed_at = ?, receipts = receipts + ?,"
                + " patient_id = ?, duration_sec = ?, mode = ?, pressure_high_events = ?, pressure_high_sec = ?,"
                + " zone_ul_sec = ?, zone_ur_sec = ?, zone_ll_sec = ?, zone_lr_sec = ?, coverage_pct = ?, plaque_index = ?,"
                + " battery_pct = ?, firmware = ?, backlog = ?, claims = claims + ?"
                + " WHERE device_id = ? AND year = ? AND started_at = ? AND session_id = ?");
    upsertByPatient =
        session.prepare(
            "UPDATE sessions_by_patient USING TTL ? SET receipts = receipts + ?,"
                + " duration_sec = ?, mode = ?, pressure_high_events = ?, pressure_high_sec = ?, zone_ul_sec = ?, zone_ur_sec = ?,"
                + " zone_ll_sec = ?, zone_lr_sec = ?, coverage_pct = ?, plaque_index = ?, backlog = ?"
                + " WHERE patient_id = ? AND month = ? AND placed_at = ? AND device_id = ? AND session_id = ? AND started_at = ?");
    insertUnattributed =
        session.prepare(
            "INSERT INTO unattributed_sessions_by_device (device_id, placed_at,"
                + " session_id, started_at) VALUES (?, ?, ?, ?) USING TTL ?");
    claims =
        new SessionClaimsRepository(
            cql,
            session.prepare(
                "SELECT started_at, session_id, claims, received_at, receipts"
                    + " FROM sessions_by_device WHERE device_id = ? AND year = ? AND started_at IN ?"),
            REQUESTS_IN_FLIGHT);
    placeByDevice =
        session.prepare(
            "UPDATE sessions_by_device USING TTL ? SET placed_at = ?, patient_id = ?"
                + " WHERE device_id = ? AND year = ? AND started_at = ? AND session_id = ?");
    deleteByPatient =
        session.prepare(
            "DELETE FROM sessions_by_patient WHERE patient_id = ? AND month = ?"
                + " AND placed_at = ? AND device_id = ? AND session_id = ? AND started_at = ?");
    selectByDevice =
        session.prepare(
            "SELECT device_id, started_at, session_id, placed_at, received_at, receipts, "
                + METRICS
                + ", battery_pct, firmware, backlog, claims FROM sessions_by_device"
                + " WHERE device_id = ? AND year = ? AND started_at = ? AND session_id = ?");
    selectByPatient =
        session.prepare(
            "SELECT device_id, started_at, session_id, placed_at, received_at, receipts, "
                + METRICS
                + ", backlog FROM sessions_by_patient"
                + " WHERE patient_id = ? AND month = ? AND placed_at >= ? AND placed_at < ?");
    selectUnattributed =
        session.prepare(
            "SELECT placed_at, session_id, started_at FROM unattributed_sessions_by_device"
                + " WHERE device_id = ? AND placed_at >= ?");
    deleteUnattributed =
        session.prepare(
            "DELETE FROM unattributed_sessions_by_device"
                + " WHERE device_id = ? AND placed_at = ? AND session_id = ? AND started_at = ?");
    setOwner =
        session.prepare(
            "UPDATE sessions_by_device USING TTL ? SET patient_id = ?, claims = claims + ?"
                + " WHERE device_id = ? AND year = ? AND started_at = ? AND session_id = ?");
    selectKeysOfMonth =
        session.prepare(
            "SELECT device_id, started_at, session_id FROM sessions_by_patient"
                + " WHERE patient_id = ? AND month = ?");
    deleteMonth =
        session.prepare("DELETE FROM sessions_by_patient WHERE patient_id = ? AND month = ?");
    String identity =
        "SELECT started_at, session_id, patient_id, claims FROM sessions_by_device"
            + " WHERE device_id = ? AND year = ?";
    selectIdentity = session.prepare(identity + " AND started_at = ? AND session_id = ?");
    selectDeviceYear = session.prepare(identity);
    deleteIdentity =
        session.prepare(
            "DELETE FROM sessions_by_device WHERE device_id = ? AND year = ? AND started_at = ?"
                + " AND session_id = ?");
    dropClaims =
        session.prepare(
            "UPDATE sessions_by_device SET claims = claims - ? WHERE device_id = ? AND year = ?"
                + " AND started_at = ? AND session_id = ?");
  }

  /**
   * Stores the session where it is placed, for its owner or for the brush's next owner when it has
   * none, with this copy's claim and arrival. Called on a Vert.x context, the rows are batched with
   * those of other sessions stored in the same turn; from any other thread each row is its own
   * request. Then {@link #settle} it: another copy may have placed it elsewhere.
   */
  public Future<Void> store(BrushingSession s, UUID patientId) {
    return store(s, patientId, Uuids.timeBased());
  }

  /**
   * The same with the claim's id given: the order of the claims is the order of their ids' times.
   */
  Future<Void> store(BrushingSession s, UUID patientId, UUID claimId) {
    Claim claim = new Claim(claimId, s.placedAt(), patientId);
    Future<Void> byDevice = writes.write(bindByDevice(s, patientId, claim));
    return Future.all(byDevice, writePlaced(s, patientId)).mapEmpty();
  }

  /**
   * Where the session is placed after this copy was {@link #store}d: the earliest claim's
   * placement, and when its first copy arrived. When the claims disagree, the session's rows are
   * moved there: the earliest claim's row is written (its copy may not have written it yet, or may
   * never: it is not acknowledged then, but a later copy's claim comes after it), the rows of the
   * other claims are deleted, and the identity row is placed like the earliest claim. A copy that
   * arrived after another writes the row there too, with the first arrival. Each copy settles after
   * its own writes, so of copies stored at the same moment the last to read sees every claim. The
   * reads of one turn are grouped by brush (see {@link SessionClaimsRepository}).
   */
  public Future<Settled> settle(BrushingSession s, UUID patientId) {
    return claims
        .of(s)
        .compose(
            stored -> {
              Instant receivedAt =
                  stored.firstReceivedAt() == null
                      ? s.receivedAt().truncatedTo(ChronoUnit.MILLIS)
                      : stored.firstReceivedAt();
              Claim first = Claims.first(stored.claims()).orElse(null);
              if (first == null) {
                return Future.succeededFuture(
                    new Settled(new Placement(s.placedAt(), patientId), receivedAt));
              }
              Settled settled =
                  new Settled(new Placement(first.placedAt(), first.owner()), receivedAt);
              if (stored.claims().stream().allMatch(first::samePlacement)
                  && !settled.arrivedBefore(s)) {
                return Future.succeededFuture(settled);
              }
              return placeLikeFirst(
                      s.withPlacedAt(first.placedAt()).withReceivedAt(receivedAt),
                      first,
                      stored.claims())
                  .map(settled);
            });
  }

  /**
   * Writes the session's row where the first claim placed it, and moves it there from other claims'
   * places.
   */
  private Future<Void> placeLikeFirst(BrushingSession placed, Claim first, List<Claim> found) {
    List<Future<Void>> moves = new ArrayList<>();
    moves.add(writePlaced(placed, first.owner()));
    Set<Placement> others = new HashSet<>();
    for (Claim c : found) {
      if (!c.samePlacement(first) && others.add(new Placement(c.placedAt(), c.owner()))) {
        moves.add(deletePlaced(placed.withPlacedAt(c.placedAt()), c.owner()));
      }
    }
    if (!others.isEmpty()) {
      moves.add(
          writes.write(
              placeByDevice.bind(
                  ttlSeconds,
                  first.placedAt(),
                  first.owner(),
                  placed.deviceId(),
                  year(placed.startedAt()),
                  placed.startedAt(),
                  placed.sessionId())));
    }
    return Future.all(moves).mapEmpty();
  }

  /** The session's row besides its identity row: in its owner's history, or waiting for one. */
  private Future<Void> writePlaced(BrushingSession s, UUID patientId) {
    return writes.write(
        patientId != null
            ? bindByPatient(s, patientId)
            : insertUnattributed.bind(
                s.deviceId(), s.placedAt(), s.sessionId(), s.startedAt(), ttlSeconds));
  }

  private Future<Void> deletePlaced(BrushingSession s, UUID patientId) {
    return writes.write(
        patientId != null
            ? deleteByPatient.bind(
                patientId,
                month(s.placedAt()),
                s.placedAt(),
                s.deviceId(),
                s.sessionId(),
                s.startedAt())
            : deleteUnattributed.bind(s.deviceId(), s.placedAt(), s.sessionId(), s.startedAt()));
  }

  /** Rows written and requests sent for them by {@link #store} (a batch is one request). */
  public long rowsStored() {
    return writes.statements();
  }

  public long storeRequests() {
    return writes.requests();
  }

  private BoundStatement bindByDevice(BrushingSession s, UUID patientId, Claim claim) {
    // absent values (no plaque sensor, no owner yet) unset: no tombstone per session; copies agree
    return Cql.unsetNulls(
        upsertByDevice.bind(
            ttlSeconds,
            s.placedAt(),
            Set.of(s.receivedAt()),
            patientId,
            s.durationSec(),
            s.mode(),
            s.pressureHighEvents(),
            s.pressureHighSec(),
            s.zonesSec().ul(),
            s.zonesSec().ur(),
            s.zonesSec().ll(),
            s.zonesSec().lr(),
            s.coveragePct(),
            plaque(s),
            s.batteryPct(),
            s.firmware(),
            s.backlog(),
            Map.of(claim.id(), claim.value()),
            s.deviceId(),
            year(s.startedAt()),
            s.startedAt(),
            s.sessionId()));
  }

  BoundStatement bindByPatient(BrushingSession s, UUID patientId) {
    return Cql.unsetNulls(
        upsertByPatient.bind(
            ttlSeconds,
            Set.of(s.receivedAt()),
            s.durationSec(),
            s.mode(),
            s.pressureHighEvents(),
            s.pressureHighSec(),
            s.zonesSec().ul(),
            s.zonesSec().ur(),
            s.zonesSec().ll(),
            s.zonesSec().lr(),
            s.coveragePct(),
            plaque(s),
            s.backlog(),
            patientId,
            month(s.placedAt()),
            s.placedAt(),
            s.deviceId(),
            s.sessionId(),
            s.startedAt()));
  }

  /**
   * Gives a newly paired brush's waiting sessions (brushed since {@code since}, when its previous
   * pairing ended) to its new owner, claims included (a copy that comes again, even after the owner
   * unpaired, then agrees with the first). Idempotent: an interrupted run is finished by the next
   * one. Returns how many sessions moved.
   */
  public Future<Integer> attributeWaitingSessions(String deviceId, Instant since, UUID patientId) {
    return cql.all(selectUnattributed.bind(deviceId, since))
        .compose(
            rows -> {
              List<Future<Void>> moves = new ArrayList<>();
              for (Row key : rows) {
                Instant startedAt = key.getInstant("started_at");
                long sessionId = key.getLong("session_id");
                moves.add(
                    cql.one(selectByDevice.bind(deviceId, year(startedAt), startedAt, sessionId))
                        .compose(
                            row ->
                                row.isEmpty()
                                    ? Future.<Void>succeededFuture()
                                    : Future.all(
                                            cql.run(
                                                bindByPatient(
                                                    fromRow(row.get(), deviceId), patientId)),
                                            cql.run(
                                                setOwner.bind(
                                                    ttlSeconds,
                                                    patientId,
                                                    Claims.givenTo(
                                                        SessionClaimsRepository.of(row.get()),
                                                        patientId),
                                                    deviceId,
                                                    year(startedAt),
                                                    startedAt,
                                                    sessionId)))
                                        .mapEmpty())
                        .compose(
                            v ->
                                cql.run(
                                    deleteUnattributed.bind(
                                        deviceId,
                                        key.getInstant("placed_at"),
                                        sessionId,
                                        startedAt))));
              }
              return Future.all(moves).map(rows.size());
            });
  }

  /** The longest range one history query reads (a month partition per month of it). */
  public static final Duration MAX_HISTORY_RANGE = Duration.ofDays(366);

  /**
   * A patient's sessions placed in [from, to), newest first, {@code limit} at a time. A page token
   * carries the range of the query that handed it out, so a next page continues that query even
   * when the range was a default (such as "until now") that has moved since. At most {@link
   * #MAX_HISTORY_RANGE}; a longer range, or a token carrying one, is refused.
   */
  public Future<Page> history(
      UUID patientId, Instant from, Instant to, int limit, String pageToken) {
    int start = 0;
    PagingState state = null;
    List<String> months;
    if (pageToken == null) {
      if (!withinHistoryRange(from, to)) {
        return Future.failedFuture(
            Problem.validation(
                "from must be before to, and at most "
                    + MAX_HISTORY_RANGE.toDays()
                    + " days before it"));
      }
      months = monthsNewestFirst(from, to);
    } else {
      try {
        JsonObject token =
            new JsonObject(
                new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8));
        if (token.containsKey("f")) {
          from = Instant.ofEpochMilli(token.getLong("f"));
          to = Instant.ofEpochMilli(token.getLong("t"));
        }
        // a token is not signed: its range is held to the same bound as a request's
        months = withinHistoryRange(from, to) ? monthsNewestFirst(from, to) : List.of();
        start = months.indexOf(token.getString("m"));
        state = token.getString("s") == null ? null : PagingState.fromString(token.getString("s"));
      } catch (RuntimeException e) {
        months = List.of();
        start = -1;
      }
      if (start < 0) {
        return Future.failedFuture(
            Problem.validation("pageToken is not one this API handed out for this from/to range"));
      }
    }
    return fill(
        patientId, from, to, months, start, state, limit, new ArrayList<>(), new HashSet<>());
  }

  private Future<Page> fill(
      UUID patientId,
      Instant from,
      Instant to,
      List<String> months,
      int index,
      PagingState state,
      int limit,
      List<BrushingSession> out,
      Set<String> seen) {
    if (index >= months.size()) {
      return Future.succeededFuture(new Page(out, Optional.empty()));
    }
    int need = limit - out.size();
    BoundStatement query =
        selectByPatient.bind(patientId, months.get(index), from, to).setPageSize(need);
    if (state != null) {
      try {
        query = query.setPagingState(state);
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(
            Problem.validation("pageToken is not one this API handed out for this query"));
      }
    }
    return cql.execute(query)
        .compose(
            rs -> {
              for (Row row : rs.currentPage()) {
                BrushingSession s = fromRow(row, row.getString("device_id"));
                // A copy of a session placed twice (possible only for a brush with a wrong clock
                // whose
                // copies arrived at the same moment) is shown once.
                if (seen.add(s.identity())) {
                  out.add(s);
                }
              }
              boolean full = out.size() >= limit;
              if (rs.hasMorePages()) {
                PagingState next = rs.getExecutionInfo().getSafePagingState();
                return full
                    ? Future.succeededFuture(
                        new Page(out, Optional.of(encodeToken(months.get(index), next, from, to))))
                    : fill(patientId, from, to, months, index, next, limit, out, seen);
              }
              if (full) {
                return Future.succeededFuture(
                    new Page(
                        out,
                        index + 1 < months.size()
                            ? Optional.of(encodeToken(months.get(index + 1), null, from, to))
                            : Optional.empty()));
              }
              return fill(patientId, from, to, months, index + 1, null, limit, out, seen);
            });
  }

  private static boolean withinHistoryRange(Instant from, Instant to) {
    return from.isBefore(to) && Duration.between(from, to).compareTo(MAX_HISTORY_RANGE) <= 0;
  }

  /** Every session of a patient placed in [from, to); the range is bounded by the caller. */
  public Future<List<BrushingSession>> allPlacedBetween(UUID patientId, Instant from, Instant to) {
    List<Future<List<Row>>> reads =
        monthsNewestFirst(from, to).stream()
            .map(m -> cql.all(selectByPatient.bind(patientId, m, from, to)))
            .toList();
    return Future.all(reads)
        .map(
            done -> {
              List<BrushingSession> sessions = new ArrayList<>();
              Set<String> seen = new HashSet<>();
              for (Future<List<Row>> read : reads) {
                for (Row row : read.result()) {
                  BrushingSession s = fromRow(row, row.getString("device_id"));
                  if (seen.add(s.identity())) {
                    sessions.add(s);
                  }
                }
              }
              return sessions;
            });
  }

  /** The sessions placed for the patient in [from, to): where their identity rows are. */
  public Future<List<SessionKey>> keysOf(UUID patientId, Instant from, Instant to) {
    List<Future<List<Row>>> reads =
        monthsNewestFirst(from, to).stream()
            .map(m -> cql.all(selectKeysOfMonth.bind(patientId, m)))
            .toList();
    return Future.all(reads)
        .map(
            done ->
                reads.stream()
                    .flatMap(f -> f.result().stream())
                    .map(
                        r ->
                            new SessionKey(
                                r.getString("device_id"),
                                r.getInstant("started_at"),
                                r.getLong("session_id")))
                    .distinct()
                    .toList());
  }

  /**
   * Erases the patient's sessions: the identity rows of {@code keys} (theirs), every row of the
   * brushes' partitions of [from, to) that is theirs or holds a claim of theirs (a copy once placed
   * for them), and their months of [from, to). How many identity rows went.
   */
  public Future<Integer> forget(
      UUID patientId,
      List<SessionKey> keys,
      Collection<String> deviceIds,
      Instant from,
      Instant to) {
    List<Future<Integer>> forgotten = new ArrayList<>();
    keys.forEach(
        k ->
            forgotten.add(
                cql.one(
                        selectIdentity.bind(
                            k.deviceId(), year(k.startedAt()), k.startedAt(), k.sessionId()))
                    .compose(
                        row ->
                            row.isEmpty()
                                ? Future.succeededFuture(0)
                                : forgetRow(patientId, k.deviceId(), row.get()))));
    deviceIds.forEach(d -> forgotten.add(forgetOnDevice(patientId, d, year(from), year(to))));
    return sum(forgotten)
        .compose(
            rows ->
                Future.all(
                        monthsNewestFirst(from, to).stream()
                            .map(m -> cql.run(deleteMonth.bind(patientId, m)))
                            .toList())
                    .map(rows));
  }

  /**
   * The patient's rows and claims in a brush's partitions of these years (a year holds a few
   * hundred sessions).
   */
  private Future<Integer> forgetOnDevice(
      UUID patientId, String deviceId, int firstYear, int lastYear) {
    List<Future<Integer>> years = new ArrayList<>();
    for (int y = firstYear; y <= lastYear; y++) {
      years.add(
          cql.all(selectDeviceYear.bind(deviceId, y))
              .compose(
                  rows -> sum(rows.stream().map(r -> forgetRow(patientId, deviceId, r)).toList())));
    }
    return sum(years);
  }

  private static Future<Integer> sum(List<Future<Integer>> counts) {
    return Future.all(counts)
        .map(all -> all.<Integer>list().stream().mapToInt(Integer::intValue).sum());
  }

  /**
   * The identity row goes if it is the patient's; otherwise only the claims of copies placed for
   * them.
   */
  private Future<Integer> forgetRow(UUID patientId, String deviceId, Row row) {
    Instant startedAt = row.getInstant("started_at");
    long sessionId = row.getLong("session_id");
    if (patientId.equals(row.getUuid("patient_id"))) {
      return cql.run(deleteIdentity.bind(deviceId, year(startedAt), startedAt, sessionId)).map(1);
    }
    Set<UUID> theirs = new HashSet<>();
    SessionClaimsRepository.of(row).stream()
        .filter(c -> patientId.equals(c.owner()))
        .forEach(c -> theirs.add(c.id()));
    return theirs.isEmpty()
        ? Future.succeededFuture(0)
        : cql.run(dropClaims.bind(theirs, deviceId, year(startedAt), startedAt, sessionId)).map(0);
  }

  static List<String> monthsNewestFirst(Instant from, Instant to) {
    YearMonth first = YearMonth.from(from.atZone(ZoneOffset.UTC));
    YearMonth last = YearMonth.from(to.minusMillis(1).atZone(ZoneOffset.UTC));
    List<String> months = new ArrayList<>();
    for (YearMonth m = last; !m.isBefore(first); m = m.minusMonths(1)) {
      months.add(m.toString());
    }
    return months;
  }

  private static BrushingSession fromRow(Row r, String deviceId) {
    float plaque = r.getFloat("plaque_index");
    boolean hasPlaque = !r.isNull("plaque_index");
    return new BrushingSession(
        deviceId,
        r.getLong("session_id"),
        r.getInstant("started_at"),
        r.getInt("duration_sec"),
        r.getString("mode"),
        r.getInt("pressure_high_events"),
        r.getInt("pressure_high_sec"),
        new BrushingSession.Zones(
            r.getInt("zone_ul_sec"),
            r.getInt("zone_ur_sec"),
            r.getInt("zone_ll_sec"),
            r.getInt("zone_lr_sec")),
        r.getInt("coverage_pct"),
        hasPlaque ? OptionalDouble.of(Math.round(plaque * 100) / 100.0) : OptionalDouble.empty(),
        r.getColumnDefinitions().contains("battery_pct") ? r.getInt("battery_pct") : -1,
        r.getColumnDefinitions().contains("firmware") ? r.getString("firmware") : null,
        r.getBoolean("backlog"),
        firstReceivedAt(r),
        r.getInstant("placed_at"));
  }

  /**
   * When the session first arrived: the earliest of its copies' {@code receipts}, and of the {@code
   * received_at} that rows stored before them have.
   */
  static Instant firstReceivedAt(Row r) {
    Instant first = r.getInstant("received_at");
    for (Instant receipt : r.getSet("receipts", Instant.class)) {
      first = first == null || receipt.isBefore(first) ? receipt : first;
    }
    return first;
  }

  private static Float plaque(BrushingSession s) {
    return s.plaqueIndex().isPresent() ? (float) s.plaqueIndex().getAsDouble() : null;
  }

  static int year(Instant t) {
    return t.atZone(ZoneOffset.UTC).getYear();
  }

  static String month(Instant t) {
    return YearMonth.from(t.atZone(ZoneOffset.UTC)).toString();
  }

  private static String encodeToken(String month, PagingState state, Instant from, Instant to) {
    JsonObject token =
        new JsonObject().put("m", month).put("f", from.toEpochMilli()).put("t", to.toEpochMilli());
    if (state != null) {
      token.put("s", state.toString());
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(token.encode().getBytes(StandardCharsets.UTF_8));
  }
}
