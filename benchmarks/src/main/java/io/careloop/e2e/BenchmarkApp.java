package io.careloop.e2e;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;

/** CareLoop started as the end-to-end tests start it, and a client of its API, for benchmarks. */
final class BenchmarkApp {

  private static volatile long startedNanos;

  private BenchmarkApp() {}

  /** The tests' CareLoop, started (or reused), saying how long that took. */
  static TestApp started() {
    long boot = System.nanoTime();
    TestApp app = TestApp.get();
    startedNanos = System.nanoTime();
    System.out.printf(
        "CareLoop and a Cassandra node started in %.1f s%n", (System.nanoTime() - boot) / 1e9);
    return app;
  }

  /**
   * Seconds since {@link #started()} returned at {@code nanoTime}: where in CareLoop's timers (the
   * sweeps every few minutes from its start) a figure fell.
   */
  static long secondsUp(long nanoTime) {
    return TimeUnit.NANOSECONDS.toSeconds(nanoTime - startedNanos);
  }

  /** A keep-alive client of the app's API on {@code vertx}, with up to {@code connections}. */
  static WebClient client(Vertx vertx, TestApp app, int connections) {
    String base = app.app.apiBaseUrl();
    int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    return WebClient.create(
        vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(connections));
  }
}
