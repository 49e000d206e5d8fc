package io.careloop.crm.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.crm.Crm;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A patient's timeline on the real table: newest first across months, paged, clinical entries for
 * nurses only.
 */
class TimelineIT {

  private final CqlSession session = TestCassandra.session(Crm.MODULE);
  private final Timeline timeline = new Timeline(new TimelineRepository(session));
  private final UUID patient = UUID.randomUUID();
  private final Instant start = Instant.parse("2026-01-20T10:00:00Z");

  private List<TimelineEntry> written(int count) {
    List<TimelineEntry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // two entries share each instant: the id orders them
      Instant at = start.plus(Duration.ofHours(12L * (i / 2)));
      entries.add(
          new TimelineEntry(
              patient,
              at,
              "fact:" + i,
              i % 3 == 0 ? "brushing_session" : "note",
              i % 3 == 0,
              "Fact " + i,
              new JsonObject().put("i", i)));
    }
    Future.all(entries.stream().map(timeline::record).toList()).await();
    return entries;
  }

  private List<TimelineEntry> readAll(Instant from, Instant to, boolean clinical, int limit) {
    List<TimelineEntry> all = new ArrayList<>();
    Optional<Timeline.Cursor> after = Optional.empty();
    do {
      Timeline.Page page =
          timeline.read(patient, new Timeline.Window(from, to, clinical, after, limit)).await();
      assertThat(page.entries().size()).isLessThanOrEqualTo(limit);
      all.addAll(page.entries());
      after = page.next().map(c -> Timeline.Cursor.of(c.token()));
    } while (after.isPresent());
    return all;
  }

  @Test
  @DisplayName(
      "Read in pages newest first across three months, every entry once; the same fact written twice is one entry")
  void pagesAcrossMonths() {
    List<TimelineEntry> entries = written(150); // 75 days from 20 January
    timeline.record(entries.get(7)).await();

    List<TimelineEntry> all = readAll(start, start.plus(Duration.ofDays(100)), true, 40);

    assertThat(all).extracting(TimelineEntry::id).doesNotHaveDuplicates().hasSize(150);
    assertThat(all)
        .isSortedAccordingTo(
            (a, b) ->
                b.at().compareTo(a.at()) != 0
                    ? b.at().compareTo(a.at())
                    : b.id().compareTo(a.id()));
    assertThat(all.get(0).data().getInteger("i")).isIn(148, 149);
  }

  @Test
  @DisplayName("Without the clinical view, brushing entries are left out; the window's bounds hold")
  void relationshipViewAndWindow() {
    written(60);
    Instant from = start.plus(Duration.ofDays(5));
    Instant to = start.plus(Duration.ofDays(10));

    List<TimelineEntry> relationship = readAll(from, to, false, 7);

    assertThat(relationship).noneMatch(TimelineEntry::clinical).isNotEmpty();
    assertThat(relationship).allMatch(e -> !e.at().isBefore(from) && e.at().isBefore(to));
    assertThat(relationship)
        .hasSize((int) readAll(from, to, true, 100).stream().filter(e -> !e.clinical()).count());
  }
}
