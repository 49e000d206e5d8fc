package io.careloop.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  @DisplayName(
      "CareLoop's timers are histogram buckets that sum across instances, not per-instance percentiles")
  void histogramsNotPercentiles() {
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    Timer.builder("careloop.test.duration")
        .publishPercentiles(0.99)
        .register(registry)
        .record(Duration.ofMillis(12));

    String scrape = registry.scrape();

    assertThat(scrape).contains("careloop_test_duration_seconds_bucket{le=");
    assertThat(scrape).doesNotContain("quantile=");
  }
}
