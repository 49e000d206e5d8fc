package io.careloop.alerts.alert;

import io.careloop.alerts.bus.AlertChanged;
import io.careloop.alerts.bus.AlertEvents;
import io.careloop.alerts.bus.PatientCare;
import io.careloop.alerts.bus.PatientCareQuestion;
import io.careloop.alerts.bus.PatientDirectory;
import io.careloop.alerts.plan.CarePlan;
import io.careloop.alerts.plan.CarePlans;
import io.careloop.alerts.plan.Listed;
import io.careloop.alerts.rule.Breach;
import io.careloop.alerts.rule.Evidence;
import io.careloop.alerts.rule.Rule;
import io.careloop.alerts.rule.SessionFacts;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.cassandra.ShardLeases;
import io.careloop.platform.http.Problem;
import io.careloop.platform.vertx.Bounded;
import io.careloop.platform.vertx.Paced;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges a patient's rules and keeps their alerts: opens one per breached rule (exactly one, by the
 * claim), clears and un-clears it as the condition comes and goes, acknowledges, resolves, and
 * escalates a high alert nobody acknowledged. Called for every stored session of a patient on a
 * plan, and by the sweep for every patient on a plan when a verdict can change with time and at
 * least hourly: a lost event only delays an alert.
 */
public final class AlertService {

  private static final Logger log = LoggerFactory.getLogger(AlertService.class);

  /**
   * An alert opened this long ago whose nurses were never told (a crash, NOTIFY down) is told
   * again.
   */
  static final Duration RETELL_AFTER = Duration.ofMinutes(1);

  private static final Future<Boolean> TOLD = Future.succeededFuture(true);

  /** PATIENT_SESSIONS answers at most 92 days at once. */
  private static final Duration MAX_LOOKBACK = Duration.ofDays(90);

  /** The note of an alert closed because its rule left the patient's plan. */
  public static final String RULE_REMOVED_NOTE =
      "Closed with the care plan change: the plan no longer has this rule.";

  /** The note of an alert closed because its patient erased their account. */
  public static final String ERASED_NOTE = "Closed by CareLoop: the patient erased their account.";

  /** What a sweep did. */
  public record SweepReport(
      int patientsJudged, int plansEnded, int escalated, int shardsSkipped, int failures) {}

  private final CarePlans plans;
  private final AlertRepository alerts;
  private final PatientDirectory directory;
  private final AlertNotifier notifier;
  private final AlertEvents events;
  private final AlertsConfig config;
  private final ShardLeases.Holder leases;
  private final Clock clock;
  private final Vertx vertx;
  private volatile boolean sweepsStopped;
  private final List<Consumer<Alert>> openedListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Alert>> escalatedListeners = new CopyOnWriteArrayList<>();
  private final LongAdder sweepJudged = new LongAdder();
  private final LongAdder sweepPassedBy = new LongAdder();

  public AlertService(
      CarePlans plans,
      AlertRepository alerts,
      PatientDirectory directory,
      AlertNotifier notifier,
      AlertEvents events,
      ShardLeases.Holder leases,
      AlertsConfig config,
      Clock clock,
      Vertx vertx) {
    this.events = events;
    this.vertx = vertx;
    this.leases = leases;
    this.plans = plans;
    this.alerts = alerts;
    this.directory = directory;
    this.notifier = notifier;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Called with every alert this instance opened, once it is listed and its nurse told (for
   * benchmarks and metrics).
   */
  public void onOpened(Consumer<Alert> listener) {
    openedListeners.add(listener);
  }

  /**
   * Called with every alert this instance escalated, once every nurse of its clinics was told (for
   * metrics).
   */
  public void onEscalated(Consumer<Alert> listener) {
    escalatedListeners.add(listener);
  }

  /** Patients the sweeps of this instance judged, since it started. */
  public long sweepJudged() {
    return sweepJudged.sum();
  }

  /** Patients on a plan the sweeps of this instance passed by as not due, since it started. */
  public long sweepPassedBy() {
    return sweepPassedBy.sum();
  }

  // ---------------------------------------------------------------- evaluation

  /**
   * The per-session path: for a patient without an active plan, one cached lookup and nothing else
   * (the session is not even read). Fails when the session cannot be read.
   */
  public Future<Void> sessionStored(UUID patientId, Supplier<SessionFacts> session) {
    Instant now = clock.instant();
    return plans
        .cachedPlanOf(patientId)
        .compose(
            plan ->
                plan.isPresent() && plan.get().activeAt(now)
                    ? evaluate(plan.get(), Optional.of(session.get()), now)
                    : Future.succeededFuture());
  }

  /**
   * Judges every rule of the plan at {@code now}; per-session rules judge {@code trigger}, or the
   * latest session. When an alert's nurses could not be told, the sweep judges the patient again
   * after {@link #RETELL_AFTER} (which tells them).
   */
  public Future<Void> evaluate(CarePlan plan, Optional<SessionFacts> trigger, Instant now) {
    return judgeAll(plan, trigger, now)
        .compose(
            judged ->
                judged.allTold()
                    ? Future.succeededFuture()
                    : plans.judgeAt(plan.patientId(), Judged.retellAt(now)));
  }

  /**
   * What judging a patient found: when the verdicts may next change with no session stored (the
   * soonest of the rules' {@link Rule#changesAt} and the oldest session leaving the look-back), and
   * whether the nurses of every open alert were told.
   */
  private record Judged(Instant changesAt, boolean allTold) {

    /** When the sweep judges the patient again, at the latest {@code latest}. */
    Instant judgeAgainAt(Instant now, Instant latest) {
      Instant at = earlier(changesAt, latest);
      return allTold ? at : earlier(at, retellAt(now));
    }

    /** When nurses not told at {@code now} are told. */
    static Instant retellAt(Instant now) {
      return now.plus(RETELL_AFTER);
    }
  }

  private Future<Judged> judgeAll(CarePlan plan, Optional<SessionFacts> trigger, Instant now) {
    UUID patient = plan.patientId();
    Instant to =
        now.plus(
            Duration.ofDays(
                1)); // a brush whose clock runs ahead places sessions a little in the future
    Duration lookback =
        plan.lookback().compareTo(MAX_LOOKBACK) > 0 ? MAX_LOOKBACK : plan.lookback();
    Future<ZoneId> zone = directory.zoneOf(patient);
    Future<List<SessionFacts>> sessions = directory.sessionsOf(patient, now.minus(lookback), to);
    Future<Map<String, UUID>> claims = alerts.claimsOf(patient);
    Future<Map<String, Instant>> resolves = alerts.resolvesOf(patient);
    return Future.all(zone, sessions, claims, resolves)
        .compose(
            all -> {
              List<SessionFacts> recent = sessions.result();
              Evidence evidence =
                  new Evidence(
                      now,
                      zone.result(),
                      plan.startsAt(),
                      trigger.isPresent() ? trigger : recent.stream().findFirst(),
                      recent,
                      AlertsConfig.dayJudgedAfter(patient));
              Once<List<UUID>> clinics = new Once<>(() -> directory.clinicsOf(patient));
              List<Future<Boolean>> judged = new ArrayList<>();
              for (Rule rule : plan.rules()) {
                judged.add(
                    judge(
                        plan,
                        rule,
                        rule.test(evidence),
                        Optional.ofNullable(claims.result().get(rule.id())),
                        Optional.ofNullable(resolves.result().get(rule.id())),
                        clinics,
                        now));
              }
              Future<Void> closed = closeRemovedRules(plan, claims.result(), now);
              Instant changes =
                  recent.isEmpty()
                      ? Instant.MAX
                      : recent.get(recent.size() - 1).placedAt().plus(lookback);
              for (Rule rule : plan.rules()) {
                changes = earlier(changes, rule.changesAt(evidence));
              }
              Instant next = changes;
              return Future.all(closed, Future.all(judged))
                  .map(v -> new Judged(next, judged.stream().allMatch(Future::result)));
            });
  }

  /**
   * A plan just saved: the alerts of rules it no longer has are closed now rather than at the next
   * evaluation (which closes them too, should this fail half-way).
   */
  public Future<Void> planChanged(CarePlan plan) {
    return alerts
        .claimsOf(plan.patientId())
        .compose(claims -> closeRemovedRules(plan, claims, clock.instant()));
  }

  /**
   * Resolves the open alerts of rules the plan no longer has, in the name of who changed the plan:
   * the nurse decided the condition is no longer followed, so it neither escalates nor waits in the
   * work list. A rule kept with other thresholds keeps its alert.
   */
  private Future<Void> closeRemovedRules(CarePlan plan, Map<String, UUID> claims, Instant now) {
    Set<String> kept = new HashSet<>();
    plan.rules().forEach(rule -> kept.add(rule.id()));
    List<Future<Void>> closed = new ArrayList<>();
    claims.forEach(
        (ruleId, alertId) -> {
          if (!kept.contains(ruleId)) {
            closed.add(
                alerts
                    .find(alertId)
                    .compose(
                        found ->
                            found.isEmpty() || found.get().status() == AlertStatus.RESOLVED
                                ? Future.succeededFuture()
                                : alerts
                                    .resolve(found.get(), plan.setBy(), RULE_REMOVED_NOTE, now)
                                    .compose(
                                        done ->
                                            done
                                                ? announced(AlertChanged.RESOLVED, alertId)
                                                : Future.succeededFuture())));
          }
        });
    return Future.all(closed).mapEmpty();
  }

  /** Whether the nurses of the rule's alert, if it has one, were told. */
  private Future<Boolean> judge(
      CarePlan plan,
      Rule rule,
      Optional<Breach> breach,
      Optional<UUID> claimed,
      Optional<Instant> resolvedAt,
      Once<List<UUID>> clinics,
      Instant now) {
    if (claimed.isPresent()) {
      return alerts
          .find(claimed.get())
          .compose(
              found -> {
                if (found.isEmpty() || found.get().status() == AlertStatus.RESOLVED) {
                  return TOLD; // being resolved right now: its claim goes next
                }
                Alert alert = found.get();
                if (breach.isPresent() == alert.cleared()) {
                  return alerts.setCleared(alert.id(), breach.isEmpty()).map(v -> true);
                }
                if (alert.notifiedAt() == null
                    && !alert.openedAt().plus(RETELL_AFTER).isAfter(now)) {
                  return announce(alert, plan);
                }
                return Future.succeededFuture(alert.notifiedAt() != null);
              });
    }
    if (breach.isEmpty()) {
      return TOLD;
    }
    if (resolvedAt.isPresent() && !breach.get().knownAt().isAfter(resolvedAt.get())) {
      return TOLD; // the breach the nurse resolved, not a new one
    }
    return clinics.get().compose(clinicIds -> open(plan, rule, breach.get(), clinicIds, now));
  }

  private Future<Boolean> open(
      CarePlan plan, Rule rule, Breach breach, List<UUID> clinicIds, Instant now) {
    Alert alert =
        new Alert(
            UUID.randomUUID(),
            plan.patientId(),
            rule.id(),
            rule.title(),
            plan.plan().json(),
            rule.severity(),
            AlertStatus.OPEN,
            false,
            breach.key(),
            breach.at(),
            breach.detail(),
            Set.copyOf(clinicIds),
            plan.setByNurse() ? plan.setBy() : null,
            now,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    return alerts
        .insert(alert)
        .compose(v -> alerts.claim(alert.patientId(), alert.ruleId(), alert.id()))
        .compose(won -> won ? opened(alert, plan) : alerts.discard(alert).map(v -> true));
  }

  /**
   * Tells the other modules first (fire and forget: they also ask PATIENT_CARE), then the nurses.
   */
  private Future<Boolean> opened(Alert alert, CarePlan plan) {
    events.announce(new AlertChanged(AlertChanged.OPENED, alert.state()));
    return announce(alert, plan);
  }

  private Future<Void> announced(String change, UUID alertId) {
    return alerts
        .find(alertId)
        .map(
            found -> {
              found.ifPresent(alert -> events.announce(new AlertChanged(change, alert.state())));
              return null;
            });
  }

  /**
   * Lists the alert for its clinics (and escalation) and tells its nurse: repeatable, each step
   * idempotent. False when that failed: the patient is judged again after {@link #RETELL_AFTER}.
   */
  private Future<Boolean> announce(Alert alert, CarePlan plan) {
    return alerts
        .publish(alert, alert.openedAt().plus(config.escalationDelay()))
        .compose(v -> recipientsOf(alert))
        .compose(nurses -> notifier.tell(alert, AlertNotifier.Event.OPENED, nurses))
        .compose(v -> alerts.markNotified(alert.id(), clock.instant()))
        .map(
            v -> {
              openedListeners.forEach(l -> l.accept(alert));
              return true;
            })
        .recover(
            err -> {
              // Listed or not, it is claimed: the next evaluation after RETELL_AFTER finishes the
              // job.
              log.warn(
                  "Alert {} of patient {} is open but not yet announced: {}",
                  alert.id(),
                  alert.patientId(),
                  err.toString());
              return Future.succeededFuture(false);
            });
  }

  /** The nurse who set the plan; when an admin did, every nurse of the patient's clinics. */
  private Future<List<UUID>> recipientsOf(Alert alert) {
    return alert.responsible() != null
        ? Future.succeededFuture(List.of(alert.responsible()))
        : nursesOf(alert);
  }

  private Future<List<UUID>> nursesOf(Alert alert) {
    return Future.all(alert.clinicIds().stream().map(directory::nursesOf).toList())
        .map(
            all -> {
              Set<UUID> nurses = new HashSet<>();
              for (int i = 0; i < all.size(); i++) {
                List<UUID> some = all.resultAt(i);
                nurses.addAll(some);
              }
              return List.copyOf(nurses);
            });
  }

  // ---------------------------------------------------------------- the sweep

  /**
   * Escalates what is due and judges the patients on an active plan who are due at {@code now} (see
   * {@link #sweepShard}), on every shard whose lease this instance holds (another instance sweeps
   * the others).
   */
  public Future<SweepReport> sweep(Instant now) {
    return sweep(now, Duration.ZERO);
  }

  /**
   * A sweep as {@link #sweep(Instant)}, its judgements spread over {@code spread}: each shard gets
   * its share of it, and each patient of a shard an even share of the shard's, so that a sweep of
   * many patients does not crowd out the judgements of live sessions (whose alerts a nurse waits
   * for). A sweep slower than that is not held back.
   */
  public Future<SweepReport> sweep(Instant now, Duration spread) {
    Duration shardShare = spread.dividedBy(CarePlans.SHARDS);
    AtomicInteger judged = new AtomicInteger();
    AtomicInteger ended = new AtomicInteger();
    AtomicInteger escalated = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    // Escalations first and unhurried: a nurse is waiting for them; the judgements, a catch-up of
    // what live sessions already judged, follow at their pace.
    Future<Void> chain =
        leases
            .sweepEach(
                CarePlans.SHARDS, s -> escalateShard(s, now, escalated, failures), turn -> {})
            .compose(
                v ->
                    leases.sweepEach(
                        CarePlans.SHARDS,
                        s -> sweepShard(s, now, shardShare, judged, ended, failures),
                        turn -> turn.countInto(skipped, failures)));
    return chain.map(
        v ->
            new SweepReport(
                judged.get(), ended.get(), escalated.get(), skipped.get(), failures.get()));
  }

  /**
   * Ends a sweep under way once the patients it started are done, and every later one (an instance
   * that stops).
   */
  public void stopSweeping() {
    sweepsStopped = true;
  }

  /**
   * Gives back every shard this instance swept (a clean stop): another instance takes them at once.
   */
  public Future<Void> releaseShards() {
    return leases.releaseAll();
  }

  /**
   * Judges the shard's patients who are due (see {@link AlertsConfig#rejudgeEvery}) and unlists
   * those whose plan ended: a patient whose verdicts cannot change before the next sweep costs one
   * row of the listing, not a judgement.
   */
  private Future<Void> sweepShard(
      int shard,
      Instant now,
      Duration share,
      AtomicInteger judged,
      AtomicInteger ended,
      AtomicInteger failures) {
    return plans
        .patientsOn(shard)
        .compose(
            listed -> {
              List<Listed> due =
                  listed.stream().filter(l -> l.endedBy(now) || l.dueBy(now)).toList();
              sweepPassedBy.add(listed.size() - due.size());
              return workThrough(
                  due,
                  patient -> {
                    if (patient.endedBy(now)) {
                      ended.incrementAndGet();
                      return plans.unlist(patient.patientId());
                    }
                    return plans
                        .planOf(patient.patientId())
                        .compose(
                            plan -> {
                              if (plan.isEmpty() || !plan.get().until().endsAt().isAfter(now)) {
                                return plans.unlist(patient.patientId());
                              }
                              if (!plan.get().activeAt(now)) {
                                return plans.judgeAt(patient.patientId(), plan.get().startsAt());
                              }
                              judged.incrementAndGet();
                              sweepJudged.increment();
                              Instant latest = config.latestJudgement(patient.patientId(), now);
                              return judgeAll(plan.get(), Optional.empty(), now)
                                  .compose(
                                      verdicts ->
                                          plans.judgeAt(
                                              patient.patientId(),
                                              verdicts.judgeAgainAt(now, latest)));
                            });
                  },
                  failures,
                  share);
            });
  }

  /** Judges one patient as the sweep would (for a patient's plan just set, and for tests). */
  public Future<Void> sweepPatient(UUID patientId, Instant now) {
    return plans
        .planOf(patientId)
        .compose(
            plan ->
                plan.isPresent() && plan.get().activeAt(now)
                    ? evaluate(plan.get(), Optional.empty(), now)
                    : Future.succeededFuture());
  }

  private Future<Void> escalateShard(
      int shard, Instant now, AtomicInteger escalated, AtomicInteger failures) {
    return alerts
        .escalationsOn(shard)
        .compose(
            pending ->
                workThrough(
                    pending.stream().filter(p -> !p.dueAt().isAfter(now)).toList(),
                    p ->
                        alerts
                            .find(p.alertId())
                            .compose(
                                alert -> {
                                  if (alert.isEmpty() || alert.get().status() != AlertStatus.OPEN) {
                                    return alerts.dropEscalation(p.alertId());
                                  }
                                  return nursesOf(alert.get())
                                      .compose(
                                          nurses ->
                                              notifier.tell(
                                                  alert.get(),
                                                  AlertNotifier.Event.ESCALATED,
                                                  nurses))
                                      .compose(v -> alerts.markEscalated(p.alertId(), now))
                                      .onSuccess(
                                          v -> {
                                            escalated.incrementAndGet();
                                            escalatedListeners.forEach(l -> l.accept(alert.get()));
                                          });
                                }),
                    failures,
                    Duration.ZERO));
  }

  /**
   * Runs {@code work} on the items, {@code sweepConcurrency} at a time and spread evenly over
   * {@code share} ({@link Paced}); a failure is counted and logged, not fatal. Once the sweeps are
   * stopped, no further item starts.
   */
  private <T> Future<Void> workThrough(
      List<T> items, Function<T, Future<Void>> work, AtomicInteger failures, Duration share) {
    Function<T, Future<Void>> paced =
        Paced.over(
            vertx,
            share,
            items.size(),
            item ->
                sweepsStopped
                    ? Future.<Void>succeededFuture()
                    : work.apply(item)
                        .recover(
                            err -> {
                              failures.incrementAndGet();
                              log.warn("The sweep skipped {} this time: {}", item, err.toString());
                              return Future.succeededFuture();
                            }));
    return Bounded.map(items, config.sweepConcurrency(), paced).mapEmpty();
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  // ---------------------------------------------------------------- nurses

  /**
   * The alert if the nurse may see it; 404 otherwise, so that nothing tells another clinic's alert
   * exists.
   */
  public Future<Alert> visibleAlert(Principal staff, UUID alertId) {
    return alerts
        .find(alertId)
        .compose(
            found ->
                found
                    .filter(a -> a.visibleTo(staff))
                    .map(Future::succeededFuture)
                    .orElseGet(
                        () ->
                            Future.failedFuture(
                                Problem.notFound("No alert " + alertId + " at your clinics"))));
  }

  /**
   * Acknowledges (stops escalation). Acknowledging twice is harmless; a resolved alert is a 409.
   */
  public Future<Alert> acknowledge(Principal staff, UUID alertId) {
    return visibleAlert(staff, alertId)
        .compose(alert -> alerts.acknowledge(alertId, staff.accountId(), clock.instant()))
        .compose(done -> alerts.find(alertId).map(Optional::orElseThrow))
        .onSuccess(
            alert -> {
              if (alert.status() == AlertStatus.ACKNOWLEDGED) {
                events.announce(new AlertChanged(AlertChanged.ACKNOWLEDGED, alert.state()));
              }
            })
        .compose(
            alert ->
                alert.status() == AlertStatus.RESOLVED
                    ? Future.failedFuture(
                        Problem.conflict(
                            "alert-resolved",
                            "The alert is resolved",
                            "Alert "
                                + alertId
                                + " was resolved already; a new breach opens a new alert"))
                    : Future.succeededFuture(alert));
  }

  /** Resolves with the nurse's note; the rule is free again for a newer breach. */
  public Future<Alert> resolve(Principal staff, UUID alertId, String note) {
    return visibleAlert(staff, alertId)
        .compose(alert -> alerts.resolve(alert, staff.accountId(), note, clock.instant()))
        .compose(
            done ->
                done
                    ? alerts.find(alertId).map(Optional::orElseThrow)
                    : Future.failedFuture(
                        Problem.conflict(
                            "alert-resolved",
                            "The alert is resolved",
                            "Alert " + alertId + " was resolved already")))
        .onSuccess(
            alert -> events.announce(new AlertChanged(AlertChanged.RESOLVED, alert.state())));
  }

  /**
   * Closes the patient's unresolved alerts as their account is erased: nobody is left to follow up,
   * and none must escalate. Resolved by nobody, with {@link #ERASED_NOTE}. How many closed.
   */
  public Future<Integer> closeAtErasure(UUID patientId) {
    Instant now = clock.instant();
    return alerts
        .claimsOf(patientId)
        .compose(
            claims ->
                Future.all(
                        claims.values().stream()
                            .map(
                                id ->
                                    alerts
                                        .find(id)
                                        .compose(
                                            found ->
                                                found.isPresent()
                                                    ? alerts.resolve(
                                                        found.get(), null, ERASED_NOTE, now)
                                                    : Future.succeededFuture(false)))
                            .toList())
                    .map(
                        all ->
                            (int)
                                all.<Boolean>list().stream()
                                    .filter(Boolean::booleanValue)
                                    .count()));
  }

  /**
   * Every alert of the patient, whatever its state (those listed by patient, and any still open).
   */
  public Future<List<Alert>> allOf(UUID patientId) {
    return Future.all(alerts.idsOfPatient(patientId), alerts.claimsOf(patientId))
        .compose(
            both -> {
              Set<UUID> ids = new java.util.TreeSet<>(both.<List<UUID>>resultAt(0));
              ids.addAll(both.<Map<String, UUID>>resultAt(1).values());
              return alerts.findAll(List.copyOf(ids));
            })
        .map(found -> found.stream().filter(a -> a.patientId().equals(patientId)).toList());
  }

  /**
   * The patient's alerts stay for the clinic, naming {@code pseudonym}; their lists of them go. How
   * many stay.
   */
  public Future<Integer> pseudonymize(UUID patientId, UUID pseudonym) {
    return allOf(patientId)
        .compose(
            found ->
                Future.all(found.stream().map(a -> alerts.pseudonymize(a.id(), pseudonym)).toList())
                    .compose(done -> alerts.forgetPatient(patientId))
                    .map(found.size()));
  }

  /** Alerts of these clinics with one of these statuses, worst first. */
  public Future<List<Alert>> alertsOf(Set<UUID> clinicIds, Set<AlertStatus> statuses) {
    List<Future<List<UUID>>> ids = new ArrayList<>();
    for (UUID clinic : clinicIds) {
      if (statuses.contains(AlertStatus.OPEN) || statuses.contains(AlertStatus.ACKNOWLEDGED)) {
        ids.add(alerts.unresolvedOf(clinic));
      }
      if (statuses.contains(AlertStatus.RESOLVED)) {
        Instant now = clock.instant();
        ids.add(alerts.resolvedOf(clinic, AlertRepository.month(now), 200));
        ids.add(
            alerts.resolvedOf(clinic, AlertRepository.month(now.minus(Duration.ofDays(31))), 200));
      }
    }
    return Future.all(ids)
        .compose(
            all -> {
              Set<UUID> distinct = new java.util.LinkedHashSet<>();
              for (int i = 0; i < all.size(); i++) {
                List<UUID> some = all.resultAt(i);
                distinct.addAll(some);
              }
              return alerts.findAll(List.copyOf(distinct));
            })
        .map(
            found ->
                found.stream()
                    .filter(a -> statuses.contains(a.status()))
                    .sorted(Alert.WORST_FIRST)
                    .toList());
  }

  public AlertRepository repository() {
    return alerts;
  }

  /**
   * A patient's plan, unresolved alerts and the alerts asked for: what other modules ask
   * (PATIENT_CARE).
   */
  public Future<PatientCare> careOf(PatientCareQuestion question) {
    UUID patientId = question.patientId();
    Future<Optional<CarePlan>> plan = plans.planOf(patientId);
    Future<List<Alert>> found =
        alerts
            .claimsOf(patientId)
            .compose(
                open -> {
                  Set<UUID> ids = new java.util.LinkedHashSet<>(open.values());
                  ids.addAll(question.alertIds());
                  return alerts.findAll(List.copyOf(ids));
                });
    return Future.all(plan, found)
        .map(
            all ->
                new PatientCare(
                    patientId,
                    plan.result().map(CarePlan::toJson),
                    found.result().stream()
                        .filter(a -> a.patientId().equals(patientId))
                        .map(Alert::state)
                        .toList()));
  }

  /** A lookup made at most once, and only if needed. */
  private static final class Once<T> {
    private final java.util.function.Supplier<Future<T>> supplier;
    private Future<T> result;

    Once(java.util.function.Supplier<Future<T>> supplier) {
      this.supplier = supplier;
    }

    synchronized Future<T> get() {
      if (result == null) {
        result = supplier.get();
      }
      return result;
    }
  }
}
