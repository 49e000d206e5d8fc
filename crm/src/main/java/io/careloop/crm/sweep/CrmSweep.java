package io.careloop.crm.sweep;

import io.careloop.alerts.bus.AlertState;
import io.careloop.crm.bus.Sources;
import io.careloop.crm.patient.PatientRepository.Listed;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.projection.OpenAlertRepository;
import io.careloop.crm.projection.Projections;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.platform.cassandra.ShardLeases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads again, for every patient the CRM knows, what the other modules would have told in events
 * (profile, appointments, recent brushing, alerts), so that an event lost only delays the record:
 * each fact is stored idempotently, so reading it again changes nothing. Split between instances by
 * shard leases; a patient imported without an app account is only re-indexed.
 */
public final class CrmSweep {

  private static final Logger log = LoggerFactory.getLogger(CrmSweep.class);
  /** How long a stop waits for a sweep under way before giving the shards back anyway. */
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /** What a sweep did. */
  public record Report(int patients, int shardsSkipped, int failures) {
  }

  /** What the sweep is set to do. */
  public record Settings(Duration interval, int concurrency, Duration sessionLookback) {
  }

  private final Patients patients;
  private final Projections projections;
  private final OpenAlertRepository openAlerts;
  private final Sources sources;
  private final ShardLeases.Holder leases;
  private final Settings settings;
  private final Clock clock;
  private long timer = -1;
  private volatile Future<?> last = Future.succeededFuture();

  public CrmSweep(Patients patients, Projections projections, OpenAlertRepository openAlerts, Sources sources,
                  ShardLeases.Holder leases, Settings settings, Clock clock) {
    this.patients = patients;
    this.projections = projections;
    this.openAlerts = openAlerts;
    this.sources = sources;
    this.leases = leases;
    this.settings = settings;
    this.clock = clock;
  }

  /** Sweeps every interval (unless it is zero), never two at once. */
  public void start(Vertx vertx) {
    if (settings.interval().isZero()) {
      return;
    }
    timer = vertx.setPeriodic(settings.interval().toMillis(), id -> {
      if (last.isComplete()) {
        last = sweep().onSuccess(r -> log.debug("CRM sweep: {}", r))
            .onFailure(err -> log.warn("CRM sweep failed: {}", err.toString()));
      }
    });
  }

  /** Stops the timer, lets a sweep under way finish (for a while), gives the shards back. */
  public Future<Void> stop(Vertx vertx) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return last.timeout(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS).transform(ar -> leases.releaseAll());
  }

  /** One sweep of every shard this instance holds (or takes) the lease of. */
  public Future<Report> sweep() {
    AtomicInteger swept = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    Future<Void> chain = Future.succeededFuture();
    for (int shard = 0; shard < Patients.SHARDS; shard++) {
      int s = shard;
      chain = chain.compose(v -> leases.hold(s).recover(err -> {
        failures.incrementAndGet();
        return Future.succeededFuture(false);
      })).compose(held -> {
        if (!held) {
          skipped.incrementAndGet();
          return Future.succeededFuture();
        }
        return patients.repository().listedOn(s)
            .compose(listed -> inBatches(listed, this::refresh, swept, failures));
      });
    }
    return chain.map(v -> new Report(swept.get(), skipped.get(), failures.get()));
  }

  /** Reads the patient again from every module that knows them, then re-indexes them. */
  public Future<Void> refresh(Listed listed) {
    if (listed.accountId() == null) {
      return patients.index().reindex(listed.patientId());
    }
    return Future.join(profile(listed), appointments(listed), sessions(listed), alerts(listed))
        .transform(ar -> patients.index().reindex(listed.patientId()).compose(v -> ar.succeeded()
            ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(ar.cause())));
  }

  private Future<Void> profile(Listed listed) {
    return sources.profile(listed.accountId()).compose(found -> found.isEmpty() ? Future.succeededFuture()
        : projections.profile(found.get(), true, null));
  }

  private Future<Void> appointments(Listed listed) {
    return sources.appointmentChanges(listed.accountId()).compose(changes -> all(changes,
        (AppointmentChanged change) -> projections.appointmentChanged(change)));
  }

  private Future<Void> sessions(Listed listed) {
    Instant now = clock.instant();
    return sources.sessions(listed.accountId(), now.minus(settings.sessionLookback()), now.plus(Duration.ofDays(1)))
        .compose(sessions -> all(sessions, (JsonObject s) -> projections.sessionStored(listed.accountId(), s)));
  }

  /** The unresolved alerts, and those the CRM last heard of as open (they may have been resolved since). */
  private Future<Void> alerts(Listed listed) {
    return openAlerts.of(listed.patientId())
        .map(open -> open.stream().map(OpenAlertRepository.OpenAlert::alertId).collect(Collectors.toSet()))
        .compose(ids -> sources.care(listed.accountId(), Set.copyOf(ids)))
        .compose(care -> all(care.alerts(), (AlertState a) -> projections.alertState(a)));
  }

  private static <T> Future<Void> all(List<T> items, Function<T, Future<Void>> step) {
    return Future.all(items.stream().map(step).toList()).mapEmpty();
  }

  /** Runs {@code work} on the items, {@code concurrency} at a time; a failure is counted and logged, not fatal. */
  private Future<Void> inBatches(List<Listed> items, Function<Listed, Future<Void>> work, AtomicInteger done,
                                 AtomicInteger failures) {
    Future<Void> chain = Future.succeededFuture();
    int size = settings.concurrency();
    for (int i = 0; i < items.size(); i += size) {
      List<Listed> batch = items.subList(i, Math.min(items.size(), i + size));
      chain = chain.compose(v -> Future.join(batch.stream().map(item -> work.apply(item).onSuccess(x -> done.incrementAndGet())
          .recover(err -> {
            failures.incrementAndGet();
            log.warn("The CRM sweep skipped patient {} this time: {}", item.patientId(), err.toString());
            return Future.<Void>succeededFuture();
          })).toList()).mapEmpty());
    }
    return chain;
  }
}
