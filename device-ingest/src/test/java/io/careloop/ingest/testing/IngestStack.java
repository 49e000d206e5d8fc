package io.careloop.ingest.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.ingest.DeviceIngest;
import io.careloop.ingest.IngestConfig;
import io.careloop.ingest.IngestVerticle;
import io.careloop.ingest.broker.EmbeddedBroker;
import io.careloop.platform.metrics.Metrics;
import io.careloop.platform.testing.FreePorts;
import io.careloop.platform.testing.TestCassandra;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * device-ingest as it runs in production, once per test JVM: the real Cassandra of the tests, the
 * embedded broker on a free port (in-memory), the module and its ingest consumer. Stopped when the
 * JVM exits. Tests keep apart by using their own brushes and patients.
 */
public final class IngestStack {

  private static IngestStack instance;

  private final Vertx vertx;
  private final PrometheusMeterRegistry meters;
  private final CqlSession session;
  private final DeviceIngest ingest;
  private final EmbeddedBroker broker;
  private final IngestConfig config;
  private IngestVerticle consumer;

  private IngestStack() throws Exception {
    session = TestCassandra.session(DeviceIngest.MODULE);
    meters = Metrics.newRegistry();
    vertx = Metrics.newVertx(meters, new VertxOptions());
    config = IngestConfig.local(FreePorts.next(), "ingest-test");
    ingest = DeviceIngest.create(vertx, session, config, meters, Clock.systemUTC()).await();
    Path brokerDir = Files.createTempDirectory("careloop-broker");
    broker = ingest.startEmbeddedBroker(brokerDir);
    consumer = ingest.startConsumer().await();
  }

  public static synchronized IngestStack get() {
    if (instance == null) {
      try {
        instance = new IngestStack();
      } catch (Exception e) {
        throw new IllegalStateException("Could not start the ingest test stack", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "ingest-stack-shutdown"));
    }
    return instance;
  }

  public Vertx vertx() {
    return vertx;
  }

  public PrometheusMeterRegistry meters() {
    return meters;
  }

  public CqlSession session() {
    return session;
  }

  public DeviceIngest ingest() {
    return ingest;
  }

  public IngestConfig config() {
    return config;
  }

  public int mqttPort() {
    return broker.port();
  }

  public String mqttUri() {
    return "tcp://127.0.0.1:" + broker.port();
  }

  public IngestVerticle consumer() {
    return consumer;
  }

  /** Replaces the consumer, e.g. after a test crashed it. */
  public synchronized IngestVerticle restartConsumer() {
    consumer = ingest.startConsumer().await();
    return consumer;
  }

  private void stop() {
    vertx.close().await();
    broker.close();
  }
}
