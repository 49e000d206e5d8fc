package io.careloop.e2e;

import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Latencies of one kind of request, in microseconds. */
final class Latencies {
  private final ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
  private final AtomicInteger errors = new AtomicInteger();

  void add(long startNanos) {
    micros.add((System.nanoTime() - startNanos) / 1000);
  }

  /** Counts the answer: its latency when it has the expected status, an error otherwise. */
  static void record(
      Latencies latencies, long startNanos, AsyncResult<HttpResponse<Buffer>> ar, int expected) {
    if (ar.succeeded() && ar.result().statusCode() == expected) {
      latencies.add(startNanos);
    } else {
      latencies.error();
    }
  }

  void error() {
    errors.incrementAndGet();
  }

  int count() {
    return micros.size();
  }

  /** Count, rate over {@code over} (none when null), percentiles. */
  String report(String name, Duration over) {
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return String.format("%-34s no samples", name);
    }
    String rate =
        over == null ? "" : String.format("  %8.1f /s", sorted.length / (over.toMillis() / 1000.0));
    return String.format(
        "%-34s %7d requests%s  p50 %7.1f ms  p99 %7.1f ms  p99.9 %7.1f ms  max %7.1f ms  errors %d",
        name,
        sorted.length,
        rate,
        pct(sorted, 50) / 1000.0,
        pct(sorted, 99) / 1000.0,
        pct(sorted, 99.9) / 1000.0,
        sorted[sorted.length - 1] / 1000.0,
        errors.get());
  }

  private static long pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
