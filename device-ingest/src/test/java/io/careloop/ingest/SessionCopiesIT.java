package io.careloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.session.BrushingSession;
import io.careloop.ingest.session.BrushingSessionRepository;
import io.careloop.ingest.session.BrushingSessionRepository.Placement;
import io.careloop.ingest.testing.IngestStack;
import io.careloop.ingest.testing.TestBrush;
import io.careloop.ingest.testing.TestBrushIds;
import io.careloop.platform.bus.SessionsStored;
import io.careloop.platform.bus.StoredSession;
import io.careloop.platform.testing.SessionsAnnounced;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Copies of one session that {@code SessionPlacement} alone would place on different days (their
 * receipts differ, or their backlog flags do) are stored once, on the first copy's day, and counted
 * once: one after the other, at once on one instance, and at once on two instances. A copy that
 * arrives after the session was stored changes nothing: its arrival stays the first copy's, and it
 * is not announced again.
 */
class SessionCopiesIT {

  private final IngestStack stack = IngestStack.get();
  private final DeviceRegistry registry = stack.ingest().registry();
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private record Brush(String deviceId, UUID patient) {
    String topic() {
      return "careloop/v1/devices/" + deviceId + "/sessions";
    }
  }

  private Brush pairedBrush() {
    var registration = registry.register(TestBrushIds.random(), "CL-100").await();
    UUID patient = UUID.randomUUID();
    registry.pair(patient, registration.pairingCode()).await();
    return new Brush(registration.deviceId(), patient);
  }

  private static byte[] copy(Brush brush, Instant startedAt, boolean backlog) {
    return TestBrush.payload(brush.deviceId(), 7, startedAt)
        .put("backlog", backlog)
        .encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  private SessionIngestor receivingAt(Instant receipt) {
    return stack.ingestor(
        registry, Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), receipt)));
  }

  /** The placements of the patient's rows of session 7, over the months around now. */
  private List<Instant> patientRows(Brush brush) {
    List<Instant> placements = new ArrayList<>();
    YearMonth thisMonth = YearMonth.from(now.atZone(ZoneOffset.UTC));
    for (YearMonth m = thisMonth.minusMonths(1);
        !m.isAfter(thisMonth.plusMonths(1));
        m = m.plusMonths(1)) {
      for (Row row :
          stack
              .session()
              .execute(
                  SimpleStatement.newInstance(
                      "SELECT placed_at, session_id FROM sessions_by_patient WHERE patient_id = ? AND month = ?",
                      brush.patient(),
                      m.toString()))) {
        placements.add(row.getInstant("placed_at"));
      }
    }
    return placements;
  }

  private Instant deviceRowPlacement(Brush brush, Instant startedAt) {
    return stack
        .session()
        .execute(
            SimpleStatement.newInstance(
                "SELECT placed_at FROM sessions_by_device WHERE device_id = ? AND year = ? AND started_at = ? AND session_id = 7",
                brush.deviceId(),
                startedAt.atZone(ZoneOffset.UTC).getYear(),
                startedAt))
        .one()
        .getInstant(0);
  }

  @Test
  @DisplayName(
      "A brush clock ahead of ours: the copy resent later, whose time is then trusted, keeps the first copy's day")
  void clockAheadThenTrusted() {
    Brush brush = pairedBrush();
    Instant startedAt =
        now.plus(Duration.ofMinutes(15)); // 15 minutes ahead: not trusted on receipt
    Instant firstPlacement = now.minusSeconds(124); // the receipt less the session's 124 s

    assertThat(receivingAt(now).ingest(brush.topic(), copy(brush, startedAt, false)).await())
        .isEqualTo(IngestOutcome.STORED);
    // re-uploaded 20 minutes later: the brush's time is no longer in our future
    assertThat(
            receivingAt(now.plus(Duration.ofMinutes(20)))
                .ingest(brush.topic(), copy(brush, startedAt, true))
                .await())
        .isEqualTo(IngestOutcome.STORED);

    assertThat(patientRows(brush)).containsExactly(firstPlacement);
    assertThat(deviceRowPlacement(brush, startedAt)).isEqualTo(firstPlacement);
    assertThat(storedSession(brush).receivedAt())
        .as("the first copy's arrival")
        .isBefore(now.plusSeconds(60));
  }

  @Test
  @DisplayName(
      "A copy of a stored session arriving 20 hours later keeps the first arrival and is not announced again")
  void copyArrivingLaterChangesNothing() {
    Brush brush = pairedBrush();
    Instant startedAt = now.minus(Duration.ofMinutes(30));
    List<StoredSession> announced = new CopyOnWriteArrayList<>();
    MessageConsumer<SessionsStored> consumer =
        SessionsAnnounced.listen(
            stack.vertx().eventBus(), e -> e.deviceId().equals(brush.deviceId()), announced::add);
    try {
      Instant later = now.plus(Duration.ofHours(20));
      SessionIngestor laterOn = stack.ingestor(registry, Clock.fixed(later, ZoneOffset.UTC));
      stack
          .ingestor(registry, Clock.fixed(now, ZoneOffset.UTC))
          .ingest(brush.topic(), copy(brush, startedAt, false))
          .await();
      assertThat(laterOn.ingest(brush.topic(), copy(brush, startedAt, true)).await())
          .isEqualTo(IngestOutcome.STORED);
      // the next session is announced after the copy would have been
      laterOn
          .ingest(
              brush.topic(),
              TestBrush.payload(brush.deviceId(), 8, later.minusSeconds(300))
                  .encode()
                  .getBytes(StandardCharsets.UTF_8))
          .await();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(announced).anySatisfy(e -> assertThat(e.sessionId()).isEqualTo(8)));

      assertThat(announced).extracting(StoredSession::sessionId).containsExactly(7L, 8L);
      assertThat(announced.get(0).receivedAt()).isEqualTo(now);
      assertThat(storedSession(brush).receivedAt()).isEqualTo(now);
      assertThat(patientRows(brush)).containsExactlyInAnyOrder(startedAt, later.minusSeconds(300));
    } finally {
      consumer.unregister().await();
    }
  }

  /** Session 7 of the brush, as its patient's history shows it. */
  private BrushingSession storedSession(Brush brush) {
    return stack
        .ingest()
        .sessions()
        .allPlacedBetween(
            brush.patient(), now.minus(Duration.ofDays(3)), now.plus(Duration.ofDays(1)))
        .await()
        .stream()
        .filter(s -> s.sessionId() == 7)
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName(
      "A live copy two days behind, then its backlog re-upload: one session on the live copy's day, counted once")
  void liveThenBacklog() {
    Brush brush = pairedBrush();
    Instant startedAt =
        now.minus(Duration.ofDays(2)); // beyond a live upload's window, within a backlog's
    SessionIngestor ingestor = receivingAt(now);

    ingestor.ingest(brush.topic(), copy(brush, startedAt, false)).await();
    ingestor.ingest(brush.topic(), copy(brush, startedAt, true)).await();

    assertStoredOnceAt(brush, now.minusSeconds(124));
  }

  @Test
  @DisplayName(
      "Two copies placed differently reach one instance at once: one is stored, on the day the first placed")
  void copiesAtOnce() {
    Brush brush = pairedBrush();
    Instant startedAt = now.minus(Duration.ofDays(2));
    SessionIngestor ingestor = receivingAt(now);
    var context = stack.vertx().getOrCreateContext();

    Future.<Void>future(
            done ->
                context.runOnContext(
                    v ->
                        Future.all(
                                ingestor.ingest(brush.topic(), copy(brush, startedAt, false)),
                                ingestor.ingest(brush.topic(), copy(brush, startedAt, true)))
                            .<Void>mapEmpty()
                            .onComplete(done)))
        .await();

    List<Instant> rows = patientRows(brush);
    assertThat(rows).hasSize(1);
    assertThat(deviceRowPlacement(brush, startedAt)).isEqualTo(rows.get(0));
    assertThat(sessionsPerDay(brush).values()).containsExactly(1);
  }

  /** Session 7 of the brush as a copy that placed it at {@code placedAt}. */
  private BrushingSession placedAt(Brush brush, Instant startedAt, Instant placedAt) {
    return new BrushingSession(
        brush.deviceId(),
        7,
        startedAt,
        124,
        "daily_clean",
        0,
        0,
        new BrushingSession.Zones(31, 29, 28, 36),
        87,
        OptionalDouble.empty(),
        64,
        "3.4.1",
        true,
        now,
        placedAt);
  }

  /** The steps of two copies' storage, in the order two instances could take them. */
  enum Interleaving {
    BOTH_STORE_THEN_FIRST_SETTLES_FIRST("store 1", "store 2", "settle 1", "settle 2"),
    BOTH_STORE_THEN_SECOND_SETTLES_FIRST("store 1", "store 2", "settle 2", "settle 1"),
    SECOND_STORES_AFTER_FIRST_SETTLED("store 1", "settle 1", "store 2", "settle 2"),
    FIRST_SETTLES_WHILE_SECOND_STORES(
        "store 1", "store 2 (claim only)", "settle 1", "store 2 (its row)", "settle 2");

    final List<String> steps;

    Interleaving(String... steps) {
      this.steps = List.of(steps);
    }
  }

  @ParameterizedTest
  @EnumSource(Interleaving.class)
  @DisplayName(
      "Two instances store copies placed on different days at the same moment: one row, the first claim's day")
  void copiesOnTwoInstances(Interleaving order) {
    Brush brush = pairedBrush();
    Instant startedAt = now.minus(Duration.ofDays(2));
    BrushingSession live = placedAt(brush, startedAt, now.minusSeconds(124)); // by receipt
    BrushingSession backlog = placedAt(brush, startedAt, startedAt); // by the brush's clock
    BrushingSessionRepository first = stack.ingest().sessions();
    BrushingSessionRepository second =
        new BrushingSessionRepository(stack.session(), Duration.ZERO); // another instance

    List<Placement> settled = new ArrayList<>();
    for (String step : order.steps) {
      switch (step) {
        case "store 1" -> first.store(live, brush.patient()).await();
        case "store 2" -> second.store(backlog, brush.patient()).await();
        case "settle 1" -> settled.add(first.settle(live, brush.patient()).await().placement());
        case "settle 2" -> settled.add(second.settle(backlog, brush.patient()).await().placement());
        case "store 2 (claim only)" -> {
          // the second copy's identity row is written, its patient row is still on its way
          second.store(backlog, brush.patient()).await();
          deletePatientRow(brush, backlog.placedAt());
        }
        case "store 2 (its row)" -> second.store(backlog, brush.patient()).await();
        default -> throw new IllegalArgumentException(step);
      }
    }

    Placement expected = new Placement(live.placedAt(), brush.patient());
    assertThat(settled).containsOnly(expected);
    assertThat(deviceRowPlacement(brush, startedAt)).isEqualTo(live.placedAt());
    assertStoredOnceAt(brush, live.placedAt());
  }

  @Test
  @DisplayName(
      "The first claim's copy stored its identity row but never its patient row: a later copy writes it there")
  void firstCopyNeverWroteItsRow() {
    Brush brush = pairedBrush();
    Instant startedAt = now.minus(Duration.ofDays(2));
    BrushingSession live = placedAt(brush, startedAt, now.minusSeconds(124));
    BrushingSession backlog = placedAt(brush, startedAt, startedAt);
    BrushingSessionRepository sessions = stack.ingest().sessions();

    sessions.store(live, brush.patient()).await();
    deletePatientRow(
        brush, live.placedAt()); // as if the instance had stopped between its two writes
    sessions.store(backlog, brush.patient()).await();
    assertThat(sessions.settle(backlog, brush.patient()).await().placement())
        .isEqualTo(new Placement(live.placedAt(), brush.patient()));

    assertThat(patientRows(brush)).containsExactly(live.placedAt());
  }

  @Test
  @DisplayName(
      "Copies placed for different owners: the first claim's owner keeps the session, the other's row goes")
  void copiesOfDifferentOwners() {
    Brush brush = pairedBrush();
    Instant startedAt = now.minus(Duration.ofDays(2));
    BrushingSession unowned = placedAt(brush, startedAt, now.minusSeconds(124));
    BrushingSession owned = placedAt(brush, startedAt, startedAt);
    BrushingSessionRepository sessions = stack.ingest().sessions();

    sessions.store(unowned, null).await();
    sessions.store(owned, brush.patient()).await();
    assertThat(sessions.settle(owned, brush.patient()).await().placement())
        .isEqualTo(new Placement(unowned.placedAt(), null));
    assertThat(sessions.settle(unowned, null).await().placement())
        .isEqualTo(new Placement(unowned.placedAt(), null));

    assertThat(patientRows(brush)).isEmpty();
    assertThat(
            stack
                .session()
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT placed_at FROM unattributed_sessions_by_device WHERE device_id = ?",
                        brush.deviceId()))
                .all())
        .extracting(r -> r.getInstant(0))
        .containsExactly(unowned.placedAt());
    assertThat(
            stack
                .session()
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT patient_id FROM sessions_by_device WHERE device_id = ? AND year = ? AND started_at = ? AND session_id = 7",
                        brush.deviceId(),
                        startedAt.atZone(ZoneOffset.UTC).getYear(),
                        startedAt))
                .one()
                .isNull(0))
        .isTrue();
  }

  @Test
  @DisplayName(
      "Copies placed differently reach two ingest instances at once, ten times over: each stored once, counted once")
  void copiesAtOnceOnTwoInstances() {
    Brush brush = pairedBrush();
    SessionIngestor one = receivingAt(now);
    SessionIngestor other =
        stack.ingestor(
            registry,
            Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), now)),
            new BrushingSessionRepository(stack.session(), Duration.ZERO));
    var context = stack.vertx().getOrCreateContext();
    var otherContext = stack.vertx().getOrCreateContext();
    List<Future<IngestOutcome>> all = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      Instant startedAt = now.minus(Duration.ofDays(2)).plus(Duration.ofMinutes(i));
      byte[] live =
          TestBrush.payload(brush.deviceId(), i, startedAt)
              .put("backlog", false)
              .encode()
              .getBytes(StandardCharsets.UTF_8);
      byte[] backlog =
          TestBrush.payload(brush.deviceId(), i, startedAt)
              .put("backlog", true)
              .encode()
              .getBytes(StandardCharsets.UTF_8);
      all.add(
          Future.future(
              done -> context.runOnContext(v -> one.ingest(brush.topic(), live).onComplete(done))));
      all.add(
          Future.future(
              done ->
                  otherContext.runOnContext(
                      v -> other.ingest(brush.topic(), backlog).onComplete(done))));
    }
    Future.all(all).await();

    assertThat(all).allSatisfy(f -> assertThat(f.result()).isEqualTo(IngestOutcome.STORED));
    assertThat(patientRows(brush)).hasSize(10);
    assertThat(sessionsPerDay(brush).values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(10);
  }

  /**
   * Session 7 has one patient row, placed at {@code placement}, and the daily view counts it once
   * on that day.
   */
  private void assertStoredOnceAt(Brush brush, Instant placement) {
    assertThat(patientRows(brush)).containsExactly(placement);
    assertThat(sessionsPerDay(brush))
        .containsOnlyKeys(LocalDate.ofInstant(placement, ZoneOffset.UTC))
        .containsValue(1);
  }

  private void deletePatientRow(Brush brush, Instant placedAt) {
    stack
        .session()
        .execute(
            SimpleStatement.newInstance(
                "DELETE FROM sessions_by_patient WHERE patient_id = ?"
                    + " AND month = ? AND placed_at = ?",
                brush.patient(),
                YearMonth.from(placedAt.atZone(ZoneOffset.UTC)).toString(),
                placedAt));
  }

  /**
   * The days with sessions among the last four UTC days, with their sessions, from the daily view.
   */
  private Map<LocalDate, Integer> sessionsPerDay(Brush brush) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    JsonObject daily =
        stack
            .ingest()
            .dailyBrushing(brush.patient(), ZoneOffset.UTC, today.minusDays(3), today)
            .await();
    Map<LocalDate, Integer> days = new TreeMap<>();
    for (Object o : daily.getJsonArray("days")) {
      JsonObject day = (JsonObject) o;
      if (day.getInteger("sessions") > 0) {
        days.put(LocalDate.parse(day.getString("date")), day.getInteger("sessions"));
      }
    }
    return days;
  }
}
