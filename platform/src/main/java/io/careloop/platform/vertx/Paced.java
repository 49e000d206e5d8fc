package io.careloop.platform.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Work spread evenly over a span: of {@code count} calls, the n-th (from 0) starts no earlier than
 * {@code n × span / count} after the first. For a periodic sweep of many items, so that it runs
 * beside the live work at a steady pace instead of crowding it in a burst (whose queueing is what
 * users feel, as a latency spike every sweep). A call that comes later than its time is not held
 * back: a sweep slower than its span runs at its own pace. With {@link Bounded} the waiting calls
 * hold their places, which is the point. Safe from any thread.
 */
public final class Paced {

  private Paced() {}

  /**
   * {@code work}, its calls spread over {@code span}; {@code work} itself when there is no span.
   */
  public static <T, R> Function<T, Future<R>> over(
      Vertx vertx, Duration span, int count, Function<T, Future<R>> work) {
    if (span.isZero() || span.isNegative() || count <= 1) {
      return work;
    }
    long gapNanos = span.toNanos() / count;
    AtomicInteger calls = new AtomicInteger();
    AtomicLong firstNanos = new AtomicLong();
    return item -> {
      int n = calls.getAndIncrement();
      long now = System.nanoTime();
      if (n == 0) {
        firstNanos.set(now);
        return work.apply(item);
      }
      long waitMillis = TimeUnit.NANOSECONDS.toMillis(firstNanos.get() + n * gapNanos - now);
      return waitMillis <= 0
          ? work.apply(item)
          : vertx.timer(waitMillis, TimeUnit.MILLISECONDS).compose(v -> work.apply(item));
    };
  }
}
