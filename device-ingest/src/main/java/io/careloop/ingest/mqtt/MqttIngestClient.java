package io.careloop.ingest.mqtt;

import io.careloop.platform.tracing.Traces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT mechanics of ingestion: a persistent session in a shared subscription, manual
 * acknowledgement, and retries. A message is acknowledged only when its handler's future has
 * succeeded, that is, once the message is durably stored or dead-lettered. When storage fails, the
 * message is retried with backoff and no acknowledgement; the broker sends at most {@code
 * receiveMaximum} unacknowledged messages, so a slow or absent database slows the intake instead of
 * filling the heap. After a lost connection, pending retries are dropped: the broker redelivers
 * those messages on the new connection.
 *
 * <p>Paho 1.2.5 never calls per-subscription listeners for {@code $share/} filters without a
 * subscription identifier, so messages are taken in the client-wide callback.
 */
public final class MqttIngestClient implements MqttCallback {

  private static final Logger log = LoggerFactory.getLogger(MqttIngestClient.class);
  private static final long MAX_RETRY_DELAY_MS = 15_000;

  /**
   * Messages handled per event-loop task, so that a full receive window does not hold the loop
   * long.
   */
  private static final int DRAIN_AT_MOST = 256;

  /** A leaving client takes what its session still holds until nothing has come for this long. */
  private static final Duration LEAVE_QUIET = Duration.ofSeconds(1);

  /**
   * This many takeovers of the session within {@link #CLASH_WITHIN} mean another instance has this
   * client id.
   */
  static final int CLASH_AFTER = 3;

  static final Duration CLASH_WITHIN = Duration.ofSeconds(60);
  public static final String CLIENT_ID_SETTING = "CARELOOP_INGEST_CLIENT_ID";

  private final Vertx vertx;
  private final Context context;
  private final MqttSettings config;
  private final String clientId;
  private final String[] topics;
  private final MessageHandler handler;
  private final Clock clock;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Queue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Counter retries;
  private final Counter subscriptionsRefused;
  private final Counter takeovers;
  private final TakeoverWatch takeoverWatch = new TakeoverWatch(CLASH_AFTER, CLASH_WITHIN);

  /**
   * Completed when the broker first answered the subscription (either way): start-up waits for it.
   */
  private final Promise<Void> firstSubscriptionAnswered = Promise.promise();

  private volatile MqttAsyncClient client;
  private volatile boolean subscribed;
  private volatile int epoch;
  private volatile boolean stopping;
  private volatile boolean leaving;
  private volatile boolean closed;
  private volatile long lastMessageNanos = System.nanoTime();

  /** Whether this process traces: checked once, so that messages pay nothing when it does not. */
  private final boolean traced;

  /**
   * @param topics the topic filters to take from the shared group, e.g.
   *     careloop/v1/devices/+/sessions
   * @param handler called on {@code context} for each message; its future decides the
   *     acknowledgement
   * @param clock gives each message its arrival time
   */
  public MqttIngestClient(
      Vertx vertx,
      Context context,
      MqttSettings config,
      String clientId,
      String[] topics,
      MessageHandler handler,
      Clock clock,
      MeterRegistry meters) {
    this.vertx = vertx;
    this.context = context;
    this.config = config;
    this.clientId = clientId;
    this.topics = topics.clone();
    this.handler = handler;
    this.traced = Traces.on(context);
    this.clock = clock;
    this.retries =
        Counter.builder("careloop.ingest.retries")
            .description("Messages whose storage failed and was retried without acknowledgement")
            .register(meters);
    this.subscriptionsRefused =
        Counter.builder("careloop.ingest.subscriptions.refused")
            .description("Shared subscriptions the broker refused (ingest then receives nothing)")
            .register(meters);
    this.takeovers =
        Counter.builder("careloop.ingest.session.takeovers")
            .tag("client", clientId)
            .description(
                "Times the broker gave this client's session to another connection with the same client id")
            .register(meters);
    Gauge.builder("careloop.ingest.in.flight", inFlight, AtomicInteger::get)
        .tag("client", clientId)
        .description("Messages received and not yet acknowledged")
        .register(meters);
  }

  /**
   * Connects and subscribes. When the broker is not reachable yet, or refuses the subscription,
   * start-up goes on and the client keeps trying in the background (readiness reports it as not
   * ready meanwhile).
   */
  public Future<Void> start() {
    return vertx
        .executeBlocking(
            () -> {
              MqttAsyncClient c =
                  new MqttAsyncClient(config.mqttUri(), clientId, new MemoryPersistence());
              c.setManualAcks(true);
              c.setCallback(this);
              client = c;
              return null;
            })
        .compose(
            v ->
                connect()
                    .map(true)
                    .recover(
                        err -> {
                          retryConnect(0, err);
                          return Future.succeededFuture(false);
                        }))
        .compose(
            connected ->
                connected
                    ? firstSubscriptionAnswered
                        .future()
                        .timeout(15, TimeUnit.SECONDS)
                        .otherwiseEmpty()
                    : Future.succeededFuture());
  }

  /**
   * Whether messages come: connected, and the broker granted the shared subscription (a broker that
   * refuses it, by its access rules say, acknowledges brushes' sessions to nobody).
   */
  public boolean isReady() {
    MqttAsyncClient c = client;
    return c != null && c.isConnected() && subscribed;
  }

  /** Why no session reaches ingest through this client (or reaches it only by turns), if so. */
  public Optional<String> notReadyBecause() {
    if (takeoverWatch.clashing(System.nanoTime())) {
      return Optional.of(clashMessage());
    }
    MqttAsyncClient c = client;
    if (c == null || !c.isConnected()) {
      return Optional.of(
          "ingest client " + clientId + " is not connected to the broker " + config.mqttUri());
    }
    return subscribed
        ? Optional.empty()
        : Optional.of(
            "the broker has not granted ingest client " + clientId + " its shared subscription");
  }

  private String clashMessage() {
    return "another instance connects with the same MQTT client id "
        + clientId
        + ": the broker ended this"
        + " connection "
        + takeoverWatch.recent(System.nanoTime())
        + " times in the last "
        + CLASH_WITHIN.toSeconds()
        + " s for the other one (DISCONNECT 142, or a close without a reason) and the two take turns; give every"
        + " ingest instance its own stable "
        + CLIENT_ID_SETTING;
  }

  public int inFlight() {
    return inFlight.get();
  }

  private Future<Void> connect() {
    return vertx.executeBlocking(
        () -> {
          client.connect(options()).waitForCompletion(15_000);
          return null;
        });
  }

  private void retryConnect(int attempt, Throwable cause) {
    if (stopping) {
      return;
    }
    long delay = backoff(attempt);
    log.warn(
        "Cannot connect to the MQTT broker {} as {} ({}); retrying in {} ms",
        config.mqttUri(),
        clientId,
        cause.getMessage(),
        delay);
    vertx.setTimer(delay, t -> connect().onFailure(err -> retryConnect(attempt + 1, err)));
  }

  private MqttConnectionOptions options() {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
    options.setReceiveMaximum(config.receiveMaximum());
    options.setUserName(clientId);
    options.setPassword(config.backendSecret().getBytes(StandardCharsets.UTF_8));
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 10);
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(10);
    if (config.mqttUri().startsWith("tcp://")) {
      options.setSocketFactory(BufferedSocketFactory.INSTANCE);
    }
    return options;
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    epoch++;
    inFlight.set(0);
    subscribed = false;
    if (leaving) {
      try {
        unsubscribe(); // reconnected while leaving: the session's messages come without a
        // subscription
      } catch (MqttException e) {
        log.warn(
            "Ingest client {} could not unsubscribe while leaving: {}", clientId, e.getMessage());
      }
      return;
    }
    log.info("Ingest client {} connected to {}{}", clientId, serverUri, reconnect ? " again" : "");
    // Subscribing again is harmless when the broker kept the session, and needed when it did not.
    subscribe(epoch, 0);
  }

  private void subscribe(int connection, int attempt) {
    MqttAsyncClient c = client;
    if (stopping || leaving || connection != epoch || c == null || !c.isConnected()) {
      return;
    }
    MqttSubscription[] subscriptions = new MqttSubscription[topics.length];
    for (int i = 0; i < topics.length; i++) {
      subscriptions[i] = new MqttSubscription(sharedFilter(i), 1);
    }
    try {
      c.subscribe(
          subscriptions,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              int[] granted = token.getReasonCodes();
              if (grantsAtLeastOnce(granted, topics.length)) {
                subscribed = true;
                firstSubscriptionAnswered.tryComplete();
              } else {
                refused(connection, attempt, "reason codes " + Arrays.toString(granted));
              }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
              refused(connection, attempt, String.valueOf(cause));
            }
          },
          new MqttProperties());
    } catch (MqttException e) {
      refused(connection, attempt, e.toString());
    }
  }

  /**
   * Whether a SUBACK granted every filter QoS 1 or 2: QoS 0 would let the broker drop what ingest
   * did not store.
   */
  static boolean grantsAtLeastOnce(int[] reasonCodes, int filters) {
    return reasonCodes != null
        && reasonCodes.length == filters
        && Arrays.stream(reasonCodes).allMatch(code -> code == 1 || code == 2);
  }

  private void refused(int connection, int attempt, String why) {
    MqttAsyncClient c = client;
    if (connection != epoch || c == null || !c.isConnected()) {
      return; // the connection went meanwhile: its successor subscribes when it is made
    }
    subscriptionsRefused.increment();
    firstSubscriptionAnswered.tryComplete();
    long delay = backoff(attempt);
    log.error(
        "The MQTT broker refused ingest client {} its subscription to {} ({}): no session reaches ingest"
            + " and it is not ready; check the broker's access rules for the ingest user. Asking again in {} ms",
        clientId,
        String.join(", ", topics),
        why,
        delay);
    vertx.setTimer(delay, t -> subscribe(connection, attempt + 1));
  }

  private String sharedFilter(int i) {
    return "$share/" + config.sharedGroup() + "/" + topics[i];
  }

  private IMqttToken unsubscribe() throws MqttException {
    String[] filters = new String[topics.length];
    for (int i = 0; i < topics.length; i++) {
      filters[i] = sharedFilter(i);
    }
    return client.unsubscribe(filters);
  }

  private record Arrival(String topic, MqttMessage message, Instant receivedAt, int epoch) {}

  /**
   * On Paho's thread: queues the message for the context. Messages that arrive together are handled
   * in one task (one wake-up of the event loop instead of one each), so their rows are also written
   * together.
   */
  @Override
  public void messageArrived(String topic, MqttMessage message) {
    lastMessageNanos = System.nanoTime();
    inFlight.incrementAndGet();
    arrivals.add(new Arrival(topic, message, clock.instant(), epoch));
    if (drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    drainScheduled.set(
        false); // before polling: what arrives after the last poll schedules the next drain
    Arrival a;
    for (int n = 0; n < DRAIN_AT_MOST && (a = arrivals.poll()) != null; n++) {
      process(a, 0);
    }
    if (!arrivals.isEmpty() && drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  private void process(Arrival a, int attempt) {
    Future<?> outcome = traced ? handleTraced(a) : handle(a);
    outcome.onComplete(
        ar -> {
          if (a.epoch() != epoch || stopping) {
            return; // the connection it came on is gone: the broker delivers it again
          }
          if (ar.succeeded()) {
            acknowledge(a.message());
            return;
          }
          retries.increment();
          long delay = backoff(attempt);
          if (attempt % 10 == 0) {
            log.warn(
                "Storing a message from {} failed ({}); retrying in {} ms without acknowledging it",
                a.topic(),
                ar.cause().toString(),
                delay);
          }
          vertx.setTimer(delay, t -> process(a, attempt + 1));
        });
  }

  private Future<?> handle(Arrival a) {
    try {
      return handler.handle(a.topic(), a.message().getPayload(), a.receivedAt());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * In a span of its own: the first of a trace (the firmware sends no trace context), or the child
   * of the W3C {@code traceparent} user property of the PUBLISH (a simulator or gateway may add
   * one).
   */
  private Future<?> handleTraced(Arrival a) {
    String[] levels = a.topic().split("/");
    if (levels.length == 5) {
      levels[3] = "{deviceId}";
    }
    Map<String, String> attributes =
        Map.of(
            "messaging.system",
            "mqtt",
            "messaging.destination.name",
            a.topic(),
            "messaging.operation.type",
            "process");
    List<Map.Entry<String, String>> userProperties =
        a.message().getProperties() == null
            ? List.of()
            : a.message().getProperties().getUserProperties().stream()
                .map(p -> Map.entry(p.getKey(), p.getValue()))
                .toList();
    return Traces.received(
        context,
        "process " + String.join("/", levels),
        attributes,
        userProperties,
        () -> handle(a));
  }

  private void acknowledge(MqttMessage message) {
    try {
      client.messageArrivedComplete(message.getId(), message.getQos());
      inFlight.decrementAndGet();
    } catch (MqttException e) {
      log.warn(
          "Acknowledging message {} failed ({}); the broker will deliver it again",
          message.getId(),
          e.getMessage());
    }
  }

  private static long backoff(int attempt) {
    long base = Math.min(MAX_RETRY_DELAY_MS, 200L << Math.min(attempt, 10));
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    epoch++;
    if (stopping) {
      return;
    }
    log.warn("Ingest client {} lost its connection: {}", clientId, response);
    if (looksTakenOver(response)) {
      takenOver();
    }
  }

  /**
   * Whether the broker ended the connection for another one with the same client id: it says so
   * (DISCONNECT 142), or, as Mosquitto before 2.0.15 does, it just closes the connection.
   */
  static boolean looksTakenOver(MqttDisconnectResponse response) {
    MqttException closed = response.getException();
    return response.getReturnCode() == MqttReturnCode.RETURN_CODE_SESSION_TAKEN_OVER
        || (closed != null
            && closed.getReasonCode() == MqttClientException.REASON_CODE_CONNECTION_LOST
            && closed.getCause() instanceof EOFException);
  }

  private void takenOver() {
    takeovers.increment();
    if (takeoverWatch.record(System.nanoTime())) {
      log.error("Not ready: {}", clashMessage());
    }
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    log.warn("MQTT error on the ingest client", exception);
  }

  @Override
  public void deliveryComplete(IMqttToken token) {
    // ingest does not publish
  }

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {
    // no enhanced authentication
  }

  /**
   * Disconnects, keeping the broker session: messages not acknowledged yet are delivered again
   * later.
   */
  public Future<Void> stop() {
    stopping = true;
    return vertx.executeBlocking(
        () -> {
          MqttAsyncClient c = client;
          if (c != null && !closed) {
            closed = true;
            disconnectAndClose(c);
          }
          return null;
        });
  }

  /**
   * Blocking; an automatic reconnect under way (Paho refuses to close meanwhile) is let finish,
   * then ended.
   */
  private static void disconnectAndClose(MqttAsyncClient c)
      throws MqttException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        PahoClose.disconnectAndClose(c, 5_000);
        return;
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS
            || attempt == 100) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** When this connection last got a message ({@link System#nanoTime()}). */
  public long lastMessageNanos() {
    return lastMessageNanos;
  }

  /**
   * Drops and re-opens the connection, keeping the broker session: what was not acknowledged is
   * delivered again. Used when the broker stops delivering (see {@link StallDetector}).
   */
  public Future<Void> reconnect() {
    return vertx.executeBlocking(
        () -> {
          MqttAsyncClient c = client;
          if (c != null && !closed && c.isConnected()) {
            if (!PahoClose.disconnect(c, 2_000, null)) {
              throw new IllegalStateException(
                  clientId + " is still disconnecting; not reconnecting");
            }
            c.connect(options()).waitForCompletion(15_000);
          }
          return null;
        });
  }

  /**
   * Leaves the shared group for good (an instance that is scaled away). It unsubscribes, so that
   * the group's other members get what is published from now on, and goes on storing and
   * acknowledging what the broker had already handed its session (Mosquitto queues a share of the
   * group's messages for each member) until nothing has been pending for a second. Only then does
   * it end its broker session. When {@code drainFor} runs out with messages still unacknowledged
   * (storage down, say), it disconnects keeping the session, so that the broker holds them for a
   * client with this id.
   */
  public Future<Void> leave(Duration drainFor) {
    leaving = true;
    return vertx.executeBlocking(
        () -> {
          MqttAsyncClient c = client;
          if (c == null || closed) {
            return null;
          }
          if (c.isConnected()) {
            unsubscribe().waitForCompletion(5_000);
          }
          long deadline = System.nanoTime() + drainFor.toNanos();
          while (System.nanoTime() < deadline
              && (inFlight.get() > 0
                  || System.nanoTime() - lastMessageNanos < LEAVE_QUIET.toNanos())) {
            Thread.sleep(50);
          }
          stopping = true;
          closed = true;
          int pending = inFlight.get();
          MqttProperties endSession = null;
          if (pending > 0 && c.isConnected()) {
            log.error(
                "Ingest client {} leaves with {} messages not stored; its broker session is kept so that they"
                    + " are not lost: start a client with this id to take them",
                clientId,
                pending);
          } else {
            endSession = new MqttProperties();
            endSession.setSessionExpiryInterval(0L);
          }
          PahoClose.disconnectAndClose(c, 5_000, endSession);
          return null;
        });
  }

  /** For tests: drop the TCP connection without DISCONNECT, as a crash would. */
  public Future<Void> crash() {
    stopping = true;
    return vertx.executeBlocking(
        () -> {
          closed = true;
          client.disconnectForcibly(0, 0, false);
          client.close(true);
          return null;
        });
  }
}
