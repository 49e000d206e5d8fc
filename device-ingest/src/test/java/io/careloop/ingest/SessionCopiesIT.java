package io.careloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.testing.IngestStack;
import io.careloop.ingest.testing.TestBrush;
import io.careloop.ingest.testing.TestBrushIds;
import io.vertx.core.Future;
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
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Copies of one session that {@code SessionPlacement} alone would place on different days (their
 * receipts differ, or their backlog flags do) are stored once, on the first copy's day, and
 * counted once.
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
    return TestBrush.payload(brush.deviceId(), 7, startedAt).put("backlog", backlog).encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  private SessionIngestor receivingAt(Instant receipt) {
    return stack.ingestor(registry, Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), receipt)));
  }

  /** The placements of the patient's rows of session 7, over the months around now. */
  private List<Instant> patientRows(Brush brush) {
    List<Instant> placements = new ArrayList<>();
    YearMonth thisMonth = YearMonth.from(now.atZone(ZoneOffset.UTC));
    for (YearMonth m = thisMonth.minusMonths(1); !m.isAfter(thisMonth.plusMonths(1)); m = m.plusMonths(1)) {
      for (Row row : stack.session().execute(SimpleStatement.newInstance(
          "SELECT placed_at, session_id FROM sessions_by_patient WHERE patient_id = ? AND month = ?",
          brush.patient(), m.toString()))) {
        placements.add(row.getInstant("placed_at"));
      }
    }
    return placements;
  }

  private Instant deviceRowPlacement(Brush brush, Instant startedAt) {
    return stack.session().execute(SimpleStatement.newInstance(
        "SELECT placed_at FROM sessions_by_device WHERE device_id = ? AND year = ? AND started_at = ? AND session_id = 7",
        brush.deviceId(), startedAt.atZone(ZoneOffset.UTC).getYear(), startedAt)).one().getInstant(0);
  }

  @Test
  @DisplayName("A brush clock ahead of ours: the copy resent later, whose time is then trusted, keeps the first copy's day")
  void clockAheadThenTrusted() {
    Brush brush = pairedBrush();
    Instant startedAt = now.plus(Duration.ofMinutes(15)); // 15 minutes ahead: not trusted on receipt
    Instant firstPlacement = now.minusSeconds(124);       // the receipt less the session's 124 s

    assertThat(receivingAt(now).ingest(brush.topic(), copy(brush, startedAt, false)).await())
        .isEqualTo(IngestOutcome.STORED);
    // re-uploaded 20 minutes later: the brush's time is no longer in our future
    assertThat(receivingAt(now.plus(Duration.ofMinutes(20))).ingest(brush.topic(), copy(brush, startedAt, true)).await())
        .isEqualTo(IngestOutcome.STORED);

    assertThat(patientRows(brush)).containsExactly(firstPlacement);
    assertThat(deviceRowPlacement(brush, startedAt)).isEqualTo(firstPlacement);
  }

  @Test
  @DisplayName("A live copy two days behind, then its backlog re-upload: one session on the live copy's day, counted once")
  void liveThenBacklog() {
    Brush brush = pairedBrush();
    Instant startedAt = now.minus(Duration.ofDays(2)); // beyond a live upload's window, within a backlog's
    SessionIngestor ingestor = receivingAt(now);

    ingestor.ingest(brush.topic(), copy(brush, startedAt, false)).await();
    ingestor.ingest(brush.topic(), copy(brush, startedAt, true)).await();

    Instant livePlacement = now.minusSeconds(124);
    assertThat(patientRows(brush)).containsExactly(livePlacement);
    assertThat(sessionsPerDay(brush)).containsOnlyKeys(LocalDate.ofInstant(livePlacement, ZoneOffset.UTC))
        .containsValue(1);
  }

  @Test
  @DisplayName("Two copies placed differently reach one instance at once: one is stored, on the day the first placed")
  void copiesAtOnce() {
    Brush brush = pairedBrush();
    Instant startedAt = now.minus(Duration.ofDays(2));
    SessionIngestor ingestor = receivingAt(now);
    var context = stack.vertx().getOrCreateContext();

    Future.<Void>future(done -> context.runOnContext(v ->
        Future.all(ingestor.ingest(brush.topic(), copy(brush, startedAt, false)),
            ingestor.ingest(brush.topic(), copy(brush, startedAt, true))).<Void>mapEmpty().onComplete(done))).await();

    List<Instant> rows = patientRows(brush);
    assertThat(rows).hasSize(1);
    assertThat(deviceRowPlacement(brush, startedAt)).isEqualTo(rows.get(0));
    assertThat(sessionsPerDay(brush).values()).containsExactly(1);
  }

  /** The days with sessions among the last four UTC days, with their sessions, from the daily view. */
  private Map<LocalDate, Integer> sessionsPerDay(Brush brush) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    JsonObject daily = stack.ingest().dailyBrushing(brush.patient(), ZoneOffset.UTC, today.minusDays(3), today).await();
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
