package io.careloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.session.DeadLetterRepository;
import io.careloop.ingest.testing.IngestStack;
import io.careloop.ingest.testing.TestBrush;
import io.careloop.ingest.testing.TestBrushIds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A message that can never be stored is kept and acknowledged instead of being retried for ever;
 * one that failed for a passing reason is retried. The fault is injected in front of the real
 * ingestor (no real message of the contract makes our code fail, which is the point of the guard).
 */
class IngestRouterIT {

  private final IngestStack stack = IngestStack.get();
  private final DeviceRegistry registry = stack.ingest().registry();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final DeadLetters deadLetters = stack.deadLetters(meters);
  private final SessionIngestor real = stack.ingestor(registry, Clock.systemUTC());

  @Test
  @DisplayName(
      "A message our code fails on is kept whole as an unstorable dead letter, acknowledged, and nothing else changes")
  void permanentFailuresAreDeadLettered() {
    var registration = registry.register(TestBrushIds.random(), "CL-100").await();
    registry.pair(UUID.randomUUID(), registration.pairingCode()).await();
    String deviceId = registration.deviceId();
    String topic = "careloop/v1/devices/" + deviceId + "/sessions";
    Instant startedAt = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
    byte[] thrown = payload(deviceId, 1, startedAt);
    byte[] failed = payload(deviceId, 2, startedAt.plusSeconds(200));
    byte[] passing = payload(deviceId, 3, startedAt.plusSeconds(400));
    byte[] good = payload(deviceId, 4, startedAt.plusSeconds(500));
    IngestRouter router =
        new IngestRouter(
            (t, p, at) -> {
              if (p == thrown) {
                throw new IllegalArgumentException("a value our binding did not expect");
              }
              if (p == failed) {
                return Future.failedFuture(new NullPointerException("no plan for it"));
              }
              if (p == passing) {
                return Future.failedFuture(
                    new DriverTimeoutException("Query timed out after PT2S"));
              }
              return real.ingest(t, p, at);
            },
            (t, p, at) -> Future.failedFuture("no status here"),
            deadLetters,
            Clock.systemUTC());

    assertThat(router.handle(topic, thrown).await()).isEqualTo(IngestOutcome.DEAD_LETTERED);
    assertThat(router.handle(topic, failed).await()).isEqualTo(IngestOutcome.DEAD_LETTERED);
    assertThatThrownBy(() -> router.handle(topic, passing).await())
        .isInstanceOf(DriverTimeoutException.class);
    assertThat(router.handle(topic, good).await()).isEqualTo(IngestOutcome.STORED);

    List<DeadLetterRepository.DeadLetter> kept =
        stack.ingest().deadLettersOf(LocalDate.now(ZoneOffset.UTC)).await().stream()
            .filter(d -> deviceId.equals(d.deviceId()))
            .toList();
    assertThat(kept)
        .extracting(DeadLetterRepository.DeadLetter::reason)
        .containsOnly("unstorable")
        .hasSize(2);
    assertThat(kept)
        .extracting(DeadLetterRepository.DeadLetter::detail)
        .containsExactlyInAnyOrder(
            "IllegalArgumentException: a value our binding did not expect",
            "NullPointerException: no plan for it");
    assertThat(kept)
        .extracting(d -> new String(d.payload(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder(
            new String(thrown, StandardCharsets.UTF_8), new String(failed, StandardCharsets.UTF_8));
    assertThat(meters.counter("careloop.ingest.dead.letters", "reason", "unstorable").count())
        .isEqualTo(2);
    assertThat(
            stack
                .session()
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT session_id FROM sessions_by_device WHERE device_id = ? AND year = ?",
                        deviceId,
                        startedAt.atZone(ZoneOffset.UTC).getYear()))
                .all())
        .extracting(r -> r.getLong(0))
        .containsExactly(4L);
  }

  private static byte[] payload(String deviceId, long sessionId, Instant startedAt) {
    return TestBrush.payload(deviceId, sessionId, startedAt)
        .encode()
        .getBytes(StandardCharsets.UTF_8);
  }
}
