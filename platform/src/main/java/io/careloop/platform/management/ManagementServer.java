package io.careloop.platform.management;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The management listener: {@code /health/live}, {@code /health/ready} and {@code /metrics} on a
 * host and port of their own ({@code CARELOOP_MANAGEMENT_HOST}/{@code _PORT}, loopback by default),
 * so that the public port serves only the API and the console, and probes and scrapers reach what
 * no client should. The gateway and every service running alone serve one.
 */
public final class ManagementServer {

  private ManagementServer() {}

  /** Listens; the server's actual port is the configured one, or a free one for port 0. */
  public static Future<HttpServer> start(
      Vertx vertx,
      ManagementConfig config,
      List<ReadinessCheck> readiness,
      PrometheusMeterRegistry meters) {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> ready(ctx, readiness));
    router.get("/metrics").handler(ctx -> metrics(ctx, meters));
    // probes and scrapes every few seconds would be most of the traces, and tell nothing
    return vertx
        .createHttpServer(new HttpServerOptions().setTracingPolicy(TracingPolicy.IGNORE))
        .requestHandler(router)
        .listen(config.port(), config.host());
  }

  /**
   * The Prometheus text of every meter, or with {@code ?name[]=a&name[]=b} (as Prometheus' own
   * exporters take it) of those metrics only: a poller that needs one figure does not pay for all.
   * A counter is named with or without its {@code _total}.
   */
  private static void metrics(RoutingContext ctx, PrometheusMeterRegistry meters) {
    String format = "text/plain; version=0.0.4; charset=utf-8";
    List<String> names = ctx.queryParam("name[]");
    String text;
    if (names.isEmpty()) {
      text = meters.scrape();
    } else {
      Set<String> included = new HashSet<>();
      for (String name : names) {
        included.add(name);
        included.add(
            name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name);
      }
      text = meters.scrape(format, included);
    }
    ctx.response().putHeader("Content-Type", format).end(text);
  }

  /**
   * UP when every check that decides passes within two seconds; each check's state, why it is down,
   * and whether it only informs.
   */
  private static void ready(RoutingContext ctx, List<ReadinessCheck> checks) {
    JsonObject report = new JsonObject();
    List<Future<Void>> deciding = new ArrayList<>();
    List<Future<Void>> all = new ArrayList<>();
    for (ReadinessCheck check : checks) {
      Future<Void> result =
          check
              .check()
              .get()
              .timeout(2, TimeUnit.SECONDS)
              .onComplete(
                  ar -> report.put(check.name(), state(check, ar.succeeded() ? null : ar.cause())));
      all.add(result);
      if (check.decides()) {
        deciding.add(result);
      }
    }
    Future.join(all)
        .onComplete(
            done -> {
              boolean up = deciding.stream().allMatch(Future::succeeded);
              ctx.response().setStatusCode(up ? 200 : 503);
              ctx.json(new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", report));
            });
  }

  private static JsonObject state(ReadinessCheck check, Throwable failure) {
    JsonObject state = new JsonObject().put("status", failure == null ? "UP" : "DOWN");
    if (failure != null) {
      state.put("reason", String.valueOf(failure.getMessage()));
    }
    return check.decides() ? state : state.put("informational", true);
  }
}
