package io.careloop.simulators.fleet;

import io.careloop.ingest.mqtt.PahoClose;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * MQTT 5 as current firmware speaks it: clean start, keep-alive 60 s, a retained offline status as
 * Last Will.
 */
final class PahoLink implements Link {

  private static final long PUBACK_TIMEOUT_MS = 10_000;

  private final Link.Broker broker;
  private final String deviceId;
  private final String credential;
  private MqttAsyncClient client;

  PahoLink(Link.Broker broker, String deviceId, String credential) {
    this.broker = broker;
    this.deviceId = deviceId;
    this.credential = credential;
  }

  @Override
  public void connect() throws Exception {
    close();
    client = new MqttAsyncClient(broker.uri(), deviceId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(broker.username() != null ? broker.username() : deviceId);
    options.setPassword(
        (broker.password() != null ? broker.password() : credential)
            .getBytes(StandardCharsets.UTF_8));
    options.setCleanStart(true);
    options.setKeepAliveInterval(60);
    options.setConnectionTimeout(5);
    MqttMessage will = new MqttMessage(Status.offline(deviceId).getBytes(StandardCharsets.UTF_8));
    will.setQos(1);
    will.setRetained(true);
    options.setWill(Status.topic(deviceId), will);
    client.connect(options).waitForCompletion(10_000);
  }

  @Override
  public boolean connected() {
    return client != null && client.isConnected();
  }

  @Override
  public int publish(String topic, byte[] payload) throws Exception {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    IMqttToken token = client.publish(topic, message);
    token.waitForCompletion(PUBACK_TIMEOUT_MS);
    int[] reasons = token.getReasonCodes();
    return reasons == null || reasons.length == 0 ? 0 : reasons[0];
  }

  @Override
  public void close() {
    if (client == null) {
      return;
    }
    try {
      PahoClose.disconnectAndClose(client, 500);
    } catch (Exception ignored) {
      // already closed
    }
    client = null;
  }
}
