package io.careloop.ingest.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.careloop.ingest.testing.MosquittoBroker;
import io.careloop.ingest.testing.TestBrush;
import io.careloop.platform.testing.FreePorts;
import io.careloop.simulators.CpuAccount;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * CPU time of ingest's subscriber alternatives taking sessions from Mosquitto (issue 30, goal 1):
 * what each MQTT client costs to receive a QoS 1 session, hand it to a Vert.x event loop (where
 * ingest stores it) and acknowledge it there, with nothing else in the process. Paho, as ingest
 * runs it (manual acknowledgement, receive maximum 4,096, ingest's buffered socket, arrivals
 * drained in one event-loop task) is the baseline; against it the HiveMQ MQTT Client (MQTT 5 on
 * Netty, manual acknowledgement, the same hand-over) and the Vert.x MQTT client (MQTT 3.1.1 only,
 * on the event loop itself: no hand-over). Not a test.
 *
 * <p>Each round, one brush publishes {@code messages} sessions while every client's persistent
 * session is offline, so Mosquitto queues them for each; then the clients connect one at a time and
 * take their queue. Only the taker runs then, so the JVM's CPU over the drain is the client's (with
 * the JIT and GC it causes), and Mosquitto's is what it costs to deliver to that protocol.
 *
 * <p>Command: {@code ./careloop bench MqttReceiveBenchmark [messages] [rounds] [broker in-flight]
 * [HiveMQ client's receive maximum]} (20,000, 5, 1,024, 4,096; Mosquitto queues at most 100,000 a
 * client). A client that takes nothing for 2 minutes is reported stalled and left out of the later
 * rounds: with a queue waiting, Mosquitto 2.0 sends a resuming MQTT 5 session more than its receive
 * maximum, which the HiveMQ client refuses, message by message, without acknowledging them.
 */
public final class MqttReceiveBenchmark {

  private static final String SECRET = "receive benchmark secret";
  private static final String BRUSH = "TB-0000BE4C";
  private static final String TOPIC = "careloop/v1/devices/" + BRUSH + "/sessions";
  private static final String FILTER = "careloop/v1/devices/+/sessions";
  private static final int RECEIVE_MAXIMUM = 4096;

  private MqttReceiveBenchmark() {}

  /** One client under test: connects its persistent session, and takes what is queued for it. */
  private interface Receiver {
    String name();

    /** Connects; every message is handed to the event loop, counted there and acknowledged. */
    void connect(Taker taker) throws Exception;

    void subscribe() throws Exception;

    void disconnect() throws Exception;
  }

  /** Counts on the event loop what a receiver takes, and completes when it has taken them all. */
  private static final class Taker {
    final int expected;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile long taken;
    long bytes;

    Taker(int expected) {
      this.expected = expected;
    }

    void take(int payloadBytes) {
      taken++;
      bytes += payloadBytes;
      if (taken == expected) {
        done.complete(null);
      }
    }
  }

  /**
   * Ingest's hand-over: arrivals queue on the client's thread and are drained in one event-loop
   * task (one wake-up for those that arrive together), then acknowledged there.
   */
  private static final class Handover<M> {
    private final Context context;
    private final Queue<M> arrivals = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<M> onLoop;

    Handover(Context context, Consumer<M> onLoop) {
      this.context = context;
      this.onLoop = onLoop;
    }

    void arrived(M message) {
      arrivals.add(message);
      if (scheduled.compareAndSet(false, true)) {
        context.runOnContext(v -> drain());
      }
    }

    private void drain() {
      scheduled.set(false);
      M m;
      for (int n = 0; n < 1024 && (m = arrivals.poll()) != null; n++) {
        onLoop.accept(m);
      }
      if (!arrivals.isEmpty() && scheduled.compareAndSet(false, true)) {
        context.runOnContext(v -> drain());
      }
    }
  }

  private static final class Paho implements Receiver, MqttCallback {
    private final String uri;
    private final Context context;
    private MqttAsyncClient client;
    private Handover<MqttMessage> handover;

    Paho(String uri, Context context) {
      this.uri = uri;
      this.context = context;
    }

    public String name() {
      return "Paho (ingest's)";
    }

    public void connect(Taker taker) throws Exception {
      client = new MqttAsyncClient(uri, "ingest-paho", new MemoryPersistence());
      client.setManualAcks(true);
      client.setCallback(this);
      handover =
          new Handover<>(
              context,
              m -> {
                taker.take(m.getPayload().length);
                try {
                  client.messageArrivedComplete(m.getId(), m.getQos());
                } catch (MqttException e) {
                  throw new IllegalStateException(e);
                }
              });
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(false);
      options.setSessionExpiryInterval(3600L);
      options.setReceiveMaximum(RECEIVE_MAXIMUM);
      options.setUserName("ingest-paho");
      options.setPassword(SECRET.getBytes(StandardCharsets.UTF_8));
      options.setSocketFactory(BufferedSocketFactory.INSTANCE);
      client.connect(options).waitForCompletion(10_000);
    }

    public void subscribe() throws Exception {
      client.subscribe(FILTER, 1).waitForCompletion(10_000);
    }

    public void disconnect() throws Exception {
      client.disconnect().waitForCompletion(10_000);
      client.close();
    }

    public void messageArrived(String topic, MqttMessage message) {
      handover.arrived(message);
    }

    public void disconnected(MqttDisconnectResponse response) {}

    public void mqttErrorOccurred(MqttException exception) {}

    public void deliveryComplete(IMqttToken token) {}

    public void connectComplete(boolean reconnect, String serverURI) {}

    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }

  private static final class HiveMq implements Receiver {
    private final int port;
    private final Context context;
    private final int receiveMaximum;
    private Mqtt5AsyncClient client;

    HiveMq(int port, Context context, int receiveMaximum) {
      this.port = port;
      this.context = context;
      this.receiveMaximum = receiveMaximum;
    }

    public String name() {
      return "HiveMQ MQTT Client 1.4 (receive maximum " + receiveMaximum + ")";
    }

    public void connect(Taker taker) throws Exception {
      client =
          Mqtt5Client.builder()
              .identifier("ingest-hivemq")
              .serverHost("127.0.0.1")
              .serverPort(port)
              .simpleAuth()
              .username("ingest-hivemq")
              .password(SECRET.getBytes(StandardCharsets.UTF_8))
              .applySimpleAuth()
              .buildAsync();
      Handover<Mqtt5Publish> handover =
          new Handover<>(
              context,
              p -> {
                taker.take(p.getPayloadAsBytes().length);
                p.acknowledge();
              });
      client.publishes(MqttGlobalPublishFilter.ALL, handover::arrived, true);
      client
          .connectWith()
          .cleanStart(false)
          .sessionExpiryInterval(3600)
          .restrictions()
          .receiveMaximum(receiveMaximum)
          .applyRestrictions()
          .send()
          .get(10, TimeUnit.SECONDS);
    }

    public void subscribe() throws Exception {
      client
          .subscribeWith()
          .topicFilter(FILTER)
          .qos(MqttQos.AT_LEAST_ONCE)
          .send()
          .get(10, TimeUnit.SECONDS);
    }

    public void disconnect() throws Exception {
      client.disconnect().get(10, TimeUnit.SECONDS);
    }
  }

  private static final class VertxMqtt implements Receiver {
    private final Vertx vertx;
    private final Context context;
    private final int port;
    private MqttClient client;

    VertxMqtt(Vertx vertx, Context context, int port) {
      this.vertx = vertx;
      this.context = context;
      this.port = port;
    }

    public String name() {
      return "Vert.x MQTT client (3.1.1)";
    }

    public void connect(Taker taker) throws Exception {
      MqttClientOptions options =
          new MqttClientOptions()
              .setClientId("ingest-vertx")
              .setCleanSession(false)
              .setUsername("ingest-vertx")
              .setPassword(SECRET);
      options.setAutoAck(false);
      CompletableFuture<Void> connected = new CompletableFuture<>();
      context.runOnContext(
          v -> {
            client = MqttClient.create(vertx, options);
            client.publishHandler(
                m -> {
                  taker.take(m.payload().length());
                  m.ack();
                });
            client
                .connect(port, "127.0.0.1")
                .onComplete(
                    ar -> {
                      if (ar.succeeded()) {
                        connected.complete(null);
                      } else {
                        connected.completeExceptionally(ar.cause());
                      }
                    });
          });
      connected.get(10, TimeUnit.SECONDS);
    }

    public void subscribe() throws Exception {
      client
          .subscribe(FILTER, 1)
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }

    public void disconnect() throws Exception {
      client.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) {
    int status = 0;
    try {
      run(args);
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status); // the clients' threads would keep a failed run alive
  }

  private static void run(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int brokerInflight = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
    int hiveMqReceiveMaximum = args.length > 3 ? Integer.parseInt(args[3]) : RECEIVE_MAXIMUM;
    if (!MosquittoBroker.installed()) {
      throw new IllegalStateException("mosquitto is not installed (apt-get install mosquitto)");
    }
    int port = FreePorts.next();
    List<String> users = List.of("ingest-paho", "ingest-hivemq", "ingest-vertx");
    // A 3.1.1 client has no receive maximum: the broker's window for it is this setting.
    try (MosquittoBroker broker =
        MosquittoBroker.start(
            port, users, SECRET, "max_inflight_messages " + brokerInflight + "\n")) {
      broker.addUser(BRUSH, SECRET);
      Vertx vertx = Vertx.vertx();
      Context context = vertx.getOrCreateContext();
      List<Receiver> receivers =
          new ArrayList<>(
              List.of(
                  new Paho(broker.uri(), context),
                  new HiveMq(port, context, hiveMqReceiveMaximum),
                  new VertxMqtt(vertx, context, port)));
      for (Receiver r : receivers) {
        r.connect(new Taker(Integer.MAX_VALUE));
        r.subscribe();
        r.disconnect();
      }
      long self = ProcessHandle.current().pid();
      long mosquitto =
          CpuAccount.findProcess("careloop-mosquitto")
              .orElseThrow(() -> new IllegalStateException("mosquitto's process not found"));
      CpuAccount cpu = new CpuAccount(Map.of("subscriber", self, "mosquitto", mosquitto));
      byte[][] payloads = payloads(messages);
      System.out.printf(
          "%d cores, %.1f GiB; Mosquitto 2 on 127.0.0.1, %d QoS 1 sessions of %d bytes a round,"
              + " %d rounds; each client takes its queue alone%n",
          Runtime.getRuntime().availableProcessors(),
          ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                  .getTotalMemorySize()
              / (double) (1L << 30),
          messages,
          payloads[0].length,
          rounds);
      System.out.println(
          "round | client | seconds | taken/s | subscriber CPU us/msg (of it JIT) | mosquitto us/msg");
      for (int round = 1; round <= rounds; round++) {
        long published = System.nanoTime();
        publish(broker.uri(), payloads);
        System.out.printf(
            "round %d: published in %.1f s%n", round, (System.nanoTime() - published) / 1e9);
        List<Receiver> stalledOnes = new ArrayList<>();
        for (Receiver r : receivers) {
          Taker taker = new Taker(messages);
          CpuAccount.Snapshot before = cpu.snapshot();
          long start = System.nanoTime();
          r.connect(taker);
          try {
            taker.done.get(2, TimeUnit.MINUTES);
          } catch (TimeoutException stalled) {
            System.out.printf(
                "%d | %s | stalled: %d of %d taken in 2 minutes; left out of the later rounds%n",
                round, r.name(), taker.taken, messages);
            stalledOnes.add(r);
            try {
              r.disconnect();
            } catch (Exception e) {
              System.out.println("  and its disconnect failed: " + e);
            }
            continue;
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          CpuAccount.Snapshot after = cpu.snapshot();
          Thread.sleep(500); // anything past the queue would be a message taken twice
          r.disconnect();
          System.out.printf(
              "%d | %s | %.2f | %,.0f | %.1f (%.1f) | %.1f%s%n",
              round,
              r.name(),
              seconds,
              messages / seconds,
              perMessage(before, after, "subscriber", messages),
              (after.jit().get("subscriber") - before.jit().get("subscriber")) * 1e6 / messages,
              perMessage(before, after, "mosquitto", messages),
              taker.taken == messages ? "" : " (taken " + taker.taken + ")");
        }
        receivers.removeAll(stalledOnes);
        receivers.add(receivers.remove(0)); // each client first in its turn
      }
      vertx.close().await();
    }
  }

  private static double perMessage(
      CpuAccount.Snapshot before, CpuAccount.Snapshot after, String process, int messages) {
    return (after.processes().get(process) - before.processes().get(process)) * 1e6 / messages;
  }

  private static byte[][] payloads(int messages) {
    Instant first = Instant.parse("2026-11-20T07:00:00Z");
    byte[][] payloads = new byte[messages][];
    for (int i = 0; i < messages; i++) {
      payloads[i] =
          TestBrush.payload(BRUSH, i + 1, first.plus(Duration.ofMinutes(i)))
              .encode()
              .getBytes(StandardCharsets.UTF_8);
    }
    return payloads;
  }

  /** The brush publishes every session, at most 500 unacknowledged. */
  private static void publish(String uri, byte[][] payloads) throws Exception {
    MqttAsyncClient brush = new MqttAsyncClient(uri, BRUSH, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(BRUSH);
    options.setPassword(SECRET.getBytes(StandardCharsets.UTF_8));
    options.setCleanStart(true);
    options.setReceiveMaximum(RECEIVE_MAXIMUM);
    brush.connect(options).waitForCompletion(10_000);
    List<IMqttToken> window = new ArrayList<>();
    for (byte[] payload : payloads) {
      MqttMessage m = new MqttMessage(payload);
      m.setQos(1);
      window.add(brush.publish(TOPIC, m));
      if (window.size() == 500) {
        for (IMqttToken t : window) {
          t.waitForCompletion(30_000);
        }
        window.clear();
      }
    }
    for (IMqttToken t : window) {
      t.waitForCompletion(30_000);
    }
    brush.disconnect().waitForCompletion(10_000);
    brush.close();
  }
}
