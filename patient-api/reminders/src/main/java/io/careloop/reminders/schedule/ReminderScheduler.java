package io.careloop.reminders.schedule;

import io.careloop.notifications.bus.NotificationRequest;
import io.careloop.notifications.bus.NotifyClient;
import io.careloop.platform.cassandra.ShardLeases;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due reminders exactly once. An instance sweeps a shard's due hours, from the shard's
 * watermark to now, while it holds the shard's lease ({@link ShardLeases}): several instances split
 * the shards, and one that dies leaves its shards to the others when its leases lapse (a clean stop
 * gives them back at once). Exactly once does not rest on the lease: the claim (a lightweight
 * transaction on the message's state) decides which instance sends a message, and the
 * notification's dedup key (the message's key) makes a send repeated after a crash create nothing
 * new. While a claim is young (less than half its lease used), no other instance can take the
 * message over: the outcome is then recorded without a lightweight transaction (dated after the
 * claim), and a first attempt records the notification's dedup key without one too: one LWT per
 * message instead of three (issue 27). A message is checked at send time: still useful, kind not
 * opted out, outside quiet hours (else postponed or dropped), its condition holds.
 *
 * <p>Tests call {@link #runOnce(Instant)} with their own instant; deployed, a timer calls it with
 * the clock's time every sweep interval, and runs the planners' repair tasks every repair interval.
 */
public final class ReminderScheduler extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ReminderScheduler.class);

  /** A condition checked at send time: a reason to drop the message, or empty to send it. */
  public interface SendCondition {
    Future<Optional<String>> dropReason(Reminder reminder, Instant now);
  }

  /**
   * What one sweep did: sent, dropped, postponed; busy (another instance holds the claim); failed
   * (retried by a later sweep); done (found already finished, e.g. its outcome was written but the
   * answer lost, and only its due row left to remove); and the shards it left alone because another
   * instance holds their lease (or the lease could not be asked for).
   */
  public record Sweep(
      int sent, int dropped, int postponed, int busy, int failed, int done, int shardsSkipped) {
    public int total() {
      return sent + dropped + postponed + busy + failed + done;
    }
  }

  /** The reason a failed send leaves on the message it puts back to pending. */
  private static final String RETRY = "retry: ";

  /**
   * The sweep's own time: the instant it sweeps at, moved on by the clock's time since it began, so
   * that a long sweep's claims last their whole lease.
   */
  private record SweepTime(Instant now, Instant begun) {
    Instant current(Clock clock) {
      return now.plus(Duration.between(begun, clock.instant()));
    }
  }

  /**
   * A claim this instance holds on a message, until when (in its sweep's time); {@code first}: no
   * earlier attempt can have sent it (it was pending, and not put back after a failed send); {@code
   * written}: the claim's write timestamp, read as soon as it was won.
   */
  private record Held(Instant until, boolean first, SweepTime time, Future<Long> written) {}

  private enum Outcome {
    SENT,
    DROPPED,
    POSTPONED,
    DONE,
    BUSY,
    FAILED
  }

  private final UUID instanceId;
  private final ShardLeases.Holder leases;
  private final ReminderRepository reminders;
  private final NotifyClient notifications;
  private final Recipients recipients;
  private final ReminderConfig config;
  private final Clock clock;
  private final Map<String, SendCondition> conditions = new HashMap<>();

  /**
   * Hooks may be added while the scheduler runs (the gateway adds its metrics after deployment).
   */
  private final List<BiConsumer<Reminder, Reminder.State>> afterOutcome =
      new CopyOnWriteArrayList<>();

  private final List<Function<Instant, Future<?>>> repairs = new ArrayList<>();
  private boolean sweeping;
  private long lastRepair = Long.MIN_VALUE;

  public ReminderScheduler(
      ReminderRepository reminders,
      NotifyClient notifications,
      Recipients recipients,
      ShardLeases.Holder leases,
      ReminderConfig config,
      Clock clock) {
    this.instanceId = leases.owner();
    this.leases = leases;
    this.reminders = reminders;
    this.notifications = notifications;
    this.recipients = recipients;
    this.config = config;
    this.clock = clock;
  }

  public UUID instanceId() {
    return instanceId;
  }

  /** Registers a send-time condition by the name planners store with their messages. */
  public ReminderScheduler condition(String name, SendCondition condition) {
    conditions.put(name, condition);
    return this;
  }

  /** Called after a message was sent or dropped (a nudge plans the next day's). */
  public ReminderScheduler afterOutcome(BiConsumer<Reminder, Reminder.State> hook) {
    afterOutcome.add(hook);
    return this;
  }

  /** A planner's repair pass, run every repair interval (events are fire and forget). */
  public ReminderScheduler repair(Function<Instant, Future<?>> task) {
    repairs.add(task);
    return this;
  }

  /** With reminders disabled it is deployed without its timer: only explicit runs sweep (tests). */
  @Override
  public Future<?> start() {
    if (config.enabled()) {
      vertx.setPeriodic(config.sweepInterval().toMillis(), id -> tick());
    }
    return Future.succeededFuture();
  }

  /**
   * A clean stop gives the shards back, so that another instance sweeps them without waiting for
   * the leases to lapse.
   */
  @Override
  public Future<?> stop() {
    return leases.releaseAll();
  }

  /** Runs {@code work} on this verticle's event loop, where the sweep's state lives. */
  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> work) {
    if (context == null || io.vertx.core.Vertx.currentContext() == context) {
      return work.get();
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }

  private void tick() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    Instant now = clock.instant();
    Future<?> repair = Future.succeededFuture();
    if (lastRepair == Long.MIN_VALUE
        || now.toEpochMilli() - lastRepair >= config.repairInterval().toMillis()) {
      lastRepair = now.toEpochMilli();
      repair = repairs(now);
    }
    repair
        .transform(ar -> sweep(now))
        .onFailure(
            err -> log.warn("Reminder sweep failed, the next one retries: {}", err.toString()))
        .onComplete(ar -> sweeping = false);
  }

  /** Runs every planner's repair pass once (tests call it with their instant). */
  public Future<Void> runRepairs(Instant now) {
    return onContext(() -> repairs(now));
  }

  private Future<Void> repairs(Instant now) {
    List<Future<?>> runs = new ArrayList<>();
    for (Function<Instant, Future<?>> task : repairs) {
      // Independent passes: one that fails (device-ingest not answering, say) does not stop the
      // others.
      runs.add(
          task.apply(now)
              .<Object>map(x -> x)
              .recover(
                  err -> {
                    log.warn("Reminder repair failed, the next one retries: {}", err.toString());
                    return Future.succeededFuture();
                  }));
    }
    return Future.join(runs).mapEmpty();
  }

  /**
   * Sweeps every shard once at {@code now}: sends, drops or postpones every message due by then.
   */
  public Future<Sweep> runOnce(Instant now) {
    return onContext(() -> sweep(now));
  }

  private Future<Sweep> sweep(Instant now) {
    SweepTime time = new SweepTime(now, clock.instant());
    int[] counts = new int[Outcome.values().length];
    int[] skipped = {0};
    Map<UUID, Future<Optional<Recipients.Recipient>>> profiles = new HashMap<>();
    // Shards side by side, each walking its hours in order; the concurrency is shared among them.
    List<Future<Void>> shards = new ArrayList<>();
    for (int shard = 0; shard < reminders.shards(); shard++) {
      int s = shard;
      shards.add(
          leases
              .sweep(s, () -> sweepShard(s, time, counts, profiles))
              .map(
                  turn -> {
                    if (turn.skipped()) {
                      skipped[0]++;
                    }
                    return null;
                  }));
    }
    return Future.all(shards)
        .map(
            v ->
                new Sweep(
                    counts[Outcome.SENT.ordinal()],
                    counts[Outcome.DROPPED.ordinal()],
                    counts[Outcome.POSTPONED.ordinal()],
                    counts[Outcome.BUSY.ordinal()],
                    counts[Outcome.FAILED.ordinal()],
                    counts[Outcome.DONE.ordinal()],
                    skipped[0]));
  }

  private Future<Void> sweepShard(
      int shard,
      SweepTime time,
      int[] counts,
      Map<UUID, Future<Optional<Recipients.Recipient>>> profiles) {
    Instant now = time.now();
    Instant nowHour = ReminderRepository.hourOf(now);
    return reminders
        .watermark(shard)
        .compose(
            mark -> {
              // A watermark ahead of this instance's clock (another instance's clock runs ahead)
              // must not
              // hide what is due by this one.
              Instant from =
                  mark.map(m -> m.isAfter(nowHour) ? nowHour : m)
                      .orElse(ReminderRepository.hourOf(now.minus(config.lookback())));
              List<Instant> hours = new ArrayList<>();
              for (Instant h = from; !h.isAfter(nowHour); h = h.plus(1, ChronoUnit.HOURS)) {
                hours.add(h);
              }
              // Hours in order; the watermark moves past an hour only when every row in it has an
              // outcome.
              Future<Instant> walk = Future.succeededFuture(from);
              boolean[] clean = {true};
              for (Instant hour : hours) {
                walk =
                    walk.compose(
                        mk ->
                            reminders
                                .dueIn(shard, hour, now)
                                .compose(rows -> processAll(rows, time, counts, profiles))
                                .map(
                                    allDone -> {
                                      clean[0] = clean[0] && allDone;
                                      return clean[0] && hour.isBefore(nowHour)
                                          ? hour.plus(1, ChronoUnit.HOURS)
                                          : mk;
                                    }));
              }
              return walk.compose(
                  mk ->
                      mark.isPresent() && mk.equals(mark.get())
                          ? Future.succeededFuture()
                          : reminders.advanceWatermark(shard, mk));
            });
  }

  /** Processes rows with bounded concurrency; true when every one has an outcome. */
  private Future<Boolean> processAll(
      List<ReminderRepository.Due> rows,
      SweepTime time,
      int[] counts,
      Map<UUID, Future<Optional<Recipients.Recipient>>> profiles) {
    if (rows.isEmpty()) {
      return Future.succeededFuture(true);
    }
    AtomicInteger next = new AtomicInteger();
    boolean[] allDone = {true};
    List<Future<Void>> workers = new ArrayList<>();
    int perShard = Math.max(1, config.concurrency() / reminders.shards());
    for (int w = 0; w < Math.min(perShard, rows.size()); w++) {
      workers.add(work(rows, next, time, counts, profiles, allDone));
    }
    return Future.all(workers).map(v -> allDone[0]);
  }

  private Future<Void> work(
      List<ReminderRepository.Due> rows,
      AtomicInteger next,
      SweepTime time,
      int[] counts,
      Map<UUID, Future<Optional<Recipients.Recipient>>> profiles,
      boolean[] allDone) {
    int i = next.getAndIncrement();
    if (i >= rows.size()) {
      return Future.succeededFuture();
    }
    return process(rows.get(i), time, profiles)
        .recover(
            err -> {
              log.warn(
                  "Reminder {} not processed, retried next sweep: {}",
                  rows.get(i).key(),
                  err.toString());
              return Future.succeededFuture(Outcome.FAILED);
            })
        .compose(
            outcome -> {
              counts[outcome.ordinal()]++;
              if (outcome == Outcome.BUSY || outcome == Outcome.FAILED) {
                allDone[0] = false;
              }
              return work(rows, next, time, counts, profiles, allDone);
            });
  }

  private Future<Outcome> process(
      ReminderRepository.Due due,
      SweepTime time,
      Map<UUID, Future<Optional<Recipients.Recipient>>> profiles) {
    Instant now = time.now();
    Instant until = time.current(clock).plus(config.claimLease());
    return reminders
        .find(due.key())
        .compose(
            found -> {
              if (found.isEmpty() || found.get().state().terminal()) {
                return reminders.removeDue(due.key(), due.dueAt()).map(Outcome.DONE);
              }
              Reminder r = found.get();
              if (r.state() == Reminder.State.PENDING) {
                if (!r.dueAt().equals(due.dueAt())) {
                  return reminders
                      .removeDue(due.key(), due.dueAt())
                      .map(Outcome.DONE); // moved; its new row stands
                }
                return reminders
                    .claim(r.key(), r.dueAt(), instanceId, until)
                    .compose(
                        mine ->
                            mine
                                ? deliver(
                                    r,
                                    due,
                                    now,
                                    profiles,
                                    new Held(
                                        until,
                                        r.reason() == null || !r.reason().startsWith(RETRY),
                                        time,
                                        reminders.claimWritten(r.key())))
                                : Future.succeededFuture(Outcome.BUSY));
              }
              if (r.claimedUntil() != null && r.claimedUntil().isAfter(now)) {
                return Future.succeededFuture(
                    Outcome.BUSY); // another instance is sending it right now
              }
              log.info(
                  "Taking over reminder {} whose sender stopped before recording the outcome",
                  r.key());
              return reminders
                  .takeOver(r.key(), r.claimedUntil(), instanceId, until)
                  .compose(
                      mine ->
                          mine
                              ? deliver(
                                  r,
                                  due,
                                  now,
                                  profiles,
                                  new Held(until, false, time, reminders.claimWritten(r.key())))
                              : Future.succeededFuture(Outcome.BUSY));
            });
  }

  /** Holding the claim: drop, postpone or send, and record it. */
  private Future<Outcome> deliver(
      Reminder r,
      ReminderRepository.Due due,
      Instant now,
      Map<UUID, Future<Optional<Recipients.Recipient>>> profiles,
      Held held) {
    if (!now.isBefore(r.usefulUntil())) {
      return drop(r, due, held, "overdue");
    }
    return profiles
        .computeIfAbsent(r.patientId(), recipients::find)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return drop(r, due, held, "no-account");
              }
              Recipients.Recipient who = found.get();
              if (!who.preferences().allows(r.kind())) {
                return drop(r, due, held, "opted-out");
              }
              if (!ReminderPlanner.mayDeliverAt(
                  now,
                  r.quietRule(),
                  who.preferences().quietHours(),
                  who.zone(),
                  config.sameDayEarliest())) {
                Instant later =
                    ReminderPlanner.deliveryTime(
                        now,
                        r.quietRule(),
                        who.preferences().quietHours(),
                        who.zone(),
                        config.sameDayEarliest());
                if (r.quietRule() == QuietRule.BEFORE_QUIET || !later.isBefore(r.usefulUntil())) {
                  return drop(r, due, held, "quiet-hours");
                }
                return reminders
                    .postpone(r, later, instanceId, "quiet-hours")
                    .compose(
                        moved ->
                            moved
                                ? reminders.removeDue(r.key(), due.dueAt()).map(Outcome.POSTPONED)
                                : Future.succeededFuture(Outcome.BUSY));
              }
              SendCondition condition = conditions.get(r.condition());
              Future<Optional<String>> check =
                  condition == null || "none".equals(r.condition())
                      ? Future.succeededFuture(Optional.empty())
                      : condition.dropReason(r, now);
              return check.compose(
                  reason ->
                      reason.isPresent()
                          ? drop(r, due, held, reason.get())
                          : send(r, who, due, now, held));
            })
        .recover(
            err ->
                reminders
                    .postpone(r, r.dueAt(), instanceId, RETRY + err.getMessage())
                    .transform(ar -> Future.failedFuture(err)));
  }

  /**
   * The patient's message, then a copy to each carer holding the reminders right; each is
   * idempotent by its dedup key, so a send that fails half-way is simply repeated.
   */
  private Future<Outcome> send(
      Reminder r, Recipients.Recipient who, ReminderRepository.Due due, Instant now, Held held) {
    Instant alone = held.first() ? aloneUntil(held) : null;
    return notifications
        .send(sole(r.toNotification(now), alone))
        .compose(
            sent ->
                recipients
                    .carersOf(r.patientId())
                    .compose(
                        carers ->
                            Future.all(
                                carers.stream()
                                    .map(
                                        c ->
                                            notifications.send(
                                                sole(r.toCarer(c, who.name(), now), alone)))
                                    .toList()))
                    .map(sent))
        .compose(sent -> record(r, held, Reminder.State.SENT, null, sent.notificationId()))
        .compose(
            recorded ->
                finished(r.withOutcome(Reminder.State.SENT, null), due, recorded, Outcome.SENT));
  }

  private Future<Outcome> drop(Reminder r, ReminderRepository.Due due, Held held, String reason) {
    return record(r, held, Reminder.State.DROPPED, reason, null)
        .compose(
            recorded ->
                finished(
                    r.withOutcome(Reminder.State.DROPPED, reason), due, recorded, Outcome.DROPPED));
  }

  /**
   * Records the outcome while holding the claim; false if it was lost. Without a lightweight
   * transaction while the claim is young, by one otherwise (or if the claim's time could not be
   * read, or the plain write failed: the transaction then finds what it left).
   */
  private Future<Boolean> record(
      Reminder r, Held held, Reminder.State outcome, String reason, UUID notificationId) {
    if (aloneUntil(held) == null) {
      return reminders.finish(r.key(), instanceId, outcome, reason, notificationId);
    }
    return held.written()
        .compose(
            micros ->
                reminders.finishAlone(r.key(), outcome, reason, notificationId, micros).map(true))
        .recover(err -> reminders.finish(r.key(), instanceId, outcome, reason, notificationId));
  }

  /**
   * Until when, by this instance's clock, the claim is its alone by a wide margin; null once half
   * its lease is used. The margin covers clocks that differ between instances and a pause between
   * this check and the write it allows.
   */
  private Instant aloneUntil(Held held) {
    Duration left =
        Duration.between(
            held.time().current(clock), held.until().minus(config.claimLease().dividedBy(2)));
    return left.isNegative() || left.isZero() ? null : clock.instant().plus(left);
  }

  private static NotificationRequest sole(NotificationRequest request, Instant alone) {
    return alone == null ? request : request.withSoleSenderUntil(alone);
  }

  private Future<Outcome> finished(
      Reminder r, ReminderRepository.Due due, boolean recorded, Outcome outcome) {
    if (!recorded) {
      return Future.succeededFuture(
          Outcome.BUSY); // our claim lapsed and another instance took it over
    }
    return reminders
        .removeDue(r.key(), due.dueAt())
        .map(
            v -> {
              for (BiConsumer<Reminder, Reminder.State> hook : afterOutcome) {
                try {
                  hook.accept(r, r.state());
                } catch (RuntimeException e) {
                  log.warn("After-outcome hook failed for {}: {}", r.key(), e.toString());
                }
              }
              return outcome;
            });
  }
}
