package io.careloop.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.careloop.ingest.IngestConfig;
import io.careloop.ingest.mqtt.MqttIngestClient;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.testing.IngestStack;
import io.careloop.ingest.testing.TestBrush;
import io.careloop.ingest.testing.TestBrushIds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BrokerAccessIT {

  private static IngestStack stack;
  private static DeviceRegistry registry;

  @BeforeAll
  static void start() {
    stack = IngestStack.get();
    registry = stack.ingest().registry();
  }

  private static DeviceRegistry.Registration registered() {
    return registry.register(TestBrushIds.random(), "CL-100").await();
  }

  @Test
  @DisplayName("A brush with its own credential connects")
  void rightCredentialConnects() throws Exception {
    var brush = registered();
    try (TestBrush connected =
        TestBrush.connect(stack.mqttUri(), brush.deviceId(), brush.credential())) {
      assertThat(connected.isConnected()).isTrue();
    }
  }

  @Test
  @DisplayName("A wrong credential is refused at CONNECT with 'bad user name or password'")
  void wrongCredentialIsRefused() {
    var brush = registered();

    assertThatThrownBy(
            () -> TestBrush.connect(stack.mqttUri(), brush.deviceId(), "not-" + brush.credential()))
        .isInstanceOfSatisfying(
            MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(134));
  }

  @Test
  @DisplayName("A brush without a credential, or one that is not registered, is refused at CONNECT")
  void missingOrUnknownIsRefused() {
    var brush = registered();

    assertThatThrownBy(() -> TestBrush.connect(stack.mqttUri(), brush.deviceId(), null))
        .isInstanceOfSatisfying(
            MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(134));
    assertThatThrownBy(
            () -> TestBrush.connect(stack.mqttUri(), TestBrushIds.random(), brush.credential()))
        .isInstanceOfSatisfying(
            MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(134));
  }

  @Test
  @DisplayName("A revoked brush is disconnected and can no longer connect")
  void revokedIsRefused() throws Exception {
    var brush = registered();
    TestBrush connected = TestBrush.connect(stack.mqttUri(), brush.deviceId(), brush.credential());

    registry.revoke(brush.deviceId()).await();

    await().atMost(Duration.ofSeconds(10)).until(() -> !connected.isConnected());
    connected.close();
    assertThatThrownBy(
            () -> TestBrush.connect(stack.mqttUri(), brush.deviceId(), brush.credential()))
        .isInstanceOfSatisfying(
            MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(134));
  }

  @Test
  @DisplayName(
      "A brush publishing under another brush's topic is cut off, and nothing is stored for either")
  void foreignTopicIsRefused() throws Exception {
    var intruder = registered();
    var victim = registered();
    UUID victimOwner = UUID.randomUUID();
    registry.pair(victimOwner, victim.pairingCode()).await();
    TestBrush brush =
        TestBrush.connect(stack.mqttUri(), intruder.deviceId(), intruder.credential());

    try {
      brush.publish(
          "careloop/v1/devices/" + victim.deviceId() + "/sessions",
          TestBrush.payload(victim.deviceId(), 1, Instant.now()).encode().getBytes());
    } catch (MqttException refused) {
      // Paho may report the PUBACK 135 (not authorized) as an error or just see the DISCONNECT
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> !brush.isConnected());
    brush.close();
    Thread.sleep(500);
    var history =
        stack
            .ingest()
            .sessions()
            .history(
                victimOwner,
                Instant.now().minusSeconds(3600),
                Instant.now().plusSeconds(60),
                10,
                null)
            .await();
    assertThat(history.sessions()).isEmpty();
  }

  @Test
  @DisplayName(
      "An ingest connection whose subscription the broker refuses is not ready, and keeps asking")
  void refusedSubscriptionIsNotReady() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    String clientId = "ingest-refused-" + UUID.randomUUID().toString().substring(0, 8);
    IngestConfig config = IngestConfig.local(URI.create(stack.mqttUri()).getPort(), clientId);
    // ingest may send commands, not take them: the broker refuses this subscription
    MqttIngestClient client =
        new MqttIngestClient(
            stack.vertx(),
            stack.vertx().getOrCreateContext(),
            config.mqtt(),
            clientId,
            new String[] {"careloop/v1/devices/+/commands"},
            (topic, payload, receivedAt) -> Future.succeededFuture(),
            Clock.systemUTC(),
            meters);
    client.start().await();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> meters.counter("careloop.ingest.subscriptions.refused").count() >= 2);
      assertThat(client.isReady()).isFalse();
      assertThat(stack.consumer().connected())
          .as("the real consumer's subscription was granted")
          .isTrue();
    } finally {
      client.stop().await();
    }
  }

  @Test
  @DisplayName(
      "A connected brush whose credential was rotated elsewhere cannot publish with the old one, though its disconnect was missed")
  void rotatedElsewhereCannotPublish() throws Exception {
    var brush = registered();
    UUID owner = UUID.randomUUID();
    registry.pair(owner, brush.pairingCode()).await();
    TestBrush device = TestBrush.connect(stack.mqttUri(), brush.deviceId(), brush.credential());
    // another process's registry, whose change never reaches this broker (a lost event)
    DeviceRegistry elsewhere =
        stack.registry(Clock.systemUTC(), Duration.ofDays(1), Duration.ofSeconds(30));
    elsewhere.rotateCredential(brush.deviceId()).await();
    Thread.sleep(300);
    assertThat(device.isConnected()).as("no disconnect reached this broker").isTrue();

    registry.findFresh(brush.deviceId()).await(); // this instance's cache entry expires
    try {
      device.assertPublishRefused(
          device.sessionTopic(),
          TestBrush.payload(brush.deviceId(), 1, Instant.now().minusSeconds(60))
              .encode()
              .getBytes());
    } finally {
      device.close();
    }

    Thread.sleep(500);
    assertThat(
            stack
                .ingest()
                .sessions()
                .history(
                    owner,
                    Instant.now().minusSeconds(3600),
                    Instant.now().plusSeconds(60),
                    10,
                    null)
                .await()
                .sessions())
        .isEmpty();
    assertThatThrownBy(
            () -> TestBrush.connect(stack.mqttUri(), brush.deviceId(), brush.credential()))
        .isInstanceOf(MqttException.class);
  }

  @Test
  @DisplayName("A client id that is neither a brush nor an ingest instance is refused")
  void otherClientIdsAreRefused() {
    assertThatThrownBy(() -> TestBrush.connect(stack.mqttUri(), "sensor-1", "x"))
        .isInstanceOfSatisfying(
            MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(133));
    assertThatThrownBy(() -> TestBrush.connect(stack.mqttUri(), "ingest-evil", "guess"))
        .isInstanceOfSatisfying(
            MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(134));
  }
}
