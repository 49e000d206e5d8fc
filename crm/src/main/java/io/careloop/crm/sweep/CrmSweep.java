package io.careloop.crm.sweep;

import io.careloop.alerts.bus.AlertState;
import io.careloop.crm.bus.Sources;
import io.careloop.crm.judgement.InFlight;
import io.careloop.crm.judgement.Judgements;
import io.careloop.crm.patient.AppProfile;
import io.careloop.crm.patient.PatientRepository.Listed;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.projection.OpenAlertRepository;
import io.careloop.crm.projection.Projections;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.platform.bus.StoredSession;
import io.careloop.platform.cassandra.ShardLeases;
import io.careloop.platform.vertx.Paced;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads again, for every patient the CRM knows, what the other modules would have told in events
 * (profile, appointments, recent brushing and its daily figures, the brush, alerts and care plan),
 * then judges the patient: a lost event only delays the record and the judgement, and rules or
 * models changed since reach everyone. Each fact is stored idempotently, so reading it again
 * changes nothing. Split between instances by shard leases. What stays as it was is not written
 * again: each patient's search entries (and an app account's profile and registration) are repaired
 * once a day ({@link DailyRepair}), or when they changed. The periodic sweep spreads its patients
 * over half its interval ({@link Paced}), so that it runs beside the live events instead of
 * crowding them every hour.
 */
public final class CrmSweep {

  private static final Logger log = LoggerFactory.getLogger(CrmSweep.class);

  /** How long a stop waits for a sweep under way before giving the shards back anyway. */
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /** The daily brushing read again: the four weeks the rules look at and the four before them. */
  static final int BRUSHING_DAYS = 56;

  /** What a sweep did. */
  public record Report(int patients, int shardsSkipped, int failures) {}

  /**
   * What the sweep is set to do.
   *
   * @param concurrency patients read and judged at once
   */
  public record Settings(Duration interval, int concurrency, Duration sessionLookback) {}

  private final Patients patients;
  private final Projections projections;
  private final OpenAlertRepository openAlerts;
  private final Sources sources;
  private final Judgements judgements;
  private final Supplier<Future<Void>> reloadModels;
  private final Function<UUID, Future<Void>> eraseLeftovers;
  private final ShardLeases.Holder leases;
  private final Settings settings;
  private final Clock clock;

  /** When this instance last swept each shard: which of its patients are due for repair. */
  private final Map<Integer, Instant> sweptAt = new ConcurrentHashMap<>();

  private long timer = -1;
  private volatile Future<?> last = Future.succeededFuture();
  private volatile boolean stopped;

  /**
   * {@code reloadModels} reads the stored rules and models before each sweep (a change announced
   * may have been lost); {@code eraseLeftovers} erases what the CRM holds of an app account that no
   * longer exists (rows an event still in flight during its erasure wrote).
   */
  public CrmSweep(
      Patients patients,
      Projections projections,
      OpenAlertRepository openAlerts,
      Sources sources,
      Judgements judgements,
      Supplier<Future<Void>> reloadModels,
      Function<UUID, Future<Void>> eraseLeftovers,
      ShardLeases.Holder leases,
      Settings settings,
      Clock clock) {
    this.patients = patients;
    this.projections = projections;
    this.openAlerts = openAlerts;
    this.sources = sources;
    this.judgements = judgements;
    this.reloadModels = reloadModels;
    this.eraseLeftovers = eraseLeftovers;
    this.leases = leases;
    this.settings = settings;
    this.clock = clock;
  }

  /** Sweeps every interval (unless it is zero), never two at once, each over half the interval. */
  public void start(Vertx vertx) {
    if (settings.interval().isZero()) {
      return;
    }
    timer =
        vertx.setPeriodic(
            settings.interval().toMillis(),
            id -> {
              if (last.isComplete()) {
                last =
                    sweep(vertx, settings.interval().dividedBy(2))
                        .onSuccess(r -> log.debug("CRM sweep: {}", r))
                        .onFailure(err -> log.warn("CRM sweep failed: {}", err.toString()));
              }
            });
  }

  /**
   * Stops the timer, lets a sweep under way finish the patients it started (for a while), gives the
   * shards back.
   */
  public Future<Void> stop(Vertx vertx) {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return last.timeout(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .transform(ar -> leases.releaseAll());
  }

  /**
   * One sweep of every shard this instance holds (or takes) the lease of, with the rules and models
   * stored now.
   */
  public Future<Report> sweep() {
    return sweep(null, Duration.ZERO);
  }

  /**
   * A sweep whose patients are spread over {@code spread}, each shard over its share of it; a
   * spread one (the timer's) starts no further patient once this sweep is stopped.
   */
  private Future<Report> sweep(Vertx vertx, Duration spread) {
    Duration shardShare = spread.dividedBy(Patients.SHARDS);
    boolean paced = !spread.isZero();
    AtomicInteger swept = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    Future<Void> chain =
        reloadModels
            .get()
            .recover(
                err -> {
                  log.warn(
                      "The CRM sweep judges with the rules and models it had: {}", err.toString());
                  return Future.succeededFuture();
                });
    chain =
        chain.compose(
            v ->
                leases.sweepEach(
                    Patients.SHARDS,
                    s -> {
                      DailyRepair repair = new DailyRepair(sweptAt.get(s), clock.instant());
                      return patients
                          .repository()
                          .listedOn(s)
                          .compose(
                              listed ->
                                  InFlight.run(
                                      listed,
                                      settings.concurrency(),
                                      Paced.over(
                                          vertx,
                                          shardShare,
                                          listed.size(),
                                          p ->
                                              paced && stopped
                                                  ? Future.<Void>succeededFuture()
                                                  : refresh(p, repair.due(p.patientId()))),
                                      swept,
                                      failures))
                          .onSuccess(done -> sweptAt.put(s, repair.now()));
                    },
                    turn -> turn.countInto(skipped, failures)));
    return chain.map(v -> new Report(swept.get(), skipped.get(), failures.get()));
  }

  /**
   * Reads the patient again from every module that knows them, re-indexes and judges them. An app
   * account patient-api no longer has was erased: what the CRM holds of it now came from an event
   * still in flight during the erasure, and goes.
   */
  public Future<Void> refresh(Listed listed) {
    return refresh(listed, true);
  }

  /**
   * As {@link #refresh(Listed)}, but the patient's search entries (and an app account's profile, if
   * the patient's row holds it already) are stored again only if {@code repair}.
   */
  private Future<Void> refresh(Listed listed, boolean repair) {
    if (listed.accountId() == null) {
      return (repair
              ? patients.index().reindex(listed.patientId())
              : Future.<Void>succeededFuture())
          .compose(v -> judgements.judge(listed.patientId()));
    }
    return sources
        .profile(listed.accountId())
        .compose(
            found -> {
              if (found.isEmpty()) {
                log.info(
                    "Account {} is erased: erasing what later events left of it",
                    listed.accountId());
                return eraseLeftovers.apply(listed.accountId());
              }
              return refresh(listed, found.get(), repair);
            });
  }

  private Future<Void> refresh(Listed listed, AppProfile profile, boolean repair) {
    return Future.join(
            projections.profileAgain(profile, repair),
            appointments(listed),
            sessions(listed),
            brushing(listed),
            care(listed))
        .compose(v -> judgements.judge(listed.patientId()));
  }

  private Future<Void> appointments(Listed listed) {
    return sources
        .appointmentChanges(listed.accountId())
        .compose(
            changes ->
                all(
                    changes,
                    (AppointmentChanged change) ->
                        projections.appointmentChanged(change).mapEmpty()));
  }

  private Future<Void> sessions(Listed listed) {
    Instant now = clock.instant();
    return sources
        .sessions(
            listed.accountId(), now.minus(settings.sessionLookback()), now.plus(Duration.ofDays(1)))
        .compose(
            sessions ->
                all(
                    sessions,
                    (StoredSession s) ->
                        projections.sessionStored(listed.accountId(), s).mapEmpty()));
  }

  /** The daily figures of the weeks the rules read, and the brush's pairing. */
  private Future<Void> brushing(Listed listed) {
    LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    UUID patientId = listed.patientId();
    Future<Void> days =
        sources
            .dailyBrushing(listed.accountId(), today.minusDays(BRUSHING_DAYS - 1), today)
            .compose(figures -> projections.brushingDays(patientId, figures));
    Future<Void> brush =
        sources
            .firstPairing(listed.accountId())
            .compose(
                paired ->
                    paired
                        .map(day -> projections.brushPaired(patientId, day))
                        .orElseGet(Future::succeededFuture));
    return Future.all(days, brush).mapEmpty();
  }

  /**
   * The care plan, the unresolved alerts, and those the CRM last heard of as open (they may have
   * been resolved since).
   */
  private Future<Void> care(Listed listed) {
    return openAlerts
        .of(listed.patientId())
        .map(
            open ->
                open.stream()
                    .map(OpenAlertRepository.OpenAlert::alertId)
                    .collect(Collectors.toSet()))
        .compose(ids -> sources.care(listed.accountId(), Set.copyOf(ids)))
        .compose(
            care ->
                Future.all(
                        projections.carePlan(listed.patientId(), care.carePlan()),
                        all(care.alerts(), (AlertState a) -> projections.alertState(a)))
                    .mapEmpty());
  }

  private static <T> Future<Void> all(List<T> items, Function<T, Future<Void>> step) {
    return Future.all(items.stream().map(step).toList()).mapEmpty();
  }
}
