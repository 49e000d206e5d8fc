package io.careloop.crm;

import io.careloop.platform.cassandra.ShardLeases;
import io.careloop.platform.config.Env;
import java.time.Duration;

/**
 * Configuration of the CRM, read once from the environment.
 *
 * @param sweepInterval     how often the sweep reads again, from the other modules, what a lost
 *                          event would have told about each patient it knows
 *                          ({@code CARELOOP_CRM_SWEEP_INTERVAL}, 1h); 0 turns the timer off
 * @param sweepConcurrency  patients read again at once by the sweep ({@code CARELOOP_CRM_SWEEP_CONCURRENCY}, 8)
 * @param sessionLookback   how far back the sweep reads a patient's brushing sessions
 *                          ({@code CARELOOP_CRM_SESSION_LOOKBACK}, 7d, at most 90d)
 * @param importConcurrency lines of an import stored at once ({@code CARELOOP_CRM_IMPORT_CONCURRENCY}, 32)
 */
public record CrmConfig(Duration sweepInterval, int sweepConcurrency, Duration sessionLookback, int importConcurrency) {

  public CrmConfig {
    if (sweepConcurrency < 1 || importConcurrency < 1) {
      throw new IllegalArgumentException("CARELOOP_CRM_SWEEP_CONCURRENCY and CARELOOP_CRM_IMPORT_CONCURRENCY must be at least 1");
    }
    if (sessionLookback.isNegative() || sessionLookback.compareTo(Duration.ofDays(90)) > 0) {
      throw new IllegalArgumentException("CARELOOP_CRM_SESSION_LOOKBACK must be between 0 and 90d");
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
        env.integer("CARELOOP_CRM_IMPORT_CONCURRENCY", 32));
  }

  /** How long an instance keeps a sweep shard without sweeping it again. */
  public Duration sweepLease() {
    return ShardLeases.forSweepsEvery(sweepInterval);
  }

  public CrmConfig withSweepInterval(Duration interval) {
    return new CrmConfig(interval, sweepConcurrency, sessionLookback, importConcurrency);
  }
}
