package io.careloop.platform.metrics;

import io.careloop.platform.tracing.Tracing;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * One Prometheus registry per process: Vert.x reports its HTTP, event bus and pool metrics into it,
 * the services add their own counters and timers, and the gateway serves it on /metrics.
 */
public final class Metrics {

  private Metrics() {}

  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(HISTOGRAMS);
    return registry;
  }

  /**
   * CareLoop's timers and the HTTP server's request times are published as histogram buckets, so
   * that percentiles can be computed across instances ({@code histogram_quantile} over the summed
   * {@code _bucket} series), rather than as per-instance percentiles, which cannot be combined.
   */
  static final MeterFilter HISTOGRAMS =
      new MeterFilter() {
        @Override
        public DistributionStatisticConfig configure(
            Meter.Id id, DistributionStatisticConfig config) {
          boolean ours =
              id.getName().startsWith("careloop.") || id.getName().startsWith("vertx.http.server");
          if (!ours
              || (id.getType() != Meter.Type.TIMER
                  && id.getType() != Meter.Type.DISTRIBUTION_SUMMARY)) {
            return config;
          }
          return DistributionStatisticConfig.builder()
              .percentilesHistogram(true)
              .percentiles(new double[0])
              .build()
              .merge(config);
        }
      };

  /** A Vert.x instance that reports into {@code registry}. */
  public static Vertx newVertx(PrometheusMeterRegistry registry, VertxOptions options) {
    return vertxBuilder(registry, options).build();
  }

  /** The builder of such an instance, for one that is to join a cluster. */
  public static VertxBuilder vertxBuilder(PrometheusMeterRegistry registry, VertxOptions options) {
    return vertxBuilder(registry, options, Tracing.off());
  }

  /** The same, with this process's tracing (nothing is installed when it is off). */
  public static VertxBuilder vertxBuilder(
      PrometheusMeterRegistry registry, VertxOptions options, Tracing tracing) {
    options.setMetricsOptions(
        new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    return tracing.applyTo(
        Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)));
  }
}
