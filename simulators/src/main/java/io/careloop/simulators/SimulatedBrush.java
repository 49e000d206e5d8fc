package io.careloop.simulators;

import io.careloop.ingest.mqtt.PahoClose;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * A smart toothbrush as the firmware contract describes it (contracts/device-mqtt.md), quirks
 * included: MQTT 5 with its device id and credential, a retained Last Will saying it went offline,
 * sessions at QoS 1 with a per-device counter, up to 30 sessions kept while offline and uploaded
 * oldest first with {@code backlog: true}, deleted only after their PUBACK, and a clock that may be
 * off.
 */
public final class SimulatedBrush implements AutoCloseable {

  public static final int BACKLOG_CAPACITY = 30;
  private static final Duration PUBACK_TIMEOUT = Duration.ofSeconds(30);

  private final String brokerUri;
  private final String deviceId;
  private final String credential;
  private final String firmware;
  private final Clock deviceClock;
  private final SessionGenerator generator;
  private final Deque<JsonObject> backlog = new ArrayDeque<>();
  private MqttAsyncClient client;
  private long nextSessionId = 1;
  private int batteryPct = 100;

  /**
   * @param deviceClock the brush's own clock (offset it to simulate a wrong one)
   */
  public SimulatedBrush(
      String brokerUri,
      String deviceId,
      String credential,
      Clock deviceClock,
      long seed,
      boolean plaqueSensor) {
    this.brokerUri = brokerUri;
    this.deviceId = deviceId;
    this.credential = credential;
    this.firmware = "3.4.1";
    this.deviceClock = deviceClock;
    this.generator = new SessionGenerator(seed, plaqueSensor);
  }

  public String deviceId() {
    return deviceId;
  }

  public String sessionTopic() {
    return "careloop/v1/devices/" + deviceId + "/sessions";
  }

  public String statusTopic() {
    return "careloop/v1/devices/" + deviceId + "/status";
  }

  /** Connects, announces itself online, and uploads whatever it kept while offline. */
  public void connect() throws MqttException {
    client = new MqttAsyncClient(brokerUri, deviceId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(deviceId);
    options.setPassword(credential.getBytes(StandardCharsets.UTF_8));
    options.setCleanStart(true);
    options.setKeepAliveInterval(60);
    options.setConnectionTimeout(10);
    MqttMessage will = new MqttMessage(status(false).encode().getBytes(StandardCharsets.UTF_8));
    will.setQos(1);
    will.setRetained(true);
    options.setWill(statusTopic(), will);
    client.connect(options).waitForCompletion(PUBACK_TIMEOUT.toMillis());
    publish(statusTopic(), status(true), true);
    uploadBacklog();
  }

  public boolean isConnected() {
    return client != null && client.isConnected();
  }

  /** Brushes now: a new session with the next session id, started by the brush's clock. */
  public JsonObject brush() {
    return brushAt(deviceClock.instant().minusSeconds(150));
  }

  /**
   * A new session that began at {@code startedAt} by the brush's clock (which counts whole
   * seconds).
   */
  public JsonObject brushAt(Instant startedAt) {
    batteryPct = Math.max(5, batteryPct - 1);
    return generator.session(
        deviceId,
        nextSessionId++,
        startedAt.truncatedTo(ChronoUnit.SECONDS),
        batteryPct,
        firmware,
        false);
  }

  /** Sends a session; while offline (or when the PUBACK does not come) it keeps it for later. */
  public void send(JsonObject session) {
    if (!isConnected()) {
      keep(session);
      return;
    }
    try {
      publish(sessionTopic(), session, false);
    } catch (MqttException e) {
      keep(session);
    }
  }

  /** Publishes and waits for the PUBACK; throws when it does not come. */
  public void publish(String topic, JsonObject payload, boolean retained) throws MqttException {
    publish(topic, payload, retained, Map.of());
  }

  /**
   * The same with MQTT 5 user properties, which firmware does not send: a simulator or a gateway in
   * front of brushes may add a W3C {@code traceparent}, and ingest's span then continues that
   * trace.
   */
  public void publish(
      String topic, JsonObject payload, boolean retained, Map<String, String> userProperties)
      throws MqttException {
    MqttMessage message = new MqttMessage(payload.encode().getBytes(StandardCharsets.UTF_8));
    message.setQos(1);
    message.setRetained(retained);
    if (!userProperties.isEmpty()) {
      MqttProperties properties = new MqttProperties();
      properties.setUserProperties(
          userProperties.entrySet().stream()
              .map(e -> new UserProperty(e.getKey(), e.getValue()))
              .toList());
      message.setProperties(properties);
    }
    client.publish(topic, message).waitForCompletion(PUBACK_TIMEOUT.toMillis());
  }

  /**
   * Publishes a session without waiting; the token completes with the broker's PUBACK. When the
   * broker's receive maximum is reached (Paho frees the slot a moment after the PUBACK), it waits
   * for a free slot, as firmware does.
   */
  public IMqttToken sendAsync(JsonObject session) throws MqttException {
    MqttMessage message = new MqttMessage(session.encode().getBytes(StandardCharsets.UTF_8));
    message.setQos(1);
    for (int attempt = 0; ; attempt++) {
      try {
        return client.publish(sessionTopic(), message);
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || attempt > 10_000) {
          throw e;
        }
        Thread.onSpinWait();
        try {
          Thread.sleep(1);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** Uploads kept sessions oldest first; each is deleted only after its PUBACK. */
  public void uploadBacklog() throws MqttException {
    while (!backlog.isEmpty()) {
      publish(sessionTopic(), backlog.peekFirst().copy().put("backlog", true), false);
      backlog.removeFirst();
    }
  }

  public int backlogSize() {
    return backlog.size();
  }

  private void keep(JsonObject session) {
    if (backlog.size() == BACKLOG_CAPACITY) {
      backlog.removeFirst(); // the brush's memory is full: the oldest session is lost on the brush
    }
    backlog.addLast(session);
  }

  private JsonObject status(boolean online) {
    return new JsonObject()
        .put("schema", "careloop.device-status/1")
        .put("deviceId", deviceId)
        .put("at", deviceClock.instant().toString())
        .put("online", online)
        .put("batteryPct", batteryPct)
        .put("firmware", firmware)
        .put("headUsageSec", 120L * (nextSessionId - 1));
  }

  /**
   * Goes offline the way a brush does: the connection drops, the broker publishes the Last Will.
   */
  public void dropConnection() throws MqttException {
    if (client != null) {
      client.disconnectForcibly(0, 0, false);
      client.close(true);
      client = null;
    }
  }

  @Override
  public void close() throws MqttException {
    if (client != null) {
      PahoClose.disconnectAndClose(client, 5_000);
      client = null;
    }
  }
}
