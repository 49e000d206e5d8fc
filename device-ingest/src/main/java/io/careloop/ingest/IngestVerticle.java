package io.careloop.ingest;

import io.careloop.ingest.mqtt.MqttIngestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Takes sessions and status messages from the broker's shared subscription and hands them on. */
public final class IngestVerticle extends VerticleBase {

  private final IngestConfig config;
  private final IngestRouter router;
  private final MeterRegistry meters;
  private MqttIngestClient client;

  public IngestVerticle(IngestConfig config, IngestRouter router, MeterRegistry meters) {
    this.config = config;
    this.router = router;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    client = new MqttIngestClient(vertx, context, config,
        new String[] {IngestRouter.SESSIONS_TOPIC, IngestRouter.STATUS_TOPIC}, router, meters);
    return client.start();
  }

  @Override
  public Future<?> stop() {
    return client.stop();
  }

  public boolean connected() {
    return client != null && client.isConnected();
  }

  /** Messages received and not acknowledged yet (bounded by the receive maximum). */
  public int inFlight() {
    return client == null ? 0 : client.inFlight();
  }

  /** For tests: end this instance as a crash would, without DISCONNECT and without acknowledging. */
  public Future<Void> crash() {
    return client.crash();
  }
}
