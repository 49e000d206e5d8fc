package io.careloop.ingest;

import io.careloop.ingest.mqtt.MqttIngestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Takes brushing sessions from the broker's shared subscription and hands them to the ingestor. */
public final class IngestVerticle extends VerticleBase {

  public static final String SESSIONS_TOPIC = "careloop/v1/devices/+/sessions";

  private final IngestConfig config;
  private final SessionIngestor ingestor;
  private final MeterRegistry meters;
  private MqttIngestClient client;

  public IngestVerticle(IngestConfig config, SessionIngestor ingestor, MeterRegistry meters) {
    this.config = config;
    this.ingestor = ingestor;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    client = new MqttIngestClient(vertx, context, config, new String[] {SESSIONS_TOPIC}, ingestor::ingest, meters);
    return client.start();
  }

  @Override
  public Future<?> stop() {
    return client.stop();
  }

  public boolean connected() {
    return client != null && client.isConnected();
  }

  /** For tests: end this instance as a crash would, without DISCONNECT and without acknowledging. */
  public Future<Void> crash() {
    return client.crash();
  }
}
