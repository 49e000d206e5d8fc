package io.careloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.testing.IngestProcess;
import io.careloop.ingest.testing.IngestStack;
import io.careloop.ingest.testing.TestBrush;
import io.careloop.ingest.testing.TestBrushIds;
import io.careloop.platform.testing.FreePorts;
import io.careloop.platform.testing.TestCassandra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * device-ingest with the embedded broker on file persistence, as {@code ./careloop run} runs it,
 * killed in the middle of a stream and started again on the same data. A separate JVM, so that the
 * kill is a real one: the broker dies with ingest, and what it had written to disk is all that is
 * left.
 */
class IngestCrashRestartIT {

  private static final int BRUSHES = 5;

  /**
   * Enough to be killed mid-stream (the kill comes once 100 are stored), few enough to drain in
   * time.
   */
  private static final int SESSIONS_PER_BRUSH = 1_000;

  /** Well below the stall watchdog's 15 s: delivery must resume by itself, not by a reconnect. */
  private static final Duration NEW_SESSION_STORED_WITHIN = Duration.ofSeconds(10);

  private final IngestStack stack = IngestStack.get();

  record Brush(String deviceId, String credential) {}

  @Test
  @DisplayName(
      "Killed (SIGKILL) mid-stream and started again on the same broker data: every acknowledged session"
          + " is stored once, and a new session is stored within seconds, also after a clean restart")
  void killedMidStreamThenStartedAgain() throws Exception {
    Path work = Files.createTempDirectory("careloop-ingest-crash");
    int port = FreePorts.next();
    List<Brush> streaming = new ArrayList<>();
    for (int i = 0; i < BRUSHES; i++) {
      streaming.add(brush());
    }
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    try {
      killMidStream(work, port, streaming, acknowledged);
      assertThat(acknowledged)
          .as("sessions the broker acknowledged before the kill")
          .hasSizeGreaterThan(100);

      try (IngestProcess second = IngestProcess.start(work, port, TestCassandra.get().config())) {
        // A generous ceiling: on a busy machine storing the backlog takes minutes, not seconds.
        await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () ->
                    assertThat(storedOf(streaming))
                        .as(() -> "after the restart; its log:\n" + second.output())
                        .containsAll(acknowledged));
        assertThat(duplicatesOf(streaming)).as("sessions stored twice").isEmpty();
        publishOneAndAwaitIt(port);
      }
      try (IngestProcess third = IngestProcess.start(work, port, TestCassandra.get().config())) {
        publishOneAndAwaitIt(port); // after a clean stop on the same data
      }
    } finally {
      TestCassandra.deleteTree(work);
    }
  }

  /** Five brushes stream sessions; once ingest has stored some, its process is killed. */
  private void killMidStream(Path work, int port, List<Brush> streaming, Set<String> acknowledged)
      throws Exception {
    try (IngestProcess first = IngestProcess.start(work, port, TestCassandra.get().config())) {
      // a broker without ingest's subscription yet answers "no matching subscribers" and keeps
      // nothing
      publishOneAndAwaitIt(port);
      ExecutorService brushes = Executors.newFixedThreadPool(BRUSHES);
      for (Brush brush : streaming) {
        brushes.submit(() -> streamUntilRefused(port, brush, acknowledged));
      }
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> storedOf(streaming).size() >= 100);
      first.kill();
      brushes.shutdown();
      assertThat(brushes.awaitTermination(60, TimeUnit.SECONDS))
          .as("brushes stop when the broker dies")
          .isTrue();
    }
  }

  private Brush brush() {
    DeviceRegistry registry = stack.ingest().registry();
    var registration = registry.register(TestBrushIds.random(), "CL-100").await();
    registry.pair(UUID.randomUUID(), registration.pairingCode()).await();
    return new Brush(registration.deviceId(), registration.credential());
  }

  /**
   * Sessions as fast as the broker takes them (ten awaiting their PUBACK at a time, as many as a
   * brush may have in flight), until the broker goes away: faster than ingest stores them, so that
   * it holds a window of them unacknowledged when it is killed.
   */
  private static void streamUntilRefused(int port, Brush brush, Set<String> acknowledged) {
    Instant start = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
    ArrayDeque<Map.Entry<String, IMqttToken>> pending = new ArrayDeque<>();
    try (TestBrush device =
        TestBrush.connect("tcp://127.0.0.1:" + port, brush.deviceId(), brush.credential())) {
      for (int i = 1; i <= SESSIONS_PER_BRUSH; i++) {
        if (pending.size() == 10) {
          awaitPuback(pending.removeFirst(), acknowledged);
        }
        pending.addLast(
            Map.entry(
                brush.deviceId() + "/" + i,
                device.publishSessionAsync(
                    device.session(i, start.plus(Duration.ofMinutes(i))).encode())));
      }
    } catch (Exception brokerGone) {
      // the kill: what was acknowledged so far is what must be stored
    }
  }

  private static void awaitPuback(Map.Entry<String, IMqttToken> publish, Set<String> acknowledged)
      throws MqttException {
    publish.getValue().waitForCompletion(30_000);
    acknowledged.add(publish.getKey());
  }

  private void publishOneAndAwaitIt(int port) throws Exception {
    Brush brush = brush();
    try (TestBrush device =
        TestBrush.connect("tcp://127.0.0.1:" + port, brush.deviceId(), brush.credential())) {
      device.publishSession(device.session(1, Instant.now().minusSeconds(300)).encode());
    }
    await("a session published after the restart is stored")
        .atMost(NEW_SESSION_STORED_WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> storedOf(List.of(brush)).contains(brush.deviceId() + "/1"));
  }

  /** Every stored row of these brushes as {@code device/session}, duplicates included. */
  private List<String> rowsOf(List<Brush> brushes) {
    List<String> rows = new ArrayList<>();
    int year = Instant.now().atZone(ZoneOffset.UTC).getYear();
    for (Brush brush : brushes) {
      for (int y = year - 1; y <= year + 1; y++) {
        for (Row row :
            stack
                .session()
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT session_id FROM sessions_by_device WHERE device_id = ? AND year = ?",
                        brush.deviceId(),
                        y))) {
          rows.add(brush.deviceId() + "/" + row.getLong("session_id"));
        }
      }
    }
    return rows;
  }

  private Set<String> storedOf(List<Brush> brushes) {
    return Set.copyOf(rowsOf(brushes));
  }

  private List<String> duplicatesOf(List<Brush> brushes) {
    List<String> rows = rowsOf(brushes);
    Set<String> seen = new java.util.HashSet<>();
    return rows.stream().filter(row -> !seen.add(row)).toList();
  }
}
