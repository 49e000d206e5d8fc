package io.careloop.ingest.testing;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A brush on older firmware: MQTT 3.1.1 (the device contract says both 3.1.1 and 5 must work),
 * played by the Vert.x MQTT client since Paho's client here speaks only MQTT 5.
 */
public final class Mqtt311Brush implements AutoCloseable {

  private static final long TIMEOUT_SECONDS = 15;

  private final MqttClient client;
  private volatile CompletableFuture<Integer> pendingAck = new CompletableFuture<>();

  private Mqtt311Brush(MqttClient client) {
    this.client = client;
    client.publishCompletionHandler(packetId -> pendingAck.complete(packetId));
  }

  /**
   * Connects with a clean session; throws (an ExecutionException caused by the refusal) when the
   * broker refuses.
   */
  public static Mqtt311Brush connect(String brokerUri, String deviceId, String credential)
      throws Exception {
    URI uri = URI.create(brokerUri);
    MqttClient client =
        MqttClient.create(
            IngestStack.get().vertx(),
            new MqttClientOptions()
                .setClientId(deviceId)
                .setUsername(deviceId)
                .setPassword(credential)
                .setCleanSession(true)
                .setKeepAliveInterval(60));
    client
        .connect(uri.getPort(), uri.getHost())
        .toCompletionStage()
        .toCompletableFuture()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return new Mqtt311Brush(client);
  }

  /**
   * Publishes at QoS 1 and waits for the broker's PUBACK, as firmware does before deleting a
   * session.
   */
  public void publishAcknowledged(String topic, String payload) throws Exception {
    pendingAck = new CompletableFuture<>();
    int packetId = send(topic, payload);
    int acknowledged = pendingAck.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (acknowledged != packetId) {
      throw new IllegalStateException(
          "PUBACK for packet " + acknowledged + ", expected " + packetId);
    }
  }

  /**
   * Publishes at QoS 1 without waiting for an acknowledgement (the broker may refuse it silently).
   */
  public void publishQuietly(String topic, String payload) throws Exception {
    send(topic, payload);
  }

  private int send(String topic, String payload) throws Exception {
    return client
        .publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
        .toCompletionStage()
        .toCompletableFuture()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (client.isConnected()) {
      client
          .disconnect()
          .toCompletionStage()
          .toCompletableFuture()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }
}
