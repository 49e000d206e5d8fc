package io.careloop.simulators;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttConnAckMessage;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark brushes on one Vert.x event loop (MQTT 3.1.1, QoS 1, clean session): a load generator
 * that costs the shared machine a fraction of what a thread-per-brush client does. Public for the
 * benchmarks of other modules, which publish on a schedule of their own with {@link #publishNow}.
 */
public final class VertxBrushLoad implements BrushLoad {

  private final Vertx vertx =
      Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
  private final String host;
  private final int port;
  private final int window;
  private final Map<String, MqttClient> clients = new ConcurrentHashMap<>();

  /**
   * @param window the most unacknowledged publishes per brush
   */
  public VertxBrushLoad(String brokerUri, int window) {
    URI uri = URI.create(brokerUri);
    this.host = uri.getHost();
    this.port = uri.getPort() > 0 ? uri.getPort() : 1883;
    this.window = window;
  }

  @Override
  public void connect(String deviceId, String credential) throws Exception {
    MqttClient client =
        MqttClient.create(
            vertx,
            new MqttClientOptions()
                .setClientId(deviceId)
                .setUsername(deviceId)
                .setPassword(credential)
                .setCleanSession(true)
                .setKeepAliveInterval(60)
                .setMaxInflightQueue(window));
    MqttConnAckMessage ack =
        client
            .connect(port, host)
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    if (ack.code() != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
      throw new IllegalStateException("The broker refused " + deviceId + ": " + ack.code());
    }
    clients.put(deviceId, client);
  }

  /**
   * Publishes one session of a connected brush at QoS 1 and returns at once: the publish happens on
   * the load's event loop, without waiting for the broker's acknowledgement. {@code failed} hears
   * of a publish the client refused (its window of unacknowledged publishes full, or disconnected).
   */
  public void publishNow(String deviceId, JsonObject session, Handler<Throwable> failed) {
    vertx.runOnContext(v -> send(deviceId, session).onFailure(failed));
  }

  /** Publishes one session of a connected brush at QoS 1; call it on the load's event loop. */
  private Future<Integer> send(String deviceId, JsonObject session) {
    return clients
        .get(deviceId)
        .publish(
            "careloop/v1/devices/" + deviceId + "/sessions",
            Buffer.buffer(session.encode()),
            MqttQoS.AT_LEAST_ONCE,
            false,
            false);
  }

  /** The CPU time used so far by the load's event loop, where all its brushes run. */
  public long eventLoopCpuNanos() throws Exception {
    CompletableFuture<Long> cpu = new CompletableFuture<>();
    vertx.runOnContext(
        v -> cpu.complete(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()));
    return cpu.get(10, TimeUnit.SECONDS);
  }

  @Override
  public void publishAll(
      Map<String, List<JsonObject>> sessionsByDevice, Map<String, Instant> published)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(sessionsByDevice.size());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    sessionsByDevice.forEach(
        (deviceId, sessions) ->
            vertx.runOnContext(
                v ->
                    new Stream(
                            clients.get(deviceId),
                            deviceId,
                            sessions,
                            window,
                            published,
                            done,
                            failure)
                        .fill()));
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("Brushes still publishing after 10 minutes");
    }
    if (failure.get() != null) {
      throw new IllegalStateException("A brush failed to publish", failure.get());
    }
  }

  @Override
  public void publishPaced(
      Map<String, List<JsonObject>> sessionsByDevice,
      Map<String, Instant> published,
      double perSecond)
      throws InterruptedException {
    List<String> devices = new ArrayList<>(sessionsByDevice.keySet());
    int total = sessionsByDevice.values().stream().mapToInt(List::size).sum();
    CountDownLatch acknowledged = new CountDownLatch(total);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long interval = (long) (1e9 / perSecond);
    vertx.runOnContext(
        v -> {
          for (String deviceId : devices) {
            MqttClient client = clients.get(deviceId);
            client.publishCompletionHandler(packetId -> acknowledged.countDown());
            client.publishCompletionExpirationHandler(
                packetId ->
                    failure.compareAndSet(
                        null, new IllegalStateException(deviceId + ": no PUBACK")));
          }
          long begin = System.nanoTime();
          Instant beginAt = Instant.now();
          int[] next = {0};
          vertx.setPeriodic(
              1,
              timer -> {
                long now = System.nanoTime();
                while (next[0] < total && begin + next[0] * interval <= now) {
                  int i = next[0]++;
                  String deviceId = devices.get(i % devices.size());
                  JsonObject session = sessionsByDevice.get(deviceId).get(i / devices.size());
                  published.put(
                      BrushLoad.key(deviceId, session.getLong("sessionId")),
                      beginAt.plusNanos(i * interval));
                  send(deviceId, session).onFailure(failure::set);
                }
                if (next[0] == total || failure.get() != null) {
                  vertx.cancelTimer(timer);
                }
              });
        });
    while (!acknowledged.await(100, TimeUnit.MILLISECONDS)) {
      if (failure.get() != null) {
        throw new IllegalStateException(
            "A brush failed to publish on schedule (a larger --window may help)", failure.get());
      }
    }
  }

  /**
   * One brush's sessions, sent in order on the event loop, {@code window} unacknowledged at most.
   */
  private static final class Stream {
    private final MqttClient client;
    private final String deviceId;
    private final String topic;
    private final List<JsonObject> sessions;
    private final int window;
    private final Map<String, Instant> published;
    private final CountDownLatch done;
    private final AtomicReference<Throwable> failure;
    private int next;
    private int unacknowledged;
    private boolean finished;

    Stream(
        MqttClient client,
        String deviceId,
        List<JsonObject> sessions,
        int window,
        Map<String, Instant> published,
        CountDownLatch done,
        AtomicReference<Throwable> failure) {
      this.client = client;
      this.deviceId = deviceId;
      this.topic = "careloop/v1/devices/" + deviceId + "/sessions";
      this.sessions = sessions;
      this.window = window;
      this.published = published;
      this.done = done;
      this.failure = failure;
      client.publishCompletionHandler(
          packetId -> {
            unacknowledged--;
            fill();
          });
      client.publishCompletionExpirationHandler(
          packetId ->
              fail(new IllegalStateException(deviceId + ": no PUBACK for packet " + packetId)));
    }

    void fill() {
      while (unacknowledged < window && next < sessions.size()) {
        JsonObject session = sessions.get(next++);
        published.put(BrushLoad.key(deviceId, session.getLong("sessionId")), Instant.now());
        unacknowledged++;
        client
            .publish(topic, Buffer.buffer(session.encode()), MqttQoS.AT_LEAST_ONCE, false, false)
            .onFailure(this::fail);
      }
      if (unacknowledged == 0 && next == sessions.size() && !finished) {
        finished = true;
        done.countDown();
      }
    }

    private void fail(Throwable cause) {
      if (failure.compareAndSet(null, cause)) {
        while (done.getCount() > 0) {
          done.countDown();
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      for (MqttClient client : clients.values()) {
        if (client.isConnected()) {
          client.disconnect().await(5, TimeUnit.SECONDS);
        }
      }
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // the benchmark is over; its JVM ends next
    }
  }
}
