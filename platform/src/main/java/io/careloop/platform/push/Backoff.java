package io.careloop.platform.push;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of {@code
 * min(cap, base * 2^(n-1))}. The exponential part backs off from a struggling FCM; the random half
 * spreads the retries of many messages that failed together (one 503 burst), so they do not all
 * come back in the same second.
 */
public record Backoff(Duration base, Duration cap) {

  public Backoff {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < base <= cap, got base " + base + ", cap " + cap);
    }
  }

  /** The longest wait before retry number {@code retry} (1 for the first retry). */
  public Duration ceiling(int retry) {
    int doublings = Math.max(0, Math.min(retry - 1, 40));
    long millis = base.toMillis();
    for (int i = 0; i < doublings && millis < cap.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, cap.toMillis()));
  }

  /** The wait before retry number {@code retry}; {@code random} yields values in [0, 1). */
  public Duration delay(int retry, DoubleSupplier random) {
    long ceiling = ceiling(retry).toMillis();
    long floor = ceiling - ceiling / 2;
    long jitter = (long) (random.getAsDouble() * (ceiling - floor + 1));
    return Duration.ofMillis(Math.min(ceiling, floor + jitter));
  }
}
