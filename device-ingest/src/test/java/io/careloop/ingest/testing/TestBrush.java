package io.careloop.ingest.testing;

import io.careloop.ingest.mqtt.PahoClose;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A minimal brush for device-ingest's own tests: connects as the contract says and publishes at QoS
 * 1. (The full simulator, with backlogs and clock quirks, is in the simulators module.)
 */
public final class TestBrush implements AutoCloseable {

  private final MqttAsyncClient client;
  private final String deviceId;

  private TestBrush(MqttAsyncClient client, String deviceId) {
    this.client = client;
    this.deviceId = deviceId;
  }

  /** Connects; throws the broker's refusal (its reason code) when CONNECT is refused. */
  public static TestBrush connect(String brokerUri, String deviceId, String credential)
      throws MqttException {
    return connect(brokerUri, deviceId, credential, null);
  }

  /** Connects with a retained QoS 1 Last Will on the brush's status topic, as the firmware does. */
  public static TestBrush connect(
      String brokerUri, String deviceId, String credential, JsonObject willStatus)
      throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient(brokerUri, deviceId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(deviceId);
    if (credential != null) {
      options.setPassword(credential.getBytes(StandardCharsets.UTF_8));
    }
    options.setCleanStart(true);
    options.setKeepAliveInterval(60);
    options.setConnectionTimeout(10);
    if (willStatus != null) {
      MqttMessage will = new MqttMessage(willStatus.encode().getBytes(StandardCharsets.UTF_8));
      will.setQos(1);
      will.setRetained(true);
      options.setWill("careloop/v1/devices/" + deviceId + "/status", will);
    }
    try {
      client.connect(options).waitForCompletion(15_000);
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

  public String sessionTopic() {
    return "careloop/v1/devices/" + deviceId + "/sessions";
  }

  /** Publishes to this brush's session topic and waits for the broker's PUBACK. */
  public void publishSession(String payload) throws MqttException {
    publish(sessionTopic(), payload.getBytes(StandardCharsets.UTF_8));
  }

  /** Publishes without waiting; the token completes with the broker's PUBACK. */
  public IMqttToken publishSessionAsync(String payload) throws MqttException {
    MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    message.setQos(1);
    return send(sessionTopic(), message);
  }

  /** Paho frees an in-flight slot a moment after the PUBACK: wait for one, as firmware does. */
  private IMqttToken send(String topic, MqttMessage message) throws MqttException {
    for (int attempt = 0; ; attempt++) {
      try {
        return client.publish(topic, message);
      } catch (MqttException e) {
        if (e.getReasonCode()
                != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT
            || attempt > 10_000) {
          throw e;
        }
        try {
          Thread.sleep(1);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * Publishes many sessions, at most {@code window} waiting for their PUBACK at a time (a broker
   * allows only so many in flight per client), and returns once every PUBACK has come.
   */
  public void publishSessions(java.util.List<JsonObject> sessions, int window)
      throws MqttException {
    java.util.ArrayDeque<IMqttToken> pending = new java.util.ArrayDeque<>();
    for (JsonObject session : sessions) {
      if (pending.size() == window) {
        pending.removeFirst().waitForCompletion(30_000);
      }
      pending.addLast(publishSessionAsync(session.encode()));
    }
    for (IMqttToken token : pending) {
      token.waitForCompletion(30_000);
    }
  }

  /**
   * Publishes and asserts the broker refused it: the publish fails (an error in the PUBACK, or a
   * limit the broker announced at CONNECT) or the broker closes the connection.
   */
  public void assertPublishRefused(String topic, byte[] payload) {
    try {
      publish(topic, payload);
    } catch (MqttException refused) {
      return;
    }
    Awaitility.await("the broker closes the connection of a refused publish")
        .atMost(Duration.ofSeconds(10))
        .until(() -> !isConnected());
  }

  public void publish(String topic, byte[] payload) throws MqttException {
    publish(topic, payload, false);
  }

  public void publish(String topic, byte[] payload, boolean retained) throws MqttException {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    message.setRetained(retained);
    IMqttToken token = send(topic, message);
    token.waitForCompletion(15_000);
    if (token.getReasonCodes() != null
        && token.getReasonCodes().length > 0
        && token.getReasonCodes()[0] >= 0x80) {
      throw new MqttException(token.getReasonCodes()[0]);
    }
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

  /**
   * Loses the connection without DISCONNECT, as a brush going out of range does: the broker sends
   * the will.
   */
  public void drop() throws MqttException {
    client.disconnectForcibly(0, 0, false);
    client.close(true);
  }

  @Override
  public void close() throws MqttException {
    PahoClose.disconnectAndClose(client, 5_000);
  }
}
