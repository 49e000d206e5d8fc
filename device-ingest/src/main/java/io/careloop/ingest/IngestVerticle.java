package io.careloop.ingest;

import io.careloop.ingest.broker.BrokerInsight;
import io.careloop.ingest.mqtt.BacklogWatch;
import io.careloop.ingest.mqtt.MqttIngestClient;
import io.careloop.ingest.mqtt.StallDetector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes sessions and status messages from the broker's shared subscription and hands them on, over
 * {@code connections} connections in the shared group (see {@link IngestConfig}).
 */
public final class IngestVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(IngestVerticle.class);
  static final Duration STALL_AFTER = Duration.ofSeconds(15);
  static final Duration WATCH_EVERY = Duration.ofSeconds(5);

  /** Sessions waiting in the broker this long with nothing moving make ingest not ready. */
  static final Duration BACKLOG_QUIET_FOR = Duration.ofSeconds(10);

  static final Duration BACKLOG_LOOK_EVERY = Duration.ofSeconds(2);

  private final IngestConfig config;
  private final IngestRouter router;
  private final Clock clock;
  private final MeterRegistry meters;
  private final List<MqttIngestClient> clients = new ArrayList<>();
  private final BrokerInsight broker;
  private final AtomicLong backlog = new AtomicLong();
  private volatile long waitingUndelivered;
  private Gauge backlogGauge;

  /**
   * @param clock gives each message its arrival time
   * @param broker the broker, when it runs in this process and can tell what it holds for ingest;
   *     it lets the verticle notice a stalled delivery and sessions waiting undelivered
   */
  public IngestVerticle(
      IngestConfig config,
      IngestRouter router,
      Clock clock,
      MeterRegistry meters,
      BrokerInsight broker) {
    this.config = config;
    this.router = router;
    this.clock = clock;
    this.meters = meters;
    this.broker = broker;
  }

  @Override
  public Future<?> start() {
    String[] topics = {IngestRouter.SESSIONS_TOPIC, IngestRouter.STATUS_TOPIC};
    for (String clientId : config.connectionClientIds()) {
      clients.add(
          new MqttIngestClient(
              vertx, context, config.mqtt(), clientId, topics, router, clock, meters));
    }
    Future<?> started = Future.all(clients.stream().map(MqttIngestClient::start).toList());
    if (broker != null) {
      watchForStalls();
      watchBacklog();
    }
    return started;
  }

  private void watchForStalls() {
    StallDetector detector = new StallDetector(STALL_AFTER);
    Counter reconnects =
        Counter.builder("careloop.ingest.stall.reconnects")
            .description("Reconnects after the broker held messages without delivering them")
            .register(meters);
    vertx.setPeriodic(
        WATCH_EVERY.toMillis(),
        id -> {
          long now = System.nanoTime();
          // Holding unacknowledged messages (storage down, say), ingest is rightly sent nothing
          // more:
          // that counts as activity, not as a stall.
          long activity =
              inFlight() > 0
                  ? now
                  : clients.stream().mapToLong(MqttIngestClient::lastMessageNanos).max().orElse(0);
          if (connected() && detector.stalled(activity, broker.receivedPublishes(), now)) {
            log.warn(
                "The broker received messages but delivered none to ingest for {} s; reconnecting (sessions kept)",
                STALL_AFTER.toSeconds());
            reconnects.increment();
            clients.forEach(MqttIngestClient::reconnect);
          }
        });
  }

  /**
   * Samples what the embedded broker holds for the ingest group (a look costs a queue read, off the
   * loop).
   */
  private void watchBacklog() {
    backlogGauge =
        Gauge.builder("careloop.ingest.broker.backlog", backlog, AtomicLong::get)
            .tag("client", config.clientId())
            .description(
                "Messages the embedded broker holds for the ingest group, not acknowledged yet")
            .register(meters);
    BacklogWatch watch = new BacklogWatch(BACKLOG_QUIET_FOR);
    vertx.setPeriodic(
        BACKLOG_LOOK_EVERY.toMillis(),
        id ->
            vertx
                .executeBlocking(broker::ingestBacklog, false)
                .onSuccess(
                    size ->
                        lookedAtBacklog(
                            size, watch.waiting(size, broker.sentPublishes(), System.nanoTime())))
                .onFailure(
                    err ->
                        log.warn(
                            "Could not read the embedded broker's backlog: {}", err.toString())));
  }

  private void lookedAtBacklog(long size, long waiting) {
    backlog.set(size);
    if (waiting > 0 && waitingUndelivered == 0) {
      log.warn("{}; ingest is not ready until they move", backlogReason(waiting));
    } else if (waiting == 0 && waitingUndelivered > 0) {
      log.info("Messages waiting in the embedded broker for ingest are moving again");
    }
    waitingUndelivered = waiting;
  }

  private static String backlogReason(long waiting) {
    return waiting
        + " messages wait in the embedded broker for ingest, and for "
        + BACKLOG_QUIET_FOR.toSeconds()
        + " s none was delivered or acknowledged";
  }

  @Override
  public Future<?> stop() {
    if (backlogGauge != null) {
      meters.remove(backlogGauge); // a consumer started again in this process registers its own
    }
    return Future.join(clients.stream().map(MqttIngestClient::stop).toList());
  }

  /**
   * Leaves the shared group for good, after acknowledging what was taken (see {@link
   * MqttIngestClient#leave}); the verticle is then undeployed.
   */
  public Future<Void> leave() {
    return Future.join(
            clients.stream().map(c -> c.leave(java.time.Duration.ofSeconds(30))).toList())
        .compose(v -> vertx.undeploy(deploymentID()));
  }

  /** Whether every connection is up and subscribed. */
  public boolean connected() {
    return !clients.isEmpty() && clients.stream().allMatch(MqttIngestClient::isReady);
  }

  /**
   * Readiness: every connection up, subscribed and keeping its session to itself (no other instance
   * with the same client id), and, when the broker runs in this process, no messages waiting in it
   * while nothing moves. Failed with the reason otherwise.
   */
  public Future<Void> ready() {
    return notReadyBecause()
        .<Future<Void>>map(Future::failedFuture)
        .orElseGet(Future::succeededFuture);
  }

  /** Why this consumer is not ready, if it is not (see {@link #ready()}). */
  public Optional<String> notReadyBecause() {
    if (clients.isEmpty()) {
      return Optional.of("the ingest consumer has not started");
    }
    Optional<String> connection =
        clients.stream()
            .map(MqttIngestClient::notReadyBecause)
            .flatMap(Optional::stream)
            .findFirst();
    long waiting = waitingUndelivered;
    return connection.isPresent() || waiting == 0
        ? connection
        : Optional.of(backlogReason(waiting));
  }

  /**
   * Messages received and not acknowledged yet, over all connections (each bounded by the receive
   * maximum).
   */
  public int inFlight() {
    return clients.stream().mapToInt(MqttIngestClient::inFlight).sum();
  }

  /**
   * For tests: end this instance as a crash would, without DISCONNECT and without acknowledging.
   */
  public Future<Void> crash() {
    return Future.join(clients.stream().map(MqttIngestClient::crash).toList()).mapEmpty();
  }
}
