package io.careloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.status.DeviceStatus;
import io.careloop.ingest.testing.IngestStack;
import io.careloop.ingest.testing.TestBrush;
import io.careloop.ingest.testing.TestBrushIds;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Messages are ordered and placed by when they reached ingest, however late they are stored: a
 * retry after a database outage, or a slower instance, stores a message minutes after it arrived.
 * (That a retry is handled with its message's arrival time: {@code MqttIngestClientTest}.)
 */
class ArrivalTimeIT {

  private final IngestStack stack = IngestStack.get();
  private final DeviceRegistry registry = stack.ingest().registry();
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  private static byte[] status(String deviceId, Instant at, boolean online, Integer batteryPct) {
    JsonObject json =
        new JsonObject()
            .put("schema", "careloop.device-status/1")
            .put("deviceId", deviceId)
            .put("at", at.toString())
            .put("online", online);
    if (batteryPct != null) {
      json.put("batteryPct", batteryPct);
    }
    return json.encode().getBytes(StandardCharsets.UTF_8);
  }

  private IngestOutcome storeStatus(String deviceId, byte[] payload, Instant receivedAt) {
    return stack
        .ingest()
        .router()
        .handle("careloop/v1/devices/" + deviceId + "/status", payload, receivedAt)
        .await();
  }

  private DeviceStatus statusOf(String deviceId) {
    return stack.ingest().statuses().statusOf(deviceId).await().orElseThrow();
  }

  @Test
  @DisplayName(
      "An online status stored after the Last Will that arrived after it does not mark the brush online again")
  void lateOnlineLosesToLaterWill() {
    String deviceId = registry.register(TestBrushIds.random(), "CL-100").await().deviceId();
    Instant connectedAt = now.minus(Duration.ofHours(2));
    Instant willArrived = now.minusSeconds(10);

    // the Will carries the time of its CONNECT; the online status arrived before it and is stored
    // after it
    assertThat(storeStatus(deviceId, status(deviceId, connectedAt, false, null), willArrived))
        .isEqualTo(IngestOutcome.STORED);
    assertThat(
            storeStatus(
                deviceId, status(deviceId, now.minusSeconds(41), true, 63), now.minusSeconds(40)))
        .isEqualTo(IngestOutcome.STORED);

    DeviceStatus stored = statusOf(deviceId);
    assertThat(stored.online()).isFalse();
    assertThat(stored.lastSeen()).isEqualTo(willArrived);
    assertThat(stored.reportedAt()).isEqualTo(connectedAt);
    assertThat(stored.batteryPct())
        .as("the Will does not say; the last battery reported stays")
        .isEqualTo(63);
  }

  @Test
  @DisplayName(
      "Of two statuses stored out of order, each field keeps the value of the one that arrived last")
  void statusFieldsFollowArrival() {
    String deviceId = registry.register(TestBrushIds.random(), "CL-100").await().deviceId();

    storeStatus(deviceId, status(deviceId, now.minusSeconds(5), true, 55), now.minusSeconds(5));
    storeStatus(deviceId, status(deviceId, now.minusSeconds(60), true, 70), now.minusSeconds(60));

    DeviceStatus stored = statusOf(deviceId);
    assertThat(stored.batteryPct()).isEqualTo(55);
    assertThat(stored.lastSeen()).isEqualTo(now.minusSeconds(5));
  }

  @Test
  @DisplayName(
      "A session stored 30 min after it arrived is placed by its arrival: a start 15 min after that is not trusted")
  void sessionPlacedByArrival() {
    var registration = registry.register(TestBrushIds.random(), "CL-100").await();
    UUID patient = UUID.randomUUID();
    registry.pair(patient, registration.pairingCode()).await();
    String deviceId = registration.deviceId();
    Instant arrived = now.minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
    Instant startedAt = arrived.plus(Duration.ofMinutes(15)); // the brush's clock is ahead of ours
    JsonObject payload = TestBrush.payload(deviceId, 9, startedAt);

    IngestOutcome outcome =
        stack
            .ingest()
            .router()
            .handle(
                "careloop/v1/devices/" + deviceId + "/sessions",
                payload.encode().getBytes(StandardCharsets.UTF_8),
                arrived)
            .await();

    assertThat(outcome).isEqualTo(IngestOutcome.STORED);
    var stored =
        stack
            .ingest()
            .sessions()
            .allPlacedBetween(
                patient, arrived.minus(Duration.ofHours(1)), startedAt.plus(Duration.ofHours(1)))
            .await();
    assertThat(stored)
        .singleElement()
        .satisfies(
            session -> {
              assertThat(session.receivedAt()).isEqualTo(arrived);
              assertThat(session.placedAt())
                  .isEqualTo(arrived.minusSeconds(payload.getInteger("durationSec")));
            });
  }
}
