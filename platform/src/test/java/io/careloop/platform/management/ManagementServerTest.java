package io.careloop.platform.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.platform.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ManagementServerTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private HttpResponse<String> ready(ReadinessCheck... checks) throws Exception {
    int port =
        ManagementServer.start(
                vertx, ManagementConfig.local(), List.of(checks), Metrics.newRegistry())
            .await()
            .actualPort();
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static Future<Void> down() {
    return Future.failedFuture("connection lost");
  }

  @Test
  @DisplayName("A failing check that decides makes the process not ready (503), saying why")
  void decidingCheckDown() throws Exception {
    HttpResponse<String> response =
        ready(new ReadinessCheck("cassandra", ManagementServerTest::down));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(response.body()).getJsonObject("checks").getJsonObject("cassandra"))
        .isEqualTo(new JsonObject().put("status", "DOWN").put("reason", "connection lost"));
  }

  @Test
  @DisplayName(
      "A failing informational check is reported DOWN but leaves the process ready (the API without its broker)")
  void informationalCheckDown() throws Exception {
    HttpResponse<String> response =
        ready(
            new ReadinessCheck("cassandra", Future::succeededFuture),
            ReadinessCheck.informational("broker", ManagementServerTest::down));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject checks = new JsonObject(response.body()).getJsonObject("checks");
    assertThat(checks.getJsonObject("broker"))
        .isEqualTo(
            new JsonObject()
                .put("status", "DOWN")
                .put("reason", "connection lost")
                .put("informational", true));
    assertThat(checks.getJsonObject("cassandra")).isEqualTo(new JsonObject().put("status", "UP"));
  }
}
