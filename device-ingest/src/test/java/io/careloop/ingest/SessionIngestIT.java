package io.careloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.session.BrushingSession;
import io.careloop.ingest.session.DeadLetterRepository;
import io.careloop.ingest.testing.IngestStack;
import io.careloop.ingest.testing.TestBrush;
import io.careloop.ingest.testing.TestBrushIds;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionIngestIT {

  private static IngestStack stack;
  private static DeviceRegistry registry;

  @BeforeAll
  static void start() {
    stack = IngestStack.get();
    registry = stack.ingest().registry();
  }

  private List<BrushingSession> historyOf(UUID patientId) {
    return stack.ingest().sessions()
        .history(patientId, Instant.now().minus(30, ChronoUnit.DAYS), Instant.now().plusSeconds(3600), 100, null)
        .await().sessions();
  }

  @Test
  @DisplayName("A session is stored before its PUBACK: once the brush has the PUBACK, the history shows it")
  void storedBeforeAcknowledged() throws Exception {
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();
    UUID patient = UUID.randomUUID();
    registry.pair(patient, brush.pairingCode()).await();
    Instant startedAt = Instant.now().minusSeconds(130).truncatedTo(ChronoUnit.SECONDS);

    try (TestBrush device = TestBrush.connect(stack.mqttUri(), brush.deviceId(), brush.credential())) {
      device.publishSession(device.session(1234, startedAt).encode());
    }

    List<BrushingSession> history = historyOf(patient);
    assertThat(history).hasSize(1);
    BrushingSession s = history.get(0);
    assertThat(s.deviceId()).isEqualTo(brush.deviceId());
    assertThat(s.sessionId()).isEqualTo(1234);
    assertThat(s.startedAt()).isEqualTo(startedAt);
    assertThat(s.placedAt()).isEqualTo(startedAt);
    assertThat(s.durationSec()).isEqualTo(124);
    assertThat(s.zonesSec()).isEqualTo(new BrushingSession.Zones(31, 29, 28, 36));
    assertThat(s.plaqueIndex()).hasValue(1.2);
  }

  @Test
  @DisplayName("The same session sent three times is stored once")
  void duplicatesStoredOnce() throws Exception {
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();
    UUID patient = UUID.randomUUID();
    registry.pair(patient, brush.pairingCode()).await();
    Instant startedAt = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);

    try (TestBrush device = TestBrush.connect(stack.mqttUri(), brush.deviceId(), brush.credential())) {
      for (int i = 0; i < 3; i++) {
        device.publishSession(device.session(7, startedAt).encode());
      }
    }

    assertThat(historyOf(patient)).extracting(BrushingSession::sessionId).containsExactly(7L);
  }

  @Test
  @DisplayName("Malformed JSON is acknowledged, kept as a dead letter with its reason, and stores no session")
  void malformedIsDeadLettered() throws Exception {
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();
    UUID patient = UUID.randomUUID();
    registry.pair(patient, brush.pairingCode()).await();
    String garbage = "{\"schema\":\"careloop.brushing-session/1\", \"deviceId\": " + brush.deviceId();

    try (TestBrush device = TestBrush.connect(stack.mqttUri(), brush.deviceId(), brush.credential())) {
      device.publishSession(garbage);
    }

    assertThat(historyOf(patient)).isEmpty();
    var letters = stack.ingest().deadLettersOf(LocalDate.now(ZoneOffset.UTC)).await().stream()
        .filter(l -> brush.deviceId().equals(l.deviceId())).toList();
    assertThat(letters).hasSize(1);
    DeadLetterRepository.DeadLetter letter = letters.get(0);
    assertThat(letter.reason()).isEqualTo("invalid-json");
    assertThat(letter.topic()).isEqualTo("careloop/v1/devices/" + brush.deviceId() + "/sessions");
    assertThat(new String(letter.payload(), StandardCharsets.UTF_8)).isEqualTo(garbage);
  }

  @Test
  @DisplayName("Sessions of a brush nobody has paired yet go to the patient who pairs it")
  void earlierSessionsGoToTheNewOwner() throws Exception {
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();
    Instant startedAt = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
    try (TestBrush device = TestBrush.connect(stack.mqttUri(), brush.deviceId(), brush.credential())) {
      device.publishSession(device.session(1, startedAt).encode());
      device.publishSession(device.session(2, startedAt.plusSeconds(600)).encode());
    }
    UUID patient = UUID.randomUUID();

    var device = registry.pair(patient, brush.pairingCode()).await();
    int moved = stack.ingest().sessions().attributeWaitingSessions(device.deviceId(), Instant.EPOCH, patient).await();

    assertThat(moved).isEqualTo(2);
    assertThat(historyOf(patient)).extracting(BrushingSession::sessionId).containsExactly(2L, 1L);
  }

  @Test
  @DisplayName("A stored session is announced on the event bus for the alerts module")
  void storedSessionIsAnnounced() throws Exception {
    var brush = registry.register(TestBrushIds.random(), "CL-100").await();
    UUID patient = UUID.randomUUID();
    registry.pair(patient, brush.pairingCode()).await();
    var received = new java.util.concurrent.CompletableFuture<JsonObject>();
    var consumer = stack.vertx().eventBus().<JsonObject>consumer(io.careloop.platform.bus.Addresses.SESSION_STORED,
        msg -> {
          if (brush.deviceId().equals(msg.body().getString("deviceId"))) {
            received.complete(msg.body());
          }
        });
    consumer.completion().await();

    try (TestBrush device = TestBrush.connect(stack.mqttUri(), brush.deviceId(), brush.credential())) {
      device.publishSession(device.session(42, Instant.now().minusSeconds(200)).encode());
    }

    JsonObject event = received.get(10, java.util.concurrent.TimeUnit.SECONDS);
    consumer.unregister().await();
    assertThat(event.getString("patientId")).isEqualTo(patient.toString());
    assertThat(event.getLong("sessionId")).isEqualTo(42L);
  }
}
