package io.careloop.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.TraceEvent;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.ingest.testing.IngestStack;
import io.careloop.ingest.testing.TestBrushIds;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BrushingSessionRepositoryIT {

  private static final Pattern READ =
      Pattern.compile("Read (\\d+) live rows and (\\d+) tombstone cells");
  private final IngestStack stack = IngestStack.get();
  private final BrushingSessionRepository repository =
      new BrushingSessionRepository(stack.session(), Duration.ZERO);

  /** What Cassandra's trace says a query read: live rows and tombstone cells. */
  private record Read(int liveRows, int tombstones) {}

  private Read traced(String query, Object... values) {
    ResultSet rs =
        stack.session().execute(SimpleStatement.newInstance(query, values).setTracing(true));
    rs.all();
    List<TraceEvent> events = rs.getExecutionInfo().getQueryTrace().getEvents();
    for (TraceEvent event : events) {
      Matcher m = READ.matcher(event.getActivity());
      if (m.find()) {
        return new Read(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      }
    }
    throw new AssertionError(
        "No read in the trace: " + events.stream().map(TraceEvent::getActivity).toList());
  }

  private static BrushingSession withoutPlaque(String deviceId, long sessionId, Instant startedAt) {
    return new BrushingSession(
        deviceId,
        sessionId,
        startedAt,
        120,
        "daily",
        0,
        0,
        new BrushingSession.Zones(30, 30, 30, 30),
        90,
        OptionalDouble.empty(),
        80,
        "3.4.1",
        false,
        startedAt.plusSeconds(150),
        startedAt);
  }

  @Test
  @DisplayName(
      "A copy whose claim came first but was written last moves the session from where the other copy settled it")
  void claimTakenFirstWrittenLast() {
    String device = TestBrushIds.random();
    UUID patient = UUID.randomUUID();
    Instant startedAt = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
    BrushingSession early =
        withoutPlaque(device, 1, startedAt).withPlacedAt(startedAt.plus(Duration.ofDays(2)));
    BrushingSession late = withoutPlaque(device, 1, startedAt);
    UUID earlyClaim = Uuids.timeBased();
    UUID lateClaim = Uuids.timeBased();

    // the later claim's copy stores and settles before the earlier claim's copy is written:
    // it sees only its own claim and keeps its placement
    repository.store(late, patient, lateClaim).await();
    assertThat(repository.settle(late, patient).await().placedAt()).isEqualTo(late.placedAt());
    repository.store(early, patient, earlyClaim).await();
    assertThat(repository.settle(early, patient).await().placedAt()).isEqualTo(early.placedAt());

    String month = YearMonth.from(early.placedAt().atZone(ZoneOffset.UTC)).toString();
    List<Instant> rows = new ArrayList<>();
    for (String m :
        List.of(YearMonth.from(startedAt.atZone(ZoneOffset.UTC)).toString(), month).stream()
            .distinct()
            .toList()) {
      stack
          .session()
          .execute(
              SimpleStatement.newInstance(
                  "SELECT placed_at FROM sessions_by_patient"
                      + " WHERE patient_id = ? AND month = ?",
                  patient,
                  m))
          .forEach(r -> rows.add(r.getInstant(0)));
    }
    assertThat(rows).containsExactly(early.placedAt());
    assertThat(
            stack
                .session()
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT placed_at FROM sessions_by_device"
                            + " WHERE device_id = ? AND year = ?",
                        device,
                        startedAt.atZone(ZoneOffset.UTC).getYear()))
                .one()
                .getInstant(0))
        .isEqualTo(early.placedAt());
  }

  @Test
  @DisplayName(
      "Absent values (no plaque sensor, no owner yet) are stored as absent without writing tombstones")
  void absentValuesWriteNoTombstones() {
    String owned = TestBrushIds.random();
    String unowned = TestBrushIds.random();
    UUID patient = UUID.randomUUID();
    Instant t = Instant.parse("2026-03-10T07:00:00Z");

    repository.store(withoutPlaque(owned, 1, t), patient).await();
    repository.store(withoutPlaque(owned, 2, t.plusSeconds(3600)), patient).await();
    repository.store(withoutPlaque(unowned, 1, t), null).await();

    assertThat(
            traced("SELECT * FROM sessions_by_device WHERE device_id = ? AND year = 2026", owned))
        .isEqualTo(new Read(2, 0));
    assertThat(
            traced(
                "SELECT * FROM sessions_by_patient WHERE patient_id = ? AND month = '2026-03'",
                patient))
        .isEqualTo(new Read(2, 0));
    assertThat(
            traced("SELECT * FROM sessions_by_device WHERE device_id = ? AND year = 2026", unowned))
        .isEqualTo(new Read(1, 0));
    Row row =
        stack
            .session()
            .execute(
                SimpleStatement.newInstance(
                    "SELECT plaque_index, patient_id, coverage_pct FROM sessions_by_device WHERE device_id = ? AND year = 2026",
                    unowned))
            .one();
    assertThat(row.isNull("plaque_index")).isTrue();
    assertThat(row.isNull("patient_id")).isTrue();
    assertThat(row.getInt("coverage_pct")).isEqualTo(90);
    assertThat(repository.allPlacedBetween(patient, t, t.plusSeconds(7200)).await())
        .extracting(BrushingSession::plaqueIndex)
        .containsOnly(OptionalDouble.empty());
  }
}
