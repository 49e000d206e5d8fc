package io.careloop.ingest.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.ingest.DeadLetters;
import io.careloop.ingest.DeviceIngest;
import io.careloop.ingest.IngestConfig;
import io.careloop.ingest.IngestVerticle;
import io.careloop.ingest.SessionIngestor;
import io.careloop.ingest.broker.EmbeddedBroker;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.registry.DeviceRepository;
import io.careloop.ingest.session.BrushingSessionRepository;
import io.careloop.ingest.session.DeadLetterRepository;
import io.careloop.ingest.session.SessionPayloadParser;
import io.careloop.platform.metrics.Metrics;
import io.careloop.platform.testing.FreePorts;
import io.careloop.platform.testing.TestCassandra;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * device-ingest as it runs in production, once per test JVM: the real Cassandra of the tests, the
 * embedded broker on a free port (in-memory) with an ingest consumer, and on demand Mosquitto 2
 * with a second consumer. Everything stops when the JVM exits. Tests keep apart by using their own
 * brushes and patients.
 */
public final class IngestStack {

  private static IngestStack instance;

  private final Vertx vertx;
  private final PrometheusMeterRegistry meters;
  private final CqlSession session;
  private final DeviceIngest ingest;
  private final EmbeddedBroker broker;
  private final IngestConfig config;
  private final TestBroker embedded;
  private TestBroker mosquitto;

  private IngestStack() throws Exception {
    session = TestCassandra.session(DeviceIngest.MODULE);
    meters = Metrics.newRegistry();
    vertx = Metrics.newVertx(meters, new VertxOptions());
    IngestConfig local = IngestConfig.local(FreePorts.next(), "ingest-embedded");
    config = local.forBroker(local.mqttUri(), local.clientId(), 32);
    ingest = DeviceIngest.create(vertx, session, config, meters, Clock.systemUTC()).await();
    broker = ingest.startEmbeddedBroker(Files.createTempDirectory("careloop-broker"));
    embedded =
        new ConsumerOf("embedded HiveMQ", config) {
          @Override
          public void admit(String deviceId, String credential) {
            // the embedded broker checks brushes against the registry itself
          }
        };
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

  /**
   * A session ingestor of its own on the stack's tables, as another instance (or the same instance
   * at another time) would run it: with {@code registry} and the receive times {@code clock} gives.
   */
  public SessionIngestor ingestor(DeviceRegistry registry, Clock clock) {
    return ingestor(registry, clock, ingest.sessions());
  }

  /**
   * The same with a session repository of its own (its own batches and reads), as another process
   * has.
   */
  public SessionIngestor ingestor(
      DeviceRegistry registry, Clock clock, BrushingSessionRepository sessions) {
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    return new SessionIngestor(
        new SessionPayloadParser(),
        registry,
        sessions,
        deadLetters(own),
        vertx.eventBus(),
        clock,
        own);
  }

  /**
   * A device registry of its own on the stack's tables, as another instance would run it, made on a
   * worker since it prepares its statements.
   */
  public DeviceRegistry registry(Clock clock, Duration pairingCodeTtl, Duration cacheTtl) {
    return vertx
        .executeBlocking(
            () ->
                new DeviceRegistry(new DeviceRepository(session), clock, pairingCodeTtl, cacheTtl))
        .await();
  }

  /** Dead letters into the stack's table, counted in {@code meters}. */
  public DeadLetters deadLetters(MeterRegistry meters) {
    DeadLetterRepository repository =
        vertx.executeBlocking(() -> new DeadLetterRepository(session, Duration.ZERO)).await();
    return new DeadLetters(repository, meters);
  }

  public String mqttUri() {
    return embedded.uri();
  }

  public IngestVerticle consumer() {
    return embedded.consumer();
  }

  public TestBroker embeddedBroker() {
    return embedded;
  }

  /** Mosquitto 2 with its own ingest consumer, started on first use. */
  public synchronized TestBroker mosquittoBroker() {
    if (mosquitto == null) {
      IngestConfig consumer =
          config.forBroker("tcp://127.0.0.1:" + FreePorts.next(), "ingest-mosquitto", 32);
      List<String> users = new java.util.ArrayList<>(consumer.connectionClientIds());
      users.addAll(consumer.withClientId(consumer.clientId() + "-b").connectionClientIds());
      MosquittoBroker process =
          MosquittoBroker.start(
              Integer.parseInt(consumer.mqttUri().replaceAll(".*:", "")),
              users,
              consumer.backendSecret());
      Runtime.getRuntime().addShutdownHook(new Thread(process::close, "mosquitto-shutdown"));
      mosquitto =
          new ConsumerOf("Mosquitto 2", consumer) {
            @Override
            public void admit(String deviceId, String credential) {
              process.addUser(deviceId, credential);
            }

            @Override
            public boolean queuesForAbsentMembers() {
              return true;
            }
          };
    }
    return mosquitto;
  }

  private void stop() {
    vertx.close().await();
    broker.close();
  }

  /** A broker and the ingest consumer connected to it. */
  private abstract class ConsumerOf implements TestBroker {
    private final String name;
    private final IngestConfig consumerConfig;
    private IngestVerticle consumer;

    ConsumerOf(String name, IngestConfig consumerConfig) {
      this.name = name;
      this.consumerConfig = consumerConfig;
      this.consumer = ingest.startConsumer(consumerConfig).await();
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String uri() {
      return consumerConfig.mqttUri();
    }

    @Override
    public synchronized IngestVerticle consumer() {
      return consumer;
    }

    @Override
    public synchronized IngestVerticle restartConsumer() {
      vertx.undeploy(consumer.deploymentID()).otherwiseEmpty().await();
      consumer = ingest.startConsumer(consumerConfig).await();
      return consumer;
    }

    @Override
    public IngestVerticle startSecondConsumer() {
      return ingest.startConsumer(consumerConfig.withClientId(secondConsumerClientId())).await();
    }

    @Override
    public String secondConsumerClientId() {
      return consumerConfig.clientId() + "-b";
    }

    @Override
    public int maxInFlight() {
      return consumerConfig.receiveMaximum() * consumerConfig.connections();
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
