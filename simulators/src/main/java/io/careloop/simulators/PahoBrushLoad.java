package io.careloop.simulators;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Benchmark brushes that are {@link SimulatedBrush}es (Paho MQTT 5), each published from a thread
 * of its own.
 */
final class PahoBrushLoad implements BrushLoad {

  private final String brokerUri;
  private final int window;
  private final Map<String, SimulatedBrush> brushes = new ConcurrentHashMap<>();

  /**
   * @param window the most unacknowledged publishes per brush
   */
  PahoBrushLoad(String brokerUri, int window) {
    this.brokerUri = brokerUri;
    this.window = window;
  }

  @Override
  public void connect(String deviceId, String credential) throws Exception {
    SimulatedBrush brush =
        new SimulatedBrush(brokerUri, deviceId, credential, Clock.systemUTC(), 0, false);
    brush.connect();
    brushes.put(deviceId, brush);
  }

  @Override
  public void publishAll(
      Map<String, List<JsonObject>> sessionsByDevice, Map<String, Instant> published)
      throws InterruptedException {
    ExecutorService publishers = Executors.newFixedThreadPool(sessionsByDevice.size());
    CountDownLatch done = new CountDownLatch(sessionsByDevice.size());
    AtomicReference<Exception> failure = new AtomicReference<>();
    sessionsByDevice.forEach(
        (deviceId, sessions) ->
            publishers.execute(
                () -> {
                  SimulatedBrush brush = brushes.get(deviceId);
                  try {
                    ArrayDeque<IMqttToken> pending = new ArrayDeque<>();
                    for (JsonObject session : sessions) {
                      if (pending.size() == window) {
                        pending.removeFirst().waitForCompletion(60_000);
                      }
                      published.put(
                          BrushLoad.key(deviceId, session.getLong("sessionId")), Instant.now());
                      pending.addLast(brush.sendAsync(session));
                    }
                    for (IMqttToken token : pending) {
                      token.waitForCompletion(60_000);
                    }
                  } catch (Exception e) {
                    failure.compareAndSet(null, e);
                  } finally {
                    done.countDown();
                  }
                }));
    done.await();
    publishers.shutdown();
    if (failure.get() != null) {
      throw new IllegalStateException("A brush failed to publish", failure.get());
    }
  }

  @Override
  public void publishPaced(
      Map<String, List<JsonObject>> sessionsByDevice,
      Map<String, Instant> published,
      double perSecond) {
    throw new UnsupportedOperationException("--rate needs --client vertx");
  }

  @Override
  public void close() {
    for (SimulatedBrush brush : brushes.values()) {
      try {
        brush.close();
      } catch (MqttException e) {
        // closing anyway: the benchmark is over
      }
    }
  }
}
