package io.careloop.ingest;

import io.careloop.ingest.mqtt.MqttIngestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes sessions and status messages from the broker's shared subscription and hands them on,
 * over {@code connections} connections in the shared group (see {@link IngestConfig}).
 */
public final class IngestVerticle extends VerticleBase {

  private final IngestConfig config;
  private final IngestRouter router;
  private final MeterRegistry meters;
  private final List<MqttIngestClient> clients = new ArrayList<>();

  public IngestVerticle(IngestConfig config, IngestRouter router, MeterRegistry meters) {
    this.config = config;
    this.router = router;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    String[] topics = {IngestRouter.SESSIONS_TOPIC, IngestRouter.STATUS_TOPIC};
    for (String clientId : config.connectionClientIds()) {
      clients.add(new MqttIngestClient(vertx, context, config, clientId, topics, router, meters));
    }
    return Future.all(clients.stream().map(MqttIngestClient::start).toList());
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

  /** Whether every connection is up (readiness). */
  public boolean connected() {
    return !clients.isEmpty() && clients.stream().allMatch(MqttIngestClient::isConnected);
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
