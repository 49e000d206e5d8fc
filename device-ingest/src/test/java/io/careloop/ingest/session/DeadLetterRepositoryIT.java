package io.careloop.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.ingest.testing.IngestStack;
import io.careloop.ingest.testing.TestBrushIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeadLetterRepositoryIT {

  private final IngestStack stack = IngestStack.get();
  private final DeadLetterRepository repository =
      stack
          .vertx()
          .executeBlocking(() -> new DeadLetterRepository(stack.session(), Duration.ofDays(1)))
          .await();

  @Test
  @DisplayName(
      "Dead letters go to their hour's partition; a day reads as one list, newest first, with the rows kept before hours")
  void hourlyPartitionsReadAsADay() {
    // a day far from today's, so that no other test's dead letters share it
    LocalDate day = LocalDate.of(2031, 3, 14);
    String device = TestBrushIds.random();
    Instant early = Instant.parse("2031-03-14T01:15:00Z");
    Instant late = Instant.parse("2031-03-14T13:40:00Z");
    Instant nextDay = Instant.parse("2031-03-15T00:05:00Z");
    byte[] payload =
        "{\"schema\":\"careloop.brushing-session/2\"}".getBytes(StandardCharsets.UTF_8);
    repository
        .store(
            early,
            "careloop/v1/devices/" + device + "/sessions",
            device,
            "unsupported-schema",
            "early",
            payload)
        .await();
    repository
        .store(
            late,
            "careloop/v1/devices/" + device + "/sessions",
            device,
            "unsupported-schema",
            "late",
            payload)
        .await();
    repository
        .store(
            nextDay,
            "careloop/v1/devices/" + device + "/sessions",
            device,
            "unsupported-schema",
            "next",
            payload)
        .await();
    // a row the day's partition of the earlier table kept (written before the upgrade)
    stack
        .session()
        .execute(
            SimpleStatement.newInstance(
                "INSERT INTO dead_letters_by_day (day, received_at, id, topic,"
                    + " device_id, reason, detail, payload, payload_size) VALUES (?, ?, now(), ?, ?, ?, ?, textAsBlob('x'), 1)",
                day.toString(),
                Instant.parse("2031-03-14T00:30:00Z"),
                "careloop/v1/devices/" + device + "/sessions",
                device,
                "invalid-json",
                "before hours"));

    assertThat(repository.ofDay(day).await())
        .extracting(DeadLetterRepository.DeadLetter::detail)
        .containsExactly("late", "early", "before hours");
    assertThat(
            stack
                .session()
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT detail FROM dead_letters_by_hour WHERE hour = ?", "2031-03-14T13"))
                .all())
        .extracting(r -> r.getString("detail"))
        .containsExactly("late");
    assertThat(
            stack
                .session()
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT detail FROM dead_letters_by_hour WHERE hour = ?", "2031-03-14T01"))
                .all())
        .extracting(r -> r.getString("detail"))
        .containsExactly("early");
  }
}
