package io.careloop.simulators.report;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/** Millisecond latencies (up to an hour, 3 significant digits) and their percentiles as JSON. */
final class Latency {

  private final Histogram histogram = new Histogram(3_600_000L, 3);

  void record(long millis) {
    histogram.recordValue(Math.max(0, Math.min(millis, 3_600_000L)));
  }

  JsonObject json() {
    JsonObject json = new JsonObject().put("count", histogram.getTotalCount());
    if (histogram.getTotalCount() > 0) {
      json.put("p50", histogram.getValueAtPercentile(50))
          .put("p90", histogram.getValueAtPercentile(90))
          .put("p99", histogram.getValueAtPercentile(99))
          .put("max", histogram.getMaxValue());
    }
    return json;
  }
}
