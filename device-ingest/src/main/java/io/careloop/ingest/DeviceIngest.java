package io.careloop.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.ingest.broker.DeviceCredentialCheck;
import io.careloop.ingest.broker.EmbeddedBroker;
import io.careloop.ingest.http.DeviceApi;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.session.BrushingSessionRepository;
import io.careloop.ingest.session.DeadLetterRepository;
import io.careloop.ingest.session.SessionPayloadParser;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.http.HttpApi;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

/**
 * The device-ingest module, assembled: its schema, registry, session store, HTTP operations, the
 * ingest consumer and (by default) the embedded broker. The gateway's launcher and
 * {@link DeviceIngestMain} both build it from here.
 */
public final class DeviceIngest {

  public static final String MODULE = "device-ingest";

  private final Vertx vertx;
  private final IngestConfig config;
  private final MeterRegistry meters;
  private final DeviceRegistry registry;
  private final BrushingSessionRepository sessions;
  private final DeadLetterRepository deadLetters;
  private final SessionIngestor ingestor;
  private final DeviceApi api;

  private DeviceIngest(Vertx vertx, IngestConfig config, MeterRegistry meters, DeviceRegistry registry,
                       BrushingSessionRepository sessions, DeadLetterRepository deadLetters, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.meters = meters;
    this.registry = registry;
    this.sessions = sessions;
    this.deadLetters = deadLetters;
    this.ingestor = new SessionIngestor(new SessionPayloadParser(), registry, sessions, deadLetters,
        vertx.eventBus(), clock, meters);
    this.api = new DeviceApi(registry, sessions, vertx.eventBus(), clock);
    vertx.eventBus().<JsonObject>consumer(Addresses.DAILY_BRUSHING, msg -> {
      JsonObject q = msg.body();
      api.daily(UUID.fromString(q.getString("patientId")), ZoneId.of(q.getString("timeZone")),
              LocalDate.parse(q.getString("from")), LocalDate.parse(q.getString("to")))
          .onSuccess(msg::reply)
          .onFailure(err -> msg.fail(400, err.getMessage()));
    });
  }

  /** Applies the module's schema and builds its parts (statements are prepared on a worker). */
  public static Future<DeviceIngest> create(Vertx vertx, CqlSession session, IngestConfig config,
                                            MeterRegistry meters, Clock clock) {
    return new SchemaMigrator(session).migrate(vertx, MODULE)
        .compose(applied -> vertx.executeBlocking(() -> new DeviceIngest(vertx, config, meters,
            new DeviceRegistry(session, clock, config.pairingCodeTtl(), config.registryCacheTtl()),
            new BrushingSessionRepository(session, config.sessionRetention()),
            new DeadLetterRepository(session, config.deadLetterRetention()),
            clock)));
  }

  public DeviceRegistry registry() {
    return registry;
  }

  public BrushingSessionRepository sessions() {
    return sessions;
  }

  /** The messages refused on a UTC day, newest first. */
  public Future<java.util.List<DeadLetterRepository.DeadLetter>> deadLettersOf(LocalDate day) {
    return deadLetters.ofDay(day);
  }

  public SessionIngestor ingestor() {
    return ingestor;
  }

  public HttpApi api() {
    return api;
  }

  public DeviceCredentialCheck credentialCheck() {
    return (deviceId, credential) -> registry.verifyCredential(deviceId, credential).toCompletionStage();
  }

  /** Starts the embedded broker (blocking); revoked or rotated brushes are disconnected from it. */
  public EmbeddedBroker startEmbeddedBroker(Path workDir) {
    EmbeddedBroker broker = EmbeddedBroker.start(
        new EmbeddedBroker.Settings(config.brokerHost(), config.brokerPort(), config.brokerDataDir(), workDir),
        credentialCheck(), config.backendSecret(), config.sharedGroup());
    registry.onRevoked(broker::disconnect);
    return broker;
  }

  /** Deploys the ingest consumer; the future holds the verticle so callers can watch or stop it. */
  public Future<IngestVerticle> startConsumer() {
    IngestVerticle verticle = new IngestVerticle(config, ingestor, meters);
    return vertx.deployVerticle(verticle).map(id -> verticle);
  }
}
