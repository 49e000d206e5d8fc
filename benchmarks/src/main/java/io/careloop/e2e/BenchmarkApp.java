package io.careloop.e2e;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** CareLoop started as the end-to-end tests start it, and a client of its API, for benchmarks. */
final class BenchmarkApp {

  private BenchmarkApp() {}

  /** The tests' CareLoop, started (or reused), saying how long that took. */
  static TestApp started() {
    long boot = System.nanoTime();
    TestApp app = TestApp.get();
    System.out.printf(
        "CareLoop and a Cassandra node started in %.1f s%n", (System.nanoTime() - boot) / 1e9);
    return app;
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
