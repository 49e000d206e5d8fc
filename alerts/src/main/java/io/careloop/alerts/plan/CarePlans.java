package io.careloop.alerts.plan;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * Care plans and the patients on a plan by shard for the sweep. The per-session path asks {@link
 * #cachedPlanOf}: for the many patients without a plan, a stored session costs a cache lookup, not
 * a query, and a backlog's sessions arriving together while the entry is missing share one query.
 */
public final class CarePlans {

  /** Fixed: the shard of a patient must not change while rows are stored under it. */
  public static final int SHARDS = 16;

  private static final int MAX_CACHED = 200_000;

  private final CarePlanRepository plans;
  private final AsyncLoadingCache<UUID, Optional<CarePlan>> cache;
  private final LongAdder cacheLoads = new LongAdder();

  public CarePlans(CarePlanRepository plans, Duration cacheTtl) {
    this.plans = plans;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(MAX_CACHED)
            .expireAfterWrite(cacheTtl)
            .buildAsync(
                (patientId, executor) -> {
                  cacheLoads.increment();
                  return planOf(patientId).toCompletionStage().toCompletableFuture();
                });
  }

  public static int shardOf(UUID id) {
    return Math.floorMod(id.hashCode(), SHARDS);
  }

  /** Stores the plan (replacing the patient's previous one) and lists the patient for the sweep. */
  public Future<CarePlan> save(CarePlan plan) {
    return plans
        .save(plan, shardOf(plan.patientId()))
        .map(
            v -> {
              cache.synchronous().invalidate(plan.patientId());
              return plan;
            });
  }

  public Future<Optional<CarePlan>> planOf(UUID patientId) {
    return plans.find(patientId);
  }

  /** The plan as of at most the cache's time to live ago (a failed read is not remembered). */
  public Future<Optional<CarePlan>> cachedPlanOf(UUID patientId) {
    return Cql.onCaller(cache.get(patientId));
  }

  /** How many plans the per-session path has read from Cassandra (its cache misses). */
  public long cacheLoads() {
    return cacheLoads.sum();
  }

  /** The patients listed on a shard. */
  public Future<List<Listed>> patientsOn(int shard) {
    return plans.patientsOn(shard);
  }

  /**
   * The sweep judges the patient next at {@code at} (and not before, unless their plan changes).
   */
  public Future<Void> judgeAt(UUID patientId, Instant at) {
    return plans.judgeAt(patientId, shardOf(patientId), at);
  }

  /** The patient's plan goes (an erasure), from this instance's cache too. */
  public Future<Void> forget(UUID patientId) {
    return plans
        .delete(patientId, shardOf(patientId))
        .map(
            v -> {
              cache.synchronous().invalidate(patientId);
              return null;
            });
  }

  /** The plan ended: the sweep no longer needs to look at the patient (the plan row stays). */
  public Future<Void> unlist(UUID patientId) {
    return plans.unlist(patientId, shardOf(patientId));
  }
}
