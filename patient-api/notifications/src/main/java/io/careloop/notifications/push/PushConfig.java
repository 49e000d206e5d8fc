package io.careloop.notifications.push;

import io.careloop.platform.config.Env;
import io.careloop.platform.push.Backoff;
import io.careloop.platform.push.FcmSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Configuration of push delivery, read once from the environment.
 *
 * @param fcm where and as whom to send; without credentials push is off and only the inbox fills
 * @param batchSize outbox rows one sweep reads per shard
 * @param concurrency FCM calls in flight at once (worker threads of the push pool)
 * @param maxAttempts sends tried per message and token before it is given up
 * @param backoff the wait before a retry
 * @param sweepInterval how often an idle dispatcher looks for due messages
 * @param lease how long a dispatcher holds a shard (and a claim) without renewing it
 * @param defaultTtl how long a message is worth showing when its sender does not say
 */
public record PushConfig(
    FcmSettings fcm,
    int batchSize,
    int concurrency,
    int maxAttempts,
    Backoff backoff,
    Duration sweepInterval,
    Duration lease,
    Duration defaultTtl) {

  /** Shards of the outbox; fixed, since rows already written name their shard. */
  public static final int SHARDS = 16;

  /** FCM keeps a message at most 4 weeks. */
  public static final Duration MAX_TTL = Duration.ofDays(28);

  public PushConfig {
    if (batchSize < 1 || concurrency < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException(
          "push batch size, concurrency and max attempts must be at least 1");
    }
  }

  public static PushConfig fromEnv(Env env) {
    FcmSettings fcm =
        new FcmSettings(
            env.optional("CARELOOP_FCM_CREDENTIALS").map(Path::of),
            env.optional("CARELOOP_FCM_PROJECT_ID"),
            env.optional("CARELOOP_FCM_ENDPOINT").map(URI::create),
            env.duration("CARELOOP_FCM_TIMEOUT", Duration.ofSeconds(10)));
    return new PushConfig(
        fcm,
        env.integer("CARELOOP_PUSH_BATCH_SIZE", 200),
        env.integer("CARELOOP_PUSH_CONCURRENCY", 16),
        env.integer("CARELOOP_PUSH_MAX_ATTEMPTS", 8),
        new Backoff(
            env.duration("CARELOOP_PUSH_BACKOFF_BASE", Duration.ofSeconds(5)),
            env.duration("CARELOOP_PUSH_BACKOFF_CAP", Duration.ofMinutes(30))),
        env.duration("CARELOOP_PUSH_SWEEP_INTERVAL", Duration.ofSeconds(1)),
        env.duration("CARELOOP_PUSH_LEASE", Duration.ofSeconds(30)),
        env.duration("CARELOOP_PUSH_DEFAULT_TTL", Duration.ofDays(1)));
  }

  /** Push off: notifications go to the inbox only. */
  public static PushConfig off() {
    return withFcm(FcmSettings.off());
  }

  /** The local defaults with the given FCM settings. */
  public static PushConfig withFcm(FcmSettings fcm) {
    return new PushConfig(
        fcm,
        200,
        16,
        8,
        new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(30)),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofDays(1));
  }

  public boolean enabled() {
    return fcm.enabled();
  }

  public PushConfig withSweepInterval(Duration interval) {
    return new PushConfig(
        fcm, batchSize, concurrency, maxAttempts, backoff, interval, lease, defaultTtl);
  }

  public PushConfig withMaxAttempts(int attempts) {
    return new PushConfig(
        fcm, batchSize, concurrency, attempts, backoff, sweepInterval, lease, defaultTtl);
  }

  public PushConfig withBatch(int size, int inFlight) {
    return new PushConfig(
        fcm, size, inFlight, maxAttempts, backoff, sweepInterval, lease, defaultTtl);
  }
}
