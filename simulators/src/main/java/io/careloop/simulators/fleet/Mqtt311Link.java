package io.careloop.simulators.fleet;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * MQTT 3.1.1 as older firmware speaks it (Vert.x's MQTT client: Paho's v5 client speaks only 5).
 */
final class Mqtt311Link implements Link {

  private final Vertx vertx;
  private final Link.Broker broker;
  private final String deviceId;
  private final String credential;
  private final Map<Integer, CompletableFuture<Void>> awaitingAck = new ConcurrentHashMap<>();
  private volatile MqttClient client;

  Mqtt311Link(Vertx vertx, Link.Broker broker, String deviceId, String credential) {
    this.vertx = vertx;
    this.broker = broker;
    this.deviceId = deviceId;
    this.credential = credential;
  }

  @Override
  public void connect() throws Exception {
    close();
    URI uri = URI.create(broker.uri());
    MqttClientOptions options =
        new MqttClientOptions()
            .setClientId(deviceId)
            .setUsername(broker.username() != null ? broker.username() : deviceId)
            .setPassword(broker.password() != null ? broker.password() : credential)
            .setCleanSession(true)
            .setKeepAliveInterval(60)
            .setWillFlag(true)
            .setWillQoS(1)
            .setWillRetain(true)
            .setWillTopic(Status.topic(deviceId))
            .setWillMessageBytes(Buffer.buffer(Status.offline(deviceId)));
    options.setConnectTimeout(5000);
    MqttClient c = MqttClient.create(vertx, options);
    c.publishCompletionHandler(
        id -> {
          CompletableFuture<Void> done = awaitingAck.remove(id);
          if (done != null) {
            done.complete(null);
          }
        });
    c.closeHandler(
        v ->
            awaitingAck
                .values()
                .forEach(f -> f.completeExceptionally(new IllegalStateException("closed"))));
    var ack =
        c.connect(uri.getPort() > 0 ? uri.getPort() : 1883, uri.getHost())
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    if (ack.code() != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
      throw new IllegalStateException("the broker refused " + deviceId + ": " + ack.code());
    }
    client = c;
  }

  @Override
  public boolean connected() {
    MqttClient c = client;
    return c != null && c.isConnected();
  }

  @Override
  public int publish(String topic, byte[] payload) throws Exception {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    MqttClient c = client;
    // registered on the event loop before it can read the PUBACK
    vertx.runOnContext(
        v ->
            c.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
                .onSuccess(id -> awaitingAck.put(id, acked))
                .onFailure(acked::completeExceptionally));
    acked.get(10, TimeUnit.SECONDS);
    return 0;
  }

  @Override
  public void close() {
    MqttClient c = client;
    client = null;
    if (c != null && c.isConnected()) {
      c.disconnect();
    }
  }
}
