package io.careloop.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.ingest.broker.BrokerInsight;
import io.careloop.ingest.broker.DeviceCredentialCheck;
import io.careloop.ingest.broker.EmbeddedBroker;
import io.careloop.ingest.bus.IngestAnswers;
import io.careloop.ingest.http.DeviceApi;
import io.careloop.ingest.registry.DeviceAuditRepository;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.registry.DeviceRepository;
import io.careloop.ingest.rights.IngestPersonalData;
import io.careloop.ingest.session.BrushingSessionRepository;
import io.careloop.ingest.session.DeadLetterRepository;
import io.careloop.ingest.session.SessionPayloadParser;
import io.careloop.ingest.status.DeviceStatusRepository;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.privacy.PersonalDataResponder;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device-ingest module, assembled: its schema, registry, session store, HTTP operations, the
 * ingest consumer and (by default) the embedded broker. The gateway's launcher and {@link
 * DeviceIngestMain} both build it from here.
 */
public final class DeviceIngest {

  public static final String MODULE = "device-ingest";
  private static final Logger log = LoggerFactory.getLogger(DeviceIngest.class);

  private final Vertx vertx;
  private final IngestConfig config;
  private final MeterRegistry meters;
  private final DeviceRegistry registry;
  private final DeviceAuditRepository audit;
  private final BrushingSessionRepository sessions;
  private final DeadLetterRepository deadLetters;
  private final DeviceStatusRepository statuses;
  private final SessionIngestor ingestor;
  private final IngestRouter router;
  private final DeviceApi api;
  private final Clock clock;
  private final PersonalDataResponder dataRights;

  /** The broker this process runs, if it runs one: it can tell ingest what it holds. */
  private BrokerInsight embeddedBroker;

  private DeviceIngest(
      Vertx vertx,
      IngestConfig config,
      MeterRegistry meters,
      DeviceRegistry registry,
      DeviceAuditRepository audit,
      BrushingSessionRepository sessions,
      DeadLetterRepository deadLetters,
      DeviceStatusRepository statuses,
      Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.meters = meters;
    this.registry = registry;
    this.audit = audit;
    this.sessions = sessions;
    this.deadLetters = deadLetters;
    this.statuses = statuses;
    this.clock = clock;
    registry.followChanges(vertx.eventBus());
    DeadLetters refusals = new DeadLetters(deadLetters, meters);
    this.ingestor =
        new SessionIngestor(
            new SessionPayloadParser(config.backlogWindow()),
            registry,
            sessions,
            refusals,
            vertx.eventBus(),
            clock,
            meters);
    this.router =
        new IngestRouter(
            ingestor, new StatusIngestor(registry, statuses, refusals, clock), refusals, clock);
    this.api = new DeviceApi(registry, audit, sessions, statuses, vertx.eventBus(), clock);
    new IngestAnswers(api, registry, sessions).answerOn(vertx.eventBus());
    this.dataRights =
        PersonalDataResponder.answer(
            vertx.eventBus(),
            new IngestPersonalData(
                MODULE,
                registry,
                sessions,
                config.sessionRetention(),
                config.backlogWindow(),
                clock));
  }

  /** Where this module answers for the personal data it holds. */
  public PersonalDataResponder dataRights() {
    return dataRights;
  }

  /** Applies the module's schema and builds its parts (statements are prepared on a worker). */
  public static Future<DeviceIngest> create(
      Vertx vertx, CqlSession session, IngestConfig config, MeterRegistry meters, Clock clock) {
    return new SchemaMigrator(session)
        .migrate(vertx, MODULE)
        .compose(
            applied ->
                vertx.executeBlocking(
                    () ->
                        new DeviceIngest(
                            vertx,
                            config,
                            meters,
                            new DeviceRegistry(
                                new DeviceRepository(session),
                                clock,
                                config.pairingCodeTtl(),
                                config.registryCacheTtl()),
                            new DeviceAuditRepository(session),
                            new BrushingSessionRepository(session, config.sessionRetention()),
                            new DeadLetterRepository(session, config.deadLetterRetention()),
                            new DeviceStatusRepository(session),
                            clock)));
  }

  public DeviceRegistry registry() {
    return registry;
  }

  /** Who changed which brush's registration or credential. */
  public DeviceAuditRepository audit() {
    return audit;
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

  /** Every message the ingest consumer takes goes through here. */
  public IngestRouter router() {
    return router;
  }

  public DeviceStatusRepository statuses() {
    return statuses;
  }

  /** The daily view of a patient, as the app shows it (also answered on the event bus). */
  public Future<JsonObject> dailyBrushing(
      UUID patientId, ZoneId zone, LocalDate from, LocalDate to) {
    return api.daily(patientId, zone, from, to);
  }

  public HttpApi api() {
    return api;
  }

  public DeviceCredentialCheck credentialCheck() {
    return new DeviceCredentialCheck() {
      @Override
      public CompletionStage<Boolean> verify(String deviceId, String credential) {
        return registry.verifyCredential(deviceId, credential).toCompletionStage();
      }

      @Override
      public CompletableFuture<Boolean> stillValid(String deviceId, String credentialHash) {
        return registry.credentialStands(deviceId, credentialHash);
      }
    };
  }

  /** Starts the embedded broker (blocking); revoked or rotated brushes are disconnected from it. */
  public EmbeddedBroker startEmbeddedBroker(Path workDir) {
    EmbeddedBroker broker =
        EmbeddedBroker.start(
            new EmbeddedBroker.Settings(
                config.brokerHost(),
                config.brokerPort(),
                config.brokerDataDir(),
                workDir,
                config.brokerMaxQueue(),
                config.receiveMaximum()),
            credentialCheck(),
            config.backendSecret(),
            config.sharedGroup());
    registry.onRevoked(broker::disconnect);
    embeddedBroker = broker;
    return broker;
  }

  /** Deploys the ingest consumer; the future holds the verticle so callers can watch or stop it. */
  public Future<IngestVerticle> startConsumer() {
    return startConsumer(config);
  }

  /** Deploys an ingest consumer with its own configuration (another broker, another client id). */
  public Future<IngestVerticle> startConsumer(IngestConfig consumerConfig) {
    // Stall and backlog watches need the broker's own counts: only for consumers of the embedded
    // broker.
    boolean embedded = embeddedBroker != null && consumerConfig.mqttUri().equals(config.mqttUri());
    IngestVerticle verticle =
        new IngestVerticle(consumerConfig, router, clock, meters, embedded ? embeddedBroker : null);
    return vertx.deployVerticle(verticle).map(id -> verticle);
  }
}
