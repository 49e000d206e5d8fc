package io.careloop.platform.http;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (an account, an IP address): {@code capacity} attempts at once, one more
 * every {@code refill}. In-process, so each instance limits on its own; that bounds guessing to
 * instances × capacity per period, which the capacities are chosen for.
 */
public final class RateLimiter {

  /** {@code burst} attempts at once, then one more every {@code every}. */
  public record Rate(int burst, Duration every) {
    public Rate {
      if (burst < 1 || every.isNegative() || every.isZero()) {
        throw new IllegalArgumentException("a rate needs a burst of at least 1 and a refill time");
      }
    }

    /** {@code burst} at once, then {@code perSecond} a second. */
    public static Rate perSecond(int burst, int perSecond) {
      if (perSecond < 1) {
        throw new IllegalArgumentException("a rate needs at least 1 a second, got " + perSecond);
      }
      return new Rate(burst, Duration.ofNanos(1_000_000_000L / perSecond));
    }
  }

  private record Bucket(double tokens, long updatedNanos) {}

  private final int capacity;
  private final long refillNanos;
  private final Clock clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(int capacity, Duration refill, Clock clock) {
    this.capacity = capacity;
    this.refillNanos = refill.toNanos();
    this.clock = clock;
  }

  public RateLimiter(Rate rate, Clock clock) {
    this(rate.burst(), rate.every(), clock);
  }

  /** Takes one attempt for {@code key}; fails with 429 when none is left. */
  public void acquire(String key) {
    long now = nanos();
    boolean[] allowed = new boolean[1];
    Bucket after =
        buckets.compute(
            key,
            (k, b) -> {
              double tokens =
                  b == null
                      ? capacity
                      : Math.min(
                          capacity, b.tokens() + (now - b.updatedNanos()) / (double) refillNanos);
              allowed[0] = tokens >= 1;
              return new Bucket(allowed[0] ? tokens - 1 : tokens, now);
            });
    if (!allowed[0]) {
      long waitSeconds = Math.max(1, (long) Math.ceil((1 - after.tokens()) * refillNanos / 1e9));
      throw Problem.tooManyRequests(
          "Too many attempts; try again in " + waitSeconds + " s", waitSeconds);
    }
    if (buckets.size() > 100_000) {
      buckets.entrySet().removeIf(e -> now - e.getValue().updatedNanos() > refillNanos * capacity);
    }
  }

  private long nanos() {
    return clock.millis() * 1_000_000L;
  }
}
