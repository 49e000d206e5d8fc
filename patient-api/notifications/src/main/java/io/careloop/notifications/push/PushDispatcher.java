package io.careloop.notifications.push;

import io.careloop.notifications.push.DispatcherLeaseRepository.Lease;
import io.careloop.notifications.push.PushOutboxRepository.Delivery;
import io.careloop.notifications.push.PushOutboxRepository.Due;
import io.careloop.notifications.push.PushOutboxRepository.State;
import io.careloop.platform.push.FcmSender;
import io.careloop.platform.push.PushMessage;
import io.careloop.platform.push.PushOutcome;
import io.careloop.platform.push.PushTokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the push outbox holds. Each instance leases a fair share of the outbox's shards (a
 * lightweight transaction per shard, renewed while it lives; its share shrinks as instances join),
 * sweeps their due rows minute by minute, claims each delivery with a lightweight transaction
 * before the send (so even two instances holding a shard during a lease hand-over never send the
 * same attempt), sends on a bounded worker pool through the Firebase Admin SDK, and records the
 * outcome while it holds the claim: delivered; retried later with exponential backoff and jitter
 * (429, 500, 503, no answer) until {@link PushConfig#maxAttempts()}; the token deleted
 * (UNREGISTERED, invalid token); expired (the message's TTL passed first); or failed.
 *
 * <p>A sender that queued a delivery due now says so on {@link #DUE_ADDRESS}: the shard's holder
 * sweeps that shard at once, so a push leaves within milliseconds while the sweep of every shard
 * runs only every {@link PushConfig#sweepInterval()} (for what is due later, retries, and a word
 * that got lost).
 *
 * <p>All state below is confined to this verticle's event loop; only FCM calls run elsewhere. The
 * dispatcher owns its sender and closes it when it stops.
 */
public final class PushDispatcher extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(PushDispatcher.class);
  static final String GROUP = "push";

  /** Where senders publish the shard of a delivery due now (an integer), on every instance. */
  public static final String DUE_ADDRESS = "careloop.push.due";

  /**
   * Minutes this recent are read again on every sweep: a row another instance wrote with a clock a
   * little behind ours may land behind our cursor.
   */
  static final Duration SETTLE = Duration.ofMinutes(2);

  /** Where a shard nobody ever swept starts. */
  static final Duration FIRST_LOOKBACK = Duration.ofHours(1);

  /** Old minutes visited per shard per sweep while catching up (after downtime). */
  static final int CATCH_UP_MINUTES = 60;

  /** Counts since start, for logs and benchmarks. */
  public record Stats(long delivered, long retried, long expired, long unregistered, long failed) {}

  /** A leased shard: its low-water mark and, per minute, where the last read stopped. */
  private static final class ShardSweep {
    final int shard;
    Instant sweptUntil;
    final TreeMap<Instant, Due> cursors = new TreeMap<>();
    final Map<Instant, Integer> inFlightByMinute = new HashMap<>();

    /** Minutes holding a row someone else had claimed: read again from their start at this time. */
    final Map<Instant, Instant> revisits = new HashMap<>();

    ShardSweep(int shard, Instant sweptUntil) {
      this.shard = shard;
      this.sweptUntil = sweptUntil;
    }
  }

  private final PushOutboxRepository outbox;
  private final DispatcherLeaseRepository leases;
  private final PushTokenRegistry tokens;
  private final FcmSender sender;
  private final PushConfig config;
  private final Clock clock;
  private final UUID instanceId = UUID.randomUUID();
  private final Random random = new Random();
  private final Map<Integer, ShardSweep> owned = new TreeMap<>();
  private final Set<String> inFlight = new HashSet<>();
  private final int maxInFlight;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong expired = new AtomicLong();
  private final AtomicLong unregistered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile int ownedCount;
  private WorkerExecutor pushPool;
  private long timer = -1;

  /** Shards said to hold a delivery due now, swept on the next tick without the others. */
  private final Set<Integer> woken = new TreeSet<>();

  private MessageConsumer<Integer> dueNow;
  private boolean ticking;
  private long nextFullSweepNanos;

  /** The tick under way, if any: stopping waits for it, since it may still take a shard. */
  private Future<?> cycle = Future.succeededFuture();

  private long nextLeaseCheckNanos;
  private boolean stopping;

  public PushDispatcher(
      PushOutboxRepository outbox,
      DispatcherLeaseRepository leases,
      PushTokenRegistry tokens,
      FcmSender sender,
      PushConfig config,
      Clock clock) {
    this.outbox = outbox;
    this.leases = leases;
    this.tokens = tokens;
    this.sender = sender;
    this.config = config;
    this.clock = clock;
    // Claims and outcome writes (lightweight transactions, the slow part) overlap the sends.
    this.maxInFlight = config.concurrency() * 4;
  }

  @Override
  public Future<?> start() {
    pushPool =
        vertx.createSharedWorkerExecutor(
            "careloop-push-" + instanceId.toString().substring(0, 8), config.concurrency());
    nextFullSweepNanos = System.nanoTime();
    dueNow = vertx.eventBus().consumer(DUE_ADDRESS, message -> wake(message.body()));
    return dueNow
        .completion()
        .compose(v -> leases.createLeases(allShards()))
        .compose(v -> maintainLeases())
        .onSuccess(
            v -> {
              log.info(
                  "Push dispatcher {} started with {} of {} shards",
                  instanceId,
                  owned.size(),
                  PushConfig.SHARDS);
              schedule(0);
            });
  }

  /** Lets in-flight sends finish (so no claim is left to time out), then hands the shards back. */
  @Override
  public Future<?> stop() {
    stopping = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    dueNow.unregister();
    Promise<Void> drained = Promise.promise();
    // A tick under way may still acquire a shard; once it is over, every shard held is in `owned`
    // and is given back below, instead of staying leased to a departed instance until it expires.
    cycle.onComplete(done -> awaitDrained(drained, System.nanoTime() + config.lease().toNanos()));
    return drained
        .future()
        .compose(
            v ->
                Future.join(
                    owned.values().stream()
                        .map(s -> leases.release(s.shard, instanceId, s.sweptUntil))
                        .toList()))
        .compose(v -> leases.leave(GROUP, instanceId))
        .eventually(
            () -> {
              owned.clear();
              ownedCount = 0;
              // closing the sender deletes its Firebase app, which blocks: on the pool, not the
              // event loop
              return pushPool
                  .executeBlocking(
                      () -> {
                        sender.close();
                        return null;
                      })
                  .eventually(() -> pushPool.close());
            });
  }

  private void awaitDrained(Promise<Void> drained, long deadlineNanos) {
    if (inFlight.isEmpty() || System.nanoTime() > deadlineNanos) {
      drained.complete();
    } else {
      vertx.setTimer(20, id -> awaitDrained(drained, deadlineNanos));
    }
  }

  public UUID instanceId() {
    return instanceId;
  }

  /** Shards this instance holds now. */
  public int ownedShards() {
    return ownedCount;
  }

  public Stats stats() {
    return new Stats(
        delivered.get(), retried.get(), expired.get(), unregistered.get(), failed.get());
  }

  /** The next tick, in place of any other still to come: one timer, so ticks never overlap. */
  private void schedule(long delayMillis) {
    if (!stopping) {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      timer = vertx.setTimer(Math.max(1, delayMillis), id -> tick());
    }
  }

  /** A sender queued a delivery due now in this shard: sweep it at once if it is ours. */
  private void wake(int shard) {
    if (stopping || !owned.containsKey(shard) || !woken.add(shard) || ticking) {
      return; // not ours, or a tick is already coming (one under way looks at woken when done)
    }
    schedule(0);
  }

  /**
   * Sweeps every held shard when the interval is up (or the last sweep left work behind), else only
   * the shards woken since the last tick.
   */
  private void tick() {
    if (stopping) {
      return;
    }
    ticking = true;
    boolean full = System.nanoTime() - nextFullSweepNanos >= 0;
    List<Integer> shards = full ? List.copyOf(owned.keySet()) : List.copyOf(woken);
    woken.clear();
    Future<Void> leaseCheck =
        System.nanoTime() >= nextLeaseCheckNanos ? maintainLeases() : Future.succeededFuture();
    cycle =
        leaseCheck
            .compose(v -> sweepShards(shards))
            .onComplete(
                ar -> {
                  ticking = false;
                  if (ar.failed()) {
                    log.warn(
                        "A push sweep failed; trying again shortly: {}", ar.cause().toString());
                  }
                  boolean more = ar.succeeded() && ar.result();
                  long now = System.nanoTime();
                  if (more) {
                    nextFullSweepNanos = now;
                  } else if (full) {
                    nextFullSweepNanos = now + config.sweepInterval().toNanos();
                  }
                  long untilFull = Math.max(0, (nextFullSweepNanos - now) / 1_000_000);
                  schedule(more ? 5 : woken.isEmpty() ? untilFull : 0);
                });
  }

  // ---- shards ----------------------------------------------------------------------------------

  private static List<Integer> allShards() {
    return IntStream.range(0, PushConfig.SHARDS).boxed().toList();
  }

  /** Heartbeat, renew what is held, then give back or take shards to hold a fair share. */
  private Future<Void> maintainLeases() {
    nextLeaseCheckNanos = System.nanoTime() + config.lease().dividedBy(3).toNanos();
    Instant now = clock.instant();
    Instant until = now.plus(config.lease());
    return leases
        .heartbeat(GROUP, instanceId, now, config.lease())
        .compose(v -> leases.liveDispatchers(GROUP))
        .compose(
            live ->
                renewHeld(until)
                    .map(v -> (PushConfig.SHARDS + Math.max(1, live) - 1) / Math.max(1, live)))
        .compose(
            fair ->
                owned.size() > fair
                    ? releaseExcess(owned.size() - fair)
                    : takeFree(fair, now, until))
        .onComplete(v -> ownedCount = owned.size());
  }

  private Future<Void> renewHeld(Instant until) {
    List<Future<Boolean>> renewals = new ArrayList<>();
    for (ShardSweep s : List.copyOf(owned.values())) {
      renewals.add(
          leases
              .renew(s.shard, instanceId, until, s.sweptUntil)
              .onSuccess(
                  held -> {
                    if (!held) {
                      log.warn("Push shard {} was taken over by another dispatcher", s.shard);
                      owned.remove(s.shard);
                    }
                  }));
    }
    return Future.join(renewals).mapEmpty();
  }

  private Future<Void> releaseExcess(int count) {
    List<ShardSweep> excess =
        new ArrayList<>(owned.values()).subList(owned.size() - count, owned.size());
    List<Future<Boolean>> releases = new ArrayList<>();
    for (ShardSweep s : List.copyOf(excess)) {
      owned.remove(s.shard);
      releases.add(leases.release(s.shard, instanceId, s.sweptUntil));
    }
    return Future.join(releases).mapEmpty();
  }

  private Future<Void> takeFree(int fair, Instant now, Instant until) {
    if (owned.size() >= fair) {
      return Future.succeededFuture();
    }
    return leases
        .leases(allShards())
        .compose(
            all -> {
              List<Lease> free =
                  new ArrayList<>(
                      all.stream()
                          .filter(
                              l ->
                                  !owned.containsKey(l.shard())
                                      && (l.leaseUntil() == null || l.leaseUntil().isBefore(now)))
                          .toList());
              Collections.shuffle(
                  free, random); // instances starting together do not all race for shard 0
              return takeInTurn(free, 0, fair, now, until);
            });
  }

  private Future<Void> takeInTurn(
      List<Lease> free, int index, int fair, Instant now, Instant until) {
    if (stopping || owned.size() >= fair || index >= free.size()) {
      return Future.succeededFuture();
    }
    Lease lease = free.get(index);
    return leases
        .acquire(lease.shard(), instanceId, now, until)
        .compose(
            taken -> {
              if (taken) {
                Instant start =
                    lease.sweptUntil() != null
                        ? lease.sweptUntil()
                        : PushOutboxRepository.minuteOf(now.minus(FIRST_LOOKBACK));
                owned.put(lease.shard(), new ShardSweep(lease.shard(), start));
              }
              return takeInTurn(free, index + 1, fair, now, until);
            });
  }

  // ---- sweeping --------------------------------------------------------------------------------

  /**
   * Sweeps these shards (those still held) once; true when work may be left (a full batch read, or
   * no room for more in flight), so that the next sweep of every shard comes at once.
   */
  private Future<Boolean> sweepShards(List<Integer> shards) {
    if (inFlight.size() > maxInFlight / 2) {
      // Still busy: a sweep now would read a dozen partitions to fill a few free places.
      return Future.succeededFuture(true);
    }
    Future<Boolean> chain = Future.succeededFuture(false);
    for (int shard : shards) {
      chain =
          chain.compose(
              more ->
                  owned.containsKey(shard)
                      ? sweep(owned.get(shard)).map(left -> more || left)
                      : Future.succeededFuture(more));
    }
    return chain;
  }

  private Future<Boolean> sweep(ShardSweep s) {
    Instant now = clock.instant();
    Instant current = PushOutboxRepository.minuteOf(now);
    Instant settled = PushOutboxRepository.minuteOf(now.minus(SETTLE));
    if (s.sweptUntil.isAfter(settled)) {
      s.sweptUntil = settled; // swept by a clock ahead of ours: never skip what is due by this one
    }
    List<Instant> minutes = new ArrayList<>();
    Instant m = s.sweptUntil;
    for (int i = 0;
        i < CATCH_UP_MINUTES && !m.isAfter(current);
        i++, m = m.plus(Duration.ofMinutes(1))) {
      minutes.add(m);
    }
    for (Instant recent = settled;
        !recent.isAfter(current);
        recent = recent.plus(Duration.ofMinutes(1))) {
      if (!minutes.contains(recent) && !recent.isBefore(s.sweptUntil)) {
        minutes.add(recent);
      }
    }
    s.cursors.headMap(s.sweptUntil).clear();
    s.revisits
        .entrySet()
        .removeIf(
            r -> {
              boolean due = !now.isBefore(r.getValue());
              if (due) {
                s.cursors.remove(r.getKey());
              }
              return due;
            });
    return sweepMinutes(s, minutes, 0, now, settled, false);
  }

  private Future<Boolean> sweepMinutes(
      ShardSweep s, List<Instant> minutes, int index, Instant now, Instant settled, boolean left) {
    int capacity = maxInFlight - inFlight.size();
    if (index >= minutes.size() || capacity <= 0 || stopping) {
      return Future.succeededFuture(left || capacity <= 0);
    }
    Instant minute = minutes.get(index);
    Due cursor = s.cursors.get(minute);
    int limit = Math.min(capacity, config.batchSize());
    return outbox
        .due(s.shard, minute, now, cursor, limit)
        .compose(
            rows -> {
              for (Due due : rows) {
                if (inFlight.add(due.key())) {
                  dispatch(s, due);
                }
              }
              if (!rows.isEmpty()) {
                s.cursors.put(minute, rows.get(rows.size() - 1));
              } else if (minute.equals(s.sweptUntil)
                  && minute.isBefore(settled)
                  && s.inFlightByMinute.getOrDefault(minute, 0) == 0) {
                if (cursor == null) {
                  // Read from its start and empty: nothing will ever be due in this minute again.
                  s.sweptUntil = minute.plus(Duration.ofMinutes(1));
                  s.cursors.remove(minute);
                } else {
                  s.cursors.remove(
                      minute); // next time from its start, to see rows left behind the cursor
                }
              }
              return sweepMinutes(
                  s, minutes, index + 1, now, settled, left || rows.size() >= limit);
            });
  }

  private void dispatch(ShardSweep s, Due due) {
    s.inFlightByMinute.merge(due.dueMinute(), 1, Integer::sum);
    attempt(due)
        .onComplete(
            ar -> {
              if (ar.succeeded() && ar.result().isPresent()) {
                s.revisits.merge(
                    due.dueMinute(), ar.result().get(), (a, b) -> a.isBefore(b) ? a : b);
              }
              inFlight.remove(due.key());
              s.inFlightByMinute.computeIfPresent(due.dueMinute(), (k, n) -> n > 1 ? n - 1 : null);
              if (ar.failed()) {
                // Cassandra did not take a claim or an outcome: read the minute again from its
                // start later.
                s.cursors.remove(due.dueMinute());
                log.warn(
                    "Push {} of notification {} attempt {} is left for a later sweep: {}",
                    PushTokens.fingerprint(due.token()),
                    due.notificationId(),
                    due.attempt() + 1,
                    ar.cause().toString());
              }
            });
  }

  /**
   * Claims the attempt, or learns why not, and sends when the claim is ours. Completes with the
   * time to look at the row again when someone else holds it now.
   */
  private Future<Optional<Instant>> attempt(Due due) {
    Instant now = clock.instant();
    Instant until = now.plus(config.lease());
    return outbox
        .claim(due, instanceId, now, until)
        .compose(
            refused -> {
              if (refused.isEmpty()) {
                return send(due).map(Optional.empty());
              }
              Delivery current = refused.get();
              if (current.state() == null
                  || current.state().isFinal()
                  || current.attempts() > due.attempt()) {
                return outbox
                    .removeDue(due)
                    .map(Optional.empty()); // a pointer to an attempt that is over
              }
              if (current.state() == State.SENDING
                  && current.attempts() == due.attempt()
                  && current.claimedUntil() != null
                  && current.claimedUntil().isBefore(now)) {
                // Its claimant died or stalled past its lease without an outcome: this attempt is
                // ours now.
                return outbox
                    .takeOver(due, instanceId, now, until, current.claimedUntil())
                    .compose(
                        took ->
                            took
                                ? send(due).map(Optional.<Instant>empty())
                                : Future.succeededFuture(Optional.of(now)));
              }
              // Another dispatcher holds it (or is just moving it to its next attempt): look again
              // when
              // that claim runs out.
              Instant claimEnds =
                  current.claimedUntil() != null ? current.claimedUntil() : now.plusSeconds(1);
              return Future.succeededFuture(Optional.of(claimEnds.plusMillis(1)));
            });
  }

  private Future<Void> send(Due due) {
    Instant now = clock.instant();
    if (!now.isBefore(due.expiresAt())) {
      return finish(due, State.EXPIRED, "expired before it was sent", null, false);
    }
    PushMessage message =
        new PushMessage(
            due.token(), due.title(), due.body(), due.data(), due.collapseKey(), due.expiresAt());
    return pushPool
        .executeBlocking(() -> sender.send(message), false)
        .recover(
            err ->
                Future.succeededFuture(
                    new PushOutcome(
                        PushOutcome.Kind.RETRY,
                        null,
                        "unexpected: " + err.getClass().getSimpleName(),
                        Optional.empty())))
        .compose(outcome -> record(due, outcome));
  }

  private Future<Void> record(Due due, PushOutcome outcome) {
    int attempts = due.attempt() + 1;
    switch (outcome.kind()) {
      case DELIVERED:
        return finish(due, State.DELIVERED, null, outcome.messageId(), true);
      case DROP_TOKEN:
        log.info(
            "FCM no longer knows push token {} of account {} ({}): deleting it",
            PushTokens.fingerprint(due.token()),
            due.recipientId(),
            outcome.error());
        return finish(due, State.UNREGISTERED, outcome.error(), null, true)
            .compose(v -> tokens.drop(due.recipientId(), due.token()));
      case FAIL:
        log.warn(
            "FCM refused notification {} to {}: {}",
            due.notificationId(),
            PushTokens.fingerprint(due.token()),
            outcome.error());
        return finish(due, State.FAILED, outcome.error(), null, true);
      default:
        if (attempts >= config.maxAttempts()) {
          log.warn(
              "Giving up notification {} to {} after {} attempts: {}",
              due.notificationId(),
              PushTokens.fingerprint(due.token()),
              attempts,
              outcome.error());
          return finish(
              due,
              State.FAILED,
              "gave up after " + attempts + " attempts: " + outcome.error(),
              null,
              true);
        }
        Instant now = clock.instant();
        Duration wait = config.backoff().delay(attempts, random::nextDouble);
        if (outcome.retryAfter().isPresent() && outcome.retryAfter().get().compareTo(wait) > 0) {
          wait = outcome.retryAfter().get();
        }
        Instant next = now.plus(wait);
        if (!next.isBefore(due.expiresAt())) {
          return finish(
              due, State.EXPIRED, "expired while retrying: " + outcome.error(), null, true);
        }
        return outbox
            .reschedule(due, instanceId, next, outcome.error(), now)
            .map(
                held -> {
                  if (held) {
                    retried.incrementAndGet();
                  } else {
                    log.warn(
                        "Lost the claim on notification {} before rescheduling it",
                        due.notificationId());
                  }
                  return null;
                });
    }
  }

  private Future<Void> finish(
      Due due, State state, String error, String messageId, boolean attempted) {
    return outbox
        .finish(due, instanceId, state, error, messageId, clock.instant(), attempted)
        .map(
            held -> {
              if (!held) {
                log.warn(
                    "Lost the claim on notification {} before recording it {}",
                    due.notificationId(),
                    state);
                return null;
              }
              switch (state) {
                case DELIVERED:
                  delivered.incrementAndGet();
                  break;
                case EXPIRED:
                  expired.incrementAndGet();
                  break;
                case UNREGISTERED:
                  unregistered.incrementAndGet();
                  break;
                default:
                  failed.incrementAndGet();
              }
              return null;
            });
  }
}
