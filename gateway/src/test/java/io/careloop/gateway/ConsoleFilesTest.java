package io.careloop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.platform.http.ProblemHandler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The console's files over real HTTP: what the browser is told about caching and scripts. */
class ConsoleFilesTest {

  private static Vertx vertx;
  private static HttpServer server;
  private static WebClient client;

  @BeforeAll
  static void serve() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    new ConsoleFiles(vertx).addTo(router);
    router.route().failureHandler(new ProblemHandler()); // as the gateway's router has it
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static HttpResponse<Buffer> get(String path, String ifNoneMatch) {
    var request = client.get(server.actualPort(), "127.0.0.1", path);
    if (ifNoneMatch != null) {
      request.putHeader("If-None-Match", ifNoneMatch);
    }
    return request.send().await();
  }

  @Test
  @DisplayName("The page and our scripts are revalidated by ETag, under a strict CSP")
  void ourFilesRevalidate() {
    HttpResponse<Buffer> page = get("/console/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(page.getHeader("Content-Security-Policy"))
        .contains("default-src 'self'", "script-src 'self'", "style-src 'self'")
        .contains("frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(page.bodyAsString()).contains("webjars/uplot/1.6.30/").doesNotContain("<script>");

    String etag = page.getHeader("ETag");
    HttpResponse<Buffer> again = get("/console/index.html", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isNull();
    assertThat(get("/console/js/main.js", null).getHeader("Content-Type"))
        .startsWith("text/javascript");
  }

  @Test
  @DisplayName("A WebJar's file, versioned in its path, is cached for a year as immutable")
  void webJarsAreImmutable() {
    HttpResponse<Buffer> uplot = get("/console/webjars/uplot/1.6.30/dist/uPlot.esm.js", null);
    assertThat(uplot.statusCode()).isEqualTo(200);
    assertThat(uplot.getHeader("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    assertThat(uplot.getHeader("Content-Security-Policy")).isNotNull();
  }

  @Test
  @DisplayName("/console sends the browser to /console/; nothing outside the console is served")
  void onlyTheConsole() {
    HttpResponse<Buffer> bare =
        client
            .get(server.actualPort(), "127.0.0.1", "/console")
            .followRedirects(false)
            .send()
            .await();
    assertThat(bare.statusCode()).isEqualTo(301);
    assertThat(bare.getHeader("Location")).isEqualTo("/console/");
    assertThat(get("/console/nothing.js", null).statusCode()).isEqualTo(404);
    assertThat(ConsoleFiles.resourceOf("../openapi.yaml")).isNull();
    assertThat(ConsoleFiles.resourceOf("js/../../logback.xml")).isNull();
    assertThat(ConsoleFiles.resourceOf("webjars/uplot/1.6.30/package.json")).isNull();
    assertThat(ConsoleFiles.resourceOf("js/main.js")).isEqualTo("console/js/main.js");
  }
}
