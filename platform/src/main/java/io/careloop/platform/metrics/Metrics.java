package io.careloop.platform.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * One Prometheus registry per process: Vert.x reports its HTTP, event bus and pool metrics into
 * it, the services add their own counters and timers, and the gateway serves it on /metrics.
 */
public final class Metrics {

  private Metrics() {
  }

  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** A Vert.x instance that reports into {@code registry}. */
  public static Vertx newVertx(PrometheusMeterRegistry registry, VertxOptions options) {
    return vertxBuilder(registry, options).build();
  }

  /** The builder of such an instance, for one that is to join a cluster. */
  public static VertxBuilder vertxBuilder(PrometheusMeterRegistry registry, VertxOptions options) {
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry));
  }
}
