package io.careloop.alerts.alert;

import io.careloop.platform.cassandra.ShardLeases;
import io.careloop.platform.config.Env;
import io.careloop.platform.time.IdMoment;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Configuration of the alerts module, read once from the environment.
 *
 * @param escalationDelay a high-severity alert nobody acknowledged this long goes to every nurse of
 *     the patient's clinics ({@code CARELOOP_ALERTS_ESCALATION_DELAY}, 15m)
 * @param sweepInterval how often the sweep escalates and judges every patient on a plan ({@code
 *     CARELOOP_ALERTS_SWEEP_INTERVAL}, 5m), its judgements spread over the first half of the
 *     interval so as not to crowd live sessions; 0 turns the timer off
 * @param pushTtl how long an alert's push is worth showing on a phone ({@code
 *     CARELOOP_ALERTS_PUSH_TTL}, 2h)
 * @param planCacheTtl how long a patient's plan (or having none) is remembered for the per-session
 *     path ({@code CARELOOP_ALERTS_PLAN_CACHE_TTL}, 30s); a plan changed on another instance is
 *     seen by the sweep anyway
 * @param sweepConcurrency patients judged at once by the sweep ({@code
 *     CARELOOP_ALERTS_SWEEP_CONCURRENCY}, 8)
 * @param rejudgeEvery the longest a patient on a plan goes unjudged by the sweep ({@code
 *     CARELOOP_ALERTS_REJUDGE_EVERY}, 1h): it judges a patient when a rule's verdict can change
 *     with time alone (a new day, an absence running out), and this long after it last did, which
 *     bounds how late a session whose judgement was lost (a crash) is judged
 */
public record AlertsConfig(
    Duration escalationDelay,
    Duration sweepInterval,
    Duration pushTtl,
    Duration planCacheTtl,
    int sweepConcurrency,
    Duration rejudgeEvery) {

  /** The first hour of each patient's day, over which the sweep spreads their new day. */
  private static final Duration DAY_SPREAD = Duration.ofHours(1);

  public AlertsConfig {
    if (rejudgeEvery.isZero() || rejudgeEvery.isNegative()) {
      throw new IllegalArgumentException("CARELOOP_ALERTS_REJUDGE_EVERY must be positive");
    }
    if (sweepConcurrency < 1) {
      throw new IllegalArgumentException("CARELOOP_ALERTS_SWEEP_CONCURRENCY must be at least 1");
    }
    if (pushTtl.isZero() || pushTtl.isNegative() || pushTtl.compareTo(Duration.ofDays(28)) > 0) {
      throw new IllegalArgumentException("CARELOOP_ALERTS_PUSH_TTL must be between 1s and 28d");
    }
  }

  public static AlertsConfig defaults() {
    return fromEnv(new Env(java.util.Map.of()));
  }

  public static AlertsConfig fromEnv(Env env) {
    return new AlertsConfig(
        env.duration("CARELOOP_ALERTS_ESCALATION_DELAY", Duration.ofMinutes(15)),
        env.duration("CARELOOP_ALERTS_SWEEP_INTERVAL", Duration.ofMinutes(5)),
        env.duration("CARELOOP_ALERTS_PUSH_TTL", Duration.ofHours(2)),
        env.duration("CARELOOP_ALERTS_PLAN_CACHE_TTL", Duration.ofSeconds(30)),
        env.integer("CARELOOP_ALERTS_SWEEP_CONCURRENCY", 8),
        env.duration("CARELOOP_ALERTS_REJUDGE_EVERY", Duration.ofHours(1)));
  }

  /**
   * The latest the sweep judges the patient again after {@code now}: their own moment of each
   * {@link #rejudgeEvery} period (picked by their id), at most a period on. The patients one sweep
   * judged together (all of them, after a restart) are not all due together again: a chain's hourly
   * judgements spread evenly over the hour.
   */
  public Instant latestJudgement(UUID patientId, Instant now) {
    long period = rejudgeEvery.toMillis();
    long moment = IdMoment.offset(patientId, period);
    long wait = Math.floorMod(moment - now.toEpochMilli(), period);
    return now.plusMillis(wait == 0 ? period : wait);
  }

  /**
   * How long after their midnight the sweep judges a patient's day windows: their own moment of the
   * day's first hour, so that a time zone's patients are not all due at its midnight. With the
   * default hour of {@link #rejudgeEvery} and a zone a whole number of hours from UTC, it is the
   * patient's moment of the hour: the new day costs no judgement of its own.
   */
  public static Duration dayJudgedAfter(UUID patientId) {
    return Duration.ofMillis(IdMoment.offset(patientId, DAY_SPREAD.toMillis()));
  }

  /** How long an instance keeps a sweep shard without sweeping it again. */
  public Duration sweepLease() {
    return ShardLeases.forSweepsEvery(sweepInterval);
  }

  public AlertsConfig withSweepInterval(Duration interval) {
    return new AlertsConfig(
        escalationDelay, interval, pushTtl, planCacheTtl, sweepConcurrency, rejudgeEvery);
  }
}
