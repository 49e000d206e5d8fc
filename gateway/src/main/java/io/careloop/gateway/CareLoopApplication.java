package io.careloop.gateway;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.alerts.Alerts;
import io.careloop.alerts.alert.AlertsConfig;
import io.careloop.crm.Crm;
import io.careloop.crm.CrmConfig;
import io.careloop.ingest.DeviceIngest;
import io.careloop.ingest.IngestConfig;
import io.careloop.ingest.IngestVerticle;
import io.careloop.ingest.broker.EmbeddedBroker;
import io.careloop.notifications.Notifications;
import io.careloop.notifications.push.PushConfig;
import io.careloop.patient.PatientApi;
import io.careloop.patient.PatientApiConfig;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.auth.TokenVerifier;
import io.careloop.platform.cassandra.CassandraConfig;
import io.careloop.platform.cassandra.CassandraConnector;
import io.careloop.platform.cassandra.Cql;
import io.careloop.platform.cluster.ClusterConfig;
import io.careloop.platform.cluster.Nodes;
import io.careloop.platform.config.Env;
import io.careloop.platform.http.Operations;
import io.careloop.platform.management.ManagementServer;
import io.careloop.platform.management.ReadinessCheck;
import io.careloop.platform.metrics.Metrics;
import io.careloop.platform.tracing.Tracing;
import io.careloop.reminders.Reminders;
import io.careloop.reminders.schedule.ReminderConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All of CareLoop in one process: every module against one Cassandra session, the embedded broker
 * (unless an external one is configured), the ingest and alerts consumers, and the HTTP gateway.
 * The launcher runs it; end-to-end tests start it the same way.
 */
public final class CareLoopApplication implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CareLoopApplication.class);

  /** Everything the process is configured with. */
  public record Settings(
      CassandraConfig cassandra,
      IngestConfig ingest,
      PatientApiConfig patients,
      PushConfig push,
      ReminderConfig reminders,
      GatewayConfig gateway,
      SigningKeys keys,
      Path workDir,
      Clock clock,
      AlertsConfig alerts,
      ClusterConfig cluster,
      CrmConfig crm,
      Tracing tracing) {

    /**
     * With the alerts and CRM defaults, the reminder scheduler's timer off (tests run it), alone
     * (no clustered event bus), without traces.
     */
    public Settings(
        CassandraConfig cassandra,
        IngestConfig ingest,
        PatientApiConfig patients,
        PushConfig push,
        GatewayConfig gateway,
        SigningKeys keys,
        Path workDir,
        Clock clock) {
      this(
          cassandra,
          ingest,
          patients,
          push,
          ReminderConfig.defaults().off(),
          gateway,
          keys,
          workDir,
          clock,
          AlertsConfig.defaults(),
          ClusterConfig.none(),
          CrmConfig.defaults(),
          Tracing.off());
    }

    /** The same, traced into {@code tracing}. */
    public Settings withTracing(Tracing tracing) {
      return new Settings(
          cassandra, ingest, patients, push, reminders, gateway, keys, workDir, clock, alerts,
          cluster, crm, tracing);
    }

    public static Settings fromEnv(Env env, Path workDir) {
      return new Settings(
          CassandraConfig.fromEnv(env),
          IngestConfig.fromEnv(env, workDir),
          PatientApiConfig.fromEnv(env),
          PushConfig.fromEnv(env),
          ReminderConfig.fromEnv(env),
          GatewayConfig.fromEnv(env),
          SigningKeys.load(
              Path.of(env.string("CARELOOP_JWT_KEYS_DIR", workDir.resolve("keys").toString())),
              true),
          workDir,
          Clock.systemUTC(),
          AlertsConfig.fromEnv(env),
          ClusterConfig.fromEnv(env),
          CrmConfig.fromEnv(env),
          Tracing.fromEnv(env, "careloop-gateway"));
    }
  }

  private final Vertx vertx;
  private final CqlSession session;
  private final EmbeddedBroker broker;
  private final DeviceIngest ingest;
  private final PatientApi patients;
  private final Notifications notifications;
  private final Reminders reminders;
  private final Alerts alerts;
  private final Crm crm;
  private final IngestVerticle ingestConsumer;
  private final Settings settings;
  private final int managementPort;

  private CareLoopApplication(
      Settings settings,
      Vertx vertx,
      CqlSession session,
      EmbeddedBroker broker,
      DeviceIngest ingest,
      PatientApi patients,
      Notifications notifications,
      Reminders reminders,
      Alerts alerts,
      Crm crm,
      IngestVerticle ingestConsumer,
      int managementPort) {
    this.settings = settings;
    this.vertx = vertx;
    this.session = session;
    this.broker = broker;
    this.ingest = ingest;
    this.patients = patients;
    this.notifications = notifications;
    this.reminders = reminders;
    this.alerts = alerts;
    this.crm = crm;
    this.ingestConsumer = ingestConsumer;
    this.managementPort = managementPort;
  }

  /** Blocking: starts everything and returns when the HTTP API answers. */
  public static CareLoopApplication start(Settings settings) {
    PrometheusMeterRegistry meters = Metrics.newRegistry();
    Vertx vertx =
        Nodes.start(meters, new VertxOptions(), settings.cluster(), settings.tracing()).await();
    CqlSession session = null;
    EmbeddedBroker broker = null;
    try {
      session = CassandraConnector.connect(settings.cassandra(), settings.tracing());
      DeviceIngest ingest =
          DeviceIngest.create(vertx, session, settings.ingest(), meters, settings.clock()).await();
      PatientApi patients =
          PatientApi.create(vertx, session, settings.patients(), settings.keys(), settings.clock())
              .await();
      patients.ensureFirstAdmin(settings.patients()).await();
      Crm crm =
          Crm.create(
                  vertx,
                  session,
                  settings.crm(),
                  new Crm.Neighbours(
                      meters,
                      serviceId ->
                          patients
                              .catalog()
                              .service(serviceId)
                              .map(found -> found.map(ClinicalService::name))),
                  settings.clock())
              .await();
      Notifications notifications =
          Notifications.create(vertx, session, settings.push(), settings.clock())
              .compose(Notifications::start)
              .await();
      Reminders reminders =
          Reminders.create(vertx, session, settings.reminders(), patients, settings.clock())
              .await();
      Alerts alerts = Alerts.create(vertx, session, settings.alerts(), settings.clock()).await();
      reminders.reportTo(meters);
      notifications.reportTo(meters);
      alerts.reportTo(meters);
      if (settings.ingest().embeddedBroker()) {
        broker = ingest.startEmbeddedBroker(settings.workDir().resolve("broker"));
      }
      IngestVerticle consumer = ingest.startConsumer().await();
      alerts.startConsumer(vertx).await();
      alerts.startSweeper();
      crm.startListening().await();
      crm.startSweeper();

      Operations operations = new Operations();
      ingest.api().addTo(operations);
      patients.apis().forEach(api -> api.addTo(operations));
      crm.apis().forEach(api -> api.addTo(operations));
      notifications.api().addTo(operations);
      reminders.api().addTo(operations);
      alerts.api().addTo(operations);
      Cql cql = new Cql(session);
      List<ReadinessCheck> readiness =
          List.of(
              new ReadinessCheck("cassandra", cql::ping),
              ReadinessCheck.informational("broker", consumer::ready));
      TokenVerifier verifier =
          new TokenVerifier(settings.keys(), settings.clock(), patients.revocations());
      GatewayConfig gateway = settings.gateway();
      vertx
          .deployVerticle(
              () -> new GatewayVerticle(gateway, operations, verifier),
              new DeploymentOptions().setInstances(gateway.instances()))
          .await();
      HttpServer management =
          ManagementServer.start(vertx, gateway.management(), readiness, meters).await();
      log.info(
          "CareLoop API listening on http://{}:{}, health and metrics on http://{}:{}",
          gateway.host(),
          gateway.port(),
          gateway.management().host(),
          management.actualPort());
      return new CareLoopApplication(
          settings,
          vertx,
          session,
          broker,
          ingest,
          patients,
          notifications,
          reminders,
          alerts,
          crm,
          consumer,
          management.actualPort());
    } catch (RuntimeException | Error e) { // e.g. a class missing from lib/: stop what started
      vertx.close().await();
      if (broker != null) {
        broker.close();
      }
      if (session != null) {
        session.close();
      }
      throw e;
    }
  }

  public String apiBaseUrl() {
    return "http://" + settings.gateway().host() + ":" + settings.gateway().port();
  }

  /** Where {@code /health/*} and {@code /metrics} answer. */
  public String managementBaseUrl() {
    return "http://" + settings.gateway().management().host() + ":" + managementPort;
  }

  public Vertx vertx() {
    return vertx;
  }

  public DeviceIngest ingest() {
    return ingest;
  }

  public PatientApi patients() {
    return patients;
  }

  public Notifications notifications() {
    return notifications;
  }

  public Reminders reminders() {
    return reminders;
  }

  public Alerts alerts() {
    return alerts;
  }

  public Crm crm() {
    return crm;
  }

  public IngestVerticle ingestConsumer() {
    return ingestConsumer;
  }

  /**
   * Stops the alerts and CRM sweeps (their shards given back), then HTTP and consumers (in-flight
   * messages stay unacknowledged; the reminder sweeps give their shards back as they are
   * undeployed), then the broker and the session, and sends the last spans.
   */
  @Override
  public void close() {
    alerts.stop().await();
    crm.stop().await();
    vertx.close().await();
    if (broker != null) {
      broker.close();
    }
    session.close();
    settings.tracing().close();
  }
}
