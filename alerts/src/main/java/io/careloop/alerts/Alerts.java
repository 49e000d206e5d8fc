package io.careloop.alerts;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.alerts.alert.AlertMetrics;
import io.careloop.alerts.alert.AlertNotifier;
import io.careloop.alerts.alert.AlertRepository;
import io.careloop.alerts.alert.AlertService;
import io.careloop.alerts.alert.AlertsConfig;
import io.careloop.alerts.alert.SessionEvents;
import io.careloop.alerts.audit.NurseReads;
import io.careloop.alerts.bus.AlertEvents;
import io.careloop.alerts.bus.CareResponder;
import io.careloop.alerts.bus.PatientDirectory;
import io.careloop.alerts.http.NurseApi;
import io.careloop.alerts.plan.CarePlanRepository;
import io.careloop.alerts.plan.CarePlans;
import io.careloop.alerts.rights.AlertsPersonalData;
import io.careloop.alerts.rule.SessionFacts;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.cassandra.ShardLeases;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.privacy.PersonalDataResponder;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts module, assembled: care plans, rule evaluation on every stored session of a patient on
 * a plan (the fast path) and by a periodic sweep (windows, absences, escalation, and whatever an
 * event missed), the alert lifecycle (each step announced to the other modules), the nurse API, and
 * a patient's plan and alerts for the other modules.
 */
public final class Alerts {

  public static final String MODULE = "alerts";
  private static final Logger log = LoggerFactory.getLogger(Alerts.class);

  /** How long a stop waits for a sweep under way before giving the shards back anyway. */
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final AlertsConfig config;
  private final Clock clock;
  private final CarePlans plans;
  private final AlertService service;
  private final NurseReads reads;
  private final NurseApi api;
  private final SessionEvents sessionEvents;
  private final PersonalDataResponder dataRights;
  private long sweepTimer = -1;

  /** The timer's latest sweep: the next waits for it to finish, and so does a stop. */
  private volatile Future<?> lastSweep = Future.succeededFuture();

  private Alerts(
      Vertx vertx,
      AlertsConfig config,
      Clock clock,
      CarePlans plans,
      AlertRepository repository,
      NurseReads reads,
      ShardLeases.Holder leases) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.plans = plans;
    this.reads = reads;
    PatientDirectory directory = new PatientDirectory(vertx.eventBus());
    this.service =
        new AlertService(
            plans,
            repository,
            directory,
            new AlertNotifier(vertx.eventBus(), config.pushTtl()),
            new AlertEvents(vertx.eventBus()),
            leases,
            config,
            clock,
            vertx);
    new CareResponder(service::careOf).answerOn(vertx.eventBus());
    this.api = new NurseApi(service, plans, directory, reads, clock);
    this.sessionEvents = new SessionEvents(service);
    this.dataRights =
        PersonalDataResponder.answer(
            vertx.eventBus(), new AlertsPersonalData(MODULE, plans, service, reads));
  }

  /** Where this module answers for the personal data it holds. */
  public PersonalDataResponder dataRights() {
    return dataRights;
  }

  public static Future<Alerts> create(
      Vertx vertx, CqlSession session, AlertsConfig config, Clock clock) {
    return new SchemaMigrator(session)
        .migrate(vertx, MODULE)
        .compose(
            applied ->
                vertx.executeBlocking(
                    () ->
                        new Alerts(
                            vertx,
                            config,
                            clock,
                            new CarePlans(new CarePlanRepository(session), config.planCacheTtl()),
                            new AlertRepository(session),
                            new NurseReads(session),
                            new ShardLeases(session, "sweep_lease_by_shard", config.sweepLease())
                                .newHolder())));
  }

  /** Follows stored sessions. An event lost here only delays an alert to the next sweep. */
  public Future<Void> startConsumer(Vertx vertx) {
    return sessionEvents.listen(vertx.eventBus());
  }

  /**
   * Stops following sessions and sweeping (this instance only): lets a sweep under way finish the
   * patients it started (for {@link #STOP_WAIT} at most), then gives its shards back, so that
   * another instance sweeps them at once instead of when their leases lapse.
   */
  public Future<Void> stop() {
    service.stopSweeping();
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
      sweepTimer = -1;
    }
    Future<Void> unregistered = sessionEvents.stop();
    Future<?> sweepDone = lastSweep.timeout(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return Future.join(unregistered, sweepDone).transform(ar -> service.releaseShards());
  }

  /** Starts the periodic sweep on the application clock (unless the interval is zero). */
  public void startSweeper() {
    if (config.sweepInterval().isZero()) {
      return;
    }
    sweepTimer =
        vertx.setPeriodic(
            config.sweepInterval().toMillis(),
            id -> {
              if (!lastSweep.isComplete()) {
                return; // the last one is still running
              }
              lastSweep =
                  service
                      .sweep(clock.instant(), config.sweepInterval().dividedBy(2))
                      .onSuccess(r -> log.debug("Alert sweep: {}", r))
                      .onFailure(err -> log.warn("Alert sweep failed: {}", err.toString()));
            });
  }

  /**
   * Escalates what is due at {@code now} and judges the patients on a plan who are due then (the
   * timer calls it with the clock).
   */
  public Future<AlertService.SweepReport> sweep(java.time.Instant now) {
    return service.sweep(now);
  }

  /** Counts the alerts this process opens and escalates, by severity, into {@code meters}. */
  public void reportTo(MeterRegistry meters) {
    AlertMetrics.register(meters, service);
  }

  public AlertService service() {
    return service;
  }

  public CarePlans plans() {
    return plans;
  }

  public NurseReads reads() {
    return reads;
  }

  public HttpApi api() {
    return api;
  }

  /** The latest stored session this instance was told about for the patient (bounded memory). */
  public Optional<SessionFacts> lastSessionSeen(UUID patientId) {
    return sessionEvents.lastSessionSeen(patientId);
  }

  public long sessionEvents() {
    return sessionEvents.heard();
  }
}
