package io.careloop.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.ingest.IngestConfig;
import io.careloop.platform.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The client's handling of a message once Paho hands it over (its callback called directly, as
 * Paho's thread does; connecting and acknowledging are covered with real brokers by IngestSuite).
 */
class MqttIngestClientTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "A message retried after a failed store is handled again with the time it arrived, not the retry's")
  void retryKeepsArrivalTime() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-12-04T07:30:00Z"));
    List<Instant> handledWith = new CopyOnWriteArrayList<>();
    Promise<Void> retried = Promise.promise();
    MessageHandler failOnce =
        (topic, payload, receivedAt) -> {
          handledWith.add(receivedAt);
          if (handledWith.size() == 1) {
            clock.advance(Duration.ofMinutes(20)); // the database stays away a while
            return Future.failedFuture("Cassandra unavailable");
          }
          retried.tryComplete();
          return Promise.promise().future(); // still storing: never acknowledged here
        };
    MqttIngestClient client =
        new MqttIngestClient(
            vertx,
            vertx.getOrCreateContext(),
            IngestConfig.local(1883, "ingest-retry-test").mqtt(),
            "ingest-retry-test",
            new String[] {"careloop/v1/devices/+/status"},
            failOnce,
            clock,
            new SimpleMeterRegistry());

    client.messageArrived(
        "careloop/v1/devices/TB-00A1B2C3/status",
        new MqttMessage("{}".getBytes(StandardCharsets.UTF_8)));
    retried.future().await(10, TimeUnit.SECONDS);

    assertThat(handledWith)
        .containsExactly(
            Instant.parse("2026-12-04T07:30:00Z"), Instant.parse("2026-12-04T07:30:00Z"));
    assertThat(client.inFlight()).isEqualTo(1);
  }

  @Test
  @DisplayName("A subscription counts as granted only when every filter got QoS 1 or 2")
  void grantsAtLeastOnce() {
    assertThat(MqttIngestClient.grantsAtLeastOnce(new int[] {1, 1}, 2)).isTrue();
    assertThat(MqttIngestClient.grantsAtLeastOnce(new int[] {1, 2}, 2)).isTrue();
    assertThat(MqttIngestClient.grantsAtLeastOnce(new int[] {1, 0x87}, 2))
        .as("not authorized")
        .isFalse();
    assertThat(MqttIngestClient.grantsAtLeastOnce(new int[] {0x9E, 0x9E}, 2))
        .as("no shared subscriptions")
        .isFalse();
    assertThat(MqttIngestClient.grantsAtLeastOnce(new int[] {0, 1}, 2))
        .as("QoS 0: the broker may drop")
        .isFalse();
    assertThat(MqttIngestClient.grantsAtLeastOnce(new int[] {1}, 2)).isFalse();
    assertThat(MqttIngestClient.grantsAtLeastOnce(null, 2)).isFalse();
  }

  @Test
  @DisplayName(
      "A session taken over is a DISCONNECT 142, or a close without a reason (Mosquitto before 2.0.15)")
  void takeoverIsSaidOrSilent() {
    assertThat(
            MqttIngestClient.looksTakenOver(
                new MqttDisconnectResponse(
                    142,
                    "Another client connected with the" + " same client id.",
                    new ArrayList<>(),
                    null)))
        .isTrue();
    assertThat(
            MqttIngestClient.looksTakenOver(
                new MqttDisconnectResponse(
                    new MqttException(
                        MqttClientException.REASON_CODE_CONNECTION_LOST, new EOFException()))))
        .as("closed by the broker")
        .isTrue();

    assertThat(
            MqttIngestClient.looksTakenOver(
                new MqttDisconnectResponse(0x8B, "Server shutting down", new ArrayList<>(), null)))
        .isFalse();
    assertThat(
            MqttIngestClient.looksTakenOver(
                new MqttDisconnectResponse(
                    new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT))))
        .as("no answer to a ping")
        .isFalse();
    assertThat(
            MqttIngestClient.looksTakenOver(
                new MqttDisconnectResponse(
                    new MqttException(
                        MqttClientException.REASON_CODE_CONNECTION_LOST,
                        new java.net.SocketException("Connection reset")))))
        .as("reset on the way")
        .isFalse();
  }
}
