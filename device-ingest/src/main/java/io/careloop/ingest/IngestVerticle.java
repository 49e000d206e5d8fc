package io.careloop.ingest;

import io.careloop.ingest.mqtt.MqttIngestClient;
import io.careloop.ingest.mqtt.StallDetector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes sessions and status messages from the broker's shared subscription and hands them on,
 * over {@code connections} connections in the shared group (see {@link IngestConfig}).
 */
public final class IngestVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(IngestVerticle.class);
  static final Duration STALL_AFTER = Duration.ofSeconds(15);
  static final Duration WATCH_EVERY = Duration.ofSeconds(5);

  private final IngestConfig config;
  private final IngestRouter router;
  private final Clock clock;
  private final MeterRegistry meters;
  private final List<MqttIngestClient> clients = new ArrayList<>();
  private final LongSupplier brokerPublishes;

  /**
   * @param clock           gives each message its arrival time
   * @param brokerPublishes the broker's count of publishes it received, when the broker can say
   *                        (the embedded one can); it lets the verticle notice a stalled delivery
   */
  public IngestVerticle(IngestConfig config, IngestRouter router, Clock clock, MeterRegistry meters,
                        LongSupplier brokerPublishes) {
    this.config = config;
    this.router = router;
    this.clock = clock;
    this.meters = meters;
    this.brokerPublishes = brokerPublishes;
  }

  @Override
  public Future<?> start() {
    String[] topics = {IngestRouter.SESSIONS_TOPIC, IngestRouter.STATUS_TOPIC};
    for (String clientId : config.connectionClientIds()) {
      clients.add(new MqttIngestClient(vertx, context, config, clientId, topics, router, clock, meters));
    }
    Future<?> started = Future.all(clients.stream().map(MqttIngestClient::start).toList());
    if (brokerPublishes != null) {
      watchForStalls();
    }
    return started;
  }

  private void watchForStalls() {
    StallDetector detector = new StallDetector(STALL_AFTER);
    Counter reconnects = Counter.builder("careloop.ingest.stall.reconnects")
        .description("Reconnects after the broker held messages without delivering them").register(meters);
    vertx.setPeriodic(WATCH_EVERY.toMillis(), id -> {
      long now = System.nanoTime();
      // Holding unacknowledged messages (storage down, say), ingest is rightly sent nothing more:
      // that counts as activity, not as a stall.
      long activity = inFlight() > 0 ? now
          : clients.stream().mapToLong(MqttIngestClient::lastMessageNanos).max().orElse(0);
      if (connected() && detector.stalled(activity, brokerPublishes.getAsLong(), now)) {
        log.warn("The broker received messages but delivered none to ingest for {} s; reconnecting (sessions kept)",
            STALL_AFTER.toSeconds());
        reconnects.increment();
        clients.forEach(MqttIngestClient::reconnect);
      }
    });
  }

  @Override
  public Future<?> stop() {
    return Future.join(clients.stream().map(MqttIngestClient::stop).toList());
  }

  /**
   * Leaves the shared group for good, after acknowledging what was taken (see
   * {@link MqttIngestClient#leave}); the verticle is then undeployed.
   */
  public Future<Void> leave() {
    return Future.join(clients.stream().map(c -> c.leave(java.time.Duration.ofSeconds(30))).toList())
        .compose(v -> vertx.undeploy(deploymentID()));
  }

  /** Whether every connection is up and subscribed (readiness). */
  public boolean connected() {
    return !clients.isEmpty() && clients.stream().allMatch(MqttIngestClient::isReady);
  }

  /** Messages received and not acknowledged yet, over all connections (each bounded by the receive maximum). */
  public int inFlight() {
    return clients.stream().mapToInt(MqttIngestClient::inFlight).sum();
  }

  /** For tests: end this instance as a crash would, without DISCONNECT and without acknowledging. */
  public Future<Void> crash() {
    return Future.join(clients.stream().map(MqttIngestClient::crash).toList()).mapEmpty();
  }
}
