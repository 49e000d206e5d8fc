package io.careloop.crm;

import io.careloop.platform.cassandra.ShardLeases;
import io.careloop.platform.config.Env;
import java.time.Duration;

/**
 * Configuration of the CRM, read once from the environment.
 *
 * @param sweepInterval how often the sweep reads again, from the other modules, what a lost event
 *     would have told about each patient it knows, and judges them ({@code
 *     CARELOOP_CRM_SWEEP_INTERVAL}, 1h); 0 turns the timer off
 * @param sweepConcurrency patients read again and judged at once by the sweep, the refits and an
 *     import's judging ({@code CARELOOP_CRM_SWEEP_CONCURRENCY}, 8)
 * @param sessionLookback how far back the sweep reads a patient's brushing sessions ({@code
 *     CARELOOP_CRM_SESSION_LOOKBACK}, 7d, at most 90d)
 * @param importConcurrency lines of an import stored at once ({@code
 *     CARELOOP_CRM_IMPORT_CONCURRENCY}, 32)
 * @param tierRefitInterval how often the value tiers are refitted ({@code
 *     CARELOOP_CRM_TIER_REFIT_INTERVAL}, 24h; 0: only on demand)
 * @param churnRefitInterval how often the churn model is refitted ({@code
 *     CARELOOP_CRM_CHURN_REFIT_INTERVAL}, 24h; 0: never)
 * @param tierSample patients the tiers are fitted on at most, a seeded sample of all ({@code
 *     CARELOOP_CRM_TIER_SAMPLE}, 100000; all are then assigned)
 * @param churnSample patients whose history the churn model learns from at most ({@code
 *     CARELOOP_CRM_CHURN_SAMPLE}, 20000)
 */
public record CrmConfig(
    Duration sweepInterval,
    int sweepConcurrency,
    Duration sessionLookback,
    int importConcurrency,
    Duration tierRefitInterval,
    Duration churnRefitInterval,
    int tierSample,
    int churnSample) {

  public CrmConfig {
    if (sweepConcurrency < 1 || importConcurrency < 1) {
      throw new IllegalArgumentException(
          "CARELOOP_CRM_SWEEP_CONCURRENCY and CARELOOP_CRM_IMPORT_CONCURRENCY must be at least 1");
    }
    if (sessionLookback.isNegative() || sessionLookback.compareTo(Duration.ofDays(90)) > 0) {
      throw new IllegalArgumentException("CARELOOP_CRM_SESSION_LOOKBACK must be between 0 and 90d");
    }
    if (tierSample < 100 || churnSample < 100) {
      throw new IllegalArgumentException(
          "CARELOOP_CRM_TIER_SAMPLE and CARELOOP_CRM_CHURN_SAMPLE must be at least 100");
    }
  }

  public static CrmConfig defaults() {
    return fromEnv(new Env(java.util.Map.of()));
  }

  public static CrmConfig fromEnv(Env env) {
    return new CrmConfig(
        env.duration("CARELOOP_CRM_SWEEP_INTERVAL", Duration.ofHours(1)),
        env.integer("CARELOOP_CRM_SWEEP_CONCURRENCY", 8),
        env.duration("CARELOOP_CRM_SESSION_LOOKBACK", Duration.ofDays(7)),
        env.integer("CARELOOP_CRM_IMPORT_CONCURRENCY", 32),
        env.duration("CARELOOP_CRM_TIER_REFIT_INTERVAL", Duration.ofHours(24)),
        env.duration("CARELOOP_CRM_CHURN_REFIT_INTERVAL", Duration.ofHours(24)),
        env.integer("CARELOOP_CRM_TIER_SAMPLE", 100_000),
        env.integer("CARELOOP_CRM_CHURN_SAMPLE", 20_000));
  }

  /** How long an instance keeps a sweep shard without sweeping it again. */
  public Duration sweepLease() {
    return ShardLeases.forSweepsEvery(sweepInterval);
  }

  public CrmConfig withSweepInterval(Duration interval) {
    return new CrmConfig(
        interval,
        sweepConcurrency,
        sessionLookback,
        importConcurrency,
        tierRefitInterval,
        churnRefitInterval,
        tierSample,
        churnSample);
  }

  public CrmConfig withSweepConcurrency(int concurrency) {
    return new CrmConfig(
        sweepInterval,
        concurrency,
        sessionLookback,
        importConcurrency,
        tierRefitInterval,
        churnRefitInterval,
        tierSample,
        churnSample);
  }

  /** Refits only on demand: tests and benchmarks say when. */
  public CrmConfig withoutScheduledRefits() {
    return new CrmConfig(
        sweepInterval,
        sweepConcurrency,
        sessionLookback,
        importConcurrency,
        Duration.ZERO,
        Duration.ZERO,
        tierSample,
        churnSample);
  }
}
