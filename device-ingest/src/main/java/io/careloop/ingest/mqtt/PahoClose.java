package io.careloop.ingest.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a Paho MQTT 5 client's connection without racing Paho's own disconnect thread.
 *
 * <p>Paho (1.2.5) disconnects on a thread of its own that first waits up to the quiesce time for
 * in-flight messages, then sends DISCONNECT and completes the caller's token. A caller that stops
 * waiting before the quiesce time is over and then closes the client frees the state that thread
 * still reads: it fails with an uncatchable NullPointerException at {@code ClientState.quiesce}
 * (seen in CI with Paho's default quiesce of 30 s and a wait of 5 s). So here the quiesce time is
 * short and the wait is longer, and a client whose disconnect has not completed is not closed or
 * reconnected: once the token is complete the thread is past the quiesce, and Paho defers a close
 * that arrives during its shutdown.
 */
public final class PahoClose {

  private static final Logger log = LoggerFactory.getLogger(PahoClose.class);

  /** Beyond the quiesce time: for DISCONNECT to be written and the socket closed. */
  private static final long SEND_AND_SHUT_MILLIS = 10_000;

  private PahoClose() {}

  /** Blocking: disconnects (in-flight messages given {@code quiesceMillis}) and then closes. */
  public static void disconnectAndClose(MqttAsyncClient client, long quiesceMillis)
      throws MqttException {
    disconnectAndClose(client, quiesceMillis, null);
  }

  /**
   * As {@link #disconnectAndClose(MqttAsyncClient, long)}, with the DISCONNECT's properties (a
   * session expiry of 0 ends the broker session); {@code properties} may be null.
   */
  public static void disconnectAndClose(
      MqttAsyncClient client, long quiesceMillis, MqttProperties properties) throws MqttException {
    if (disconnect(client, quiesceMillis, properties)) {
      client.close(true);
    }
  }

  /**
   * Blocking: an orderly disconnect. True once Paho has finished it (or there was no connection),
   * so that the client may be closed or connected again; false, logged, if it is still under way
   * after the quiesce time and ten seconds more (a socket stuck in a write).
   */
  public static boolean disconnect(
      MqttAsyncClient client, long quiesceMillis, MqttProperties properties) {
    if (!client.isConnected()) {
      return true;
    }
    IMqttToken disconnecting;
    try {
      disconnecting =
          properties == null
              ? client.disconnect(quiesceMillis)
              : client.disconnect(quiesceMillis, null, null, 0, properties);
    } catch (MqttException e) {
      return true; // refused at once (the connection ended meanwhile): no thread was started
    }
    try {
      disconnecting.waitForCompletion(quiesceMillis + SEND_AND_SHUT_MILLIS);
    } catch (MqttException e) {
      // completed with an error (the broker closed first), or the wait ran out: see below
    }
    if (!disconnecting.isComplete()) {
      log.warn(
          "MQTT client {} is still disconnecting after {} ms; not closing it under Paho",
          client.getClientId(),
          quiesceMillis + SEND_AND_SHUT_MILLIS);
    }
    return disconnecting.isComplete();
  }
}
