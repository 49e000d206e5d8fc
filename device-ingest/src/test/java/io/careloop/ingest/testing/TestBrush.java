package io.careloop.ingest.testing;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A minimal brush for device-ingest's own tests: connects as the contract says and publishes at
 * QoS 1, returning once the broker's PUBACK arrived. (The full simulator, with backlogs and clock
 * quirks, is in the simulators module.)
 */
public final class TestBrush implements AutoCloseable {

  private final MqttClient client;
  private final String deviceId;

  private TestBrush(MqttClient client, String deviceId) {
    this.client = client;
    this.deviceId = deviceId;
  }

  /** Connects; throws the broker's refusal (its reason code) when CONNECT is refused. */
  public static TestBrush connect(String brokerUri, String deviceId, String credential) throws MqttException {
    MqttClient client = new MqttClient(brokerUri, deviceId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(deviceId);
    if (credential != null) {
      options.setPassword(credential.getBytes(StandardCharsets.UTF_8));
    }
    options.setCleanStart(true);
    options.setKeepAliveInterval(60);
    options.setConnectionTimeout(10);
    try {
      client.connect(options);
    } catch (MqttException e) {
      client.close();
      throw e;
    }
    return new TestBrush(client, deviceId);
  }

  public String deviceId() {
    return deviceId;
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  /** Publishes to this brush's session topic and waits for the PUBACK. */
  public void publishSession(String payload) throws MqttException {
    publish("careloop/v1/devices/" + deviceId + "/sessions", payload.getBytes(StandardCharsets.UTF_8));
  }

  public void publish(String topic, byte[] payload) throws MqttException {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    client.publish(topic, message);
  }

  /** A valid session payload of this brush, as the contract's example. */
  public JsonObject session(long sessionId, Instant startedAt) {
    return payload(deviceId, sessionId, startedAt);
  }

  public static JsonObject payload(String deviceId, long sessionId, Instant startedAt) {
    return new JsonObject()
        .put("schema", "careloop.brushing-session/1")
        .put("deviceId", deviceId)
        .put("sessionId", sessionId)
        .put("startedAt", startedAt.toString())
        .put("durationSec", 124)
        .put("mode", "daily_clean")
        .put("pressure", new JsonObject().put("highEvents", 2).put("highSec", 9))
        .put("zonesSec", new JsonObject().put("UL", 31).put("UR", 29).put("LL", 28).put("LR", 36))
        .put("coveragePct", 87)
        .put("plaqueIndex", 1.2)
        .put("batteryPct", 64)
        .put("firmware", "3.4.1")
        .put("backlog", false);
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
