package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.platform.http.ProblemHandler;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GatewayIT {

  private final TestApp app = TestApp.get();

  @Test
  @DisplayName("Without a token a protected operation answers 401 problem+json")
  void missingToken() {
    var response = app.get("/api/v1/me/devices", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("type"))
        .isEqualTo("https://careloop.example/problems/unauthorized");
  }

  @Test
  @DisplayName(
      "A request the API document has no operation for ends before any handler, trailing slash included: nothing is created")
  void unknownOperationsFailClosed() {
    String deviceId = io.careloop.ingest.testing.TestBrushIds.random();
    String staffEmail = "n-" + java.util.UUID.randomUUID() + "@example.org";
    JsonObject brush = new JsonObject().put("deviceId", deviceId).put("model", "X");

    // Vert.x routes /path/ to the handler of /path: without failing closed, these reached the
    // handlers unauthenticated
    var anonymous = app.post("/api/v1/admin/devices/", null, brush);
    var asPatient = app.post("/api/v1/admin/devices/", app.newPatient("UTC"), brush);
    var staff =
        app.post(
            "/api/v1/admin/staff/",
            null,
            new JsonObject()
                .put("email", staffEmail)
                .put("password", "a long enough password")
                .put("name", "Intruder")
                .put("role", "admin"));
    var wrongMethod = app.http.delete("/api/v1/admin/devices").send().await();

    assertThat(anonymous.statusCode()).isEqualTo(404);
    assertThat(anonymous.bodyAsJsonObject().getString("type")).endsWith("/not-found");
    assertThat(asPatient.statusCode()).isEqualTo(404);
    assertThat(staff.statusCode()).isEqualTo(404);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.getHeader("Allow")).isEqualTo("GET, POST");
    assertThat(app.app.ingest().registry().find(deviceId).await()).isEmpty();
    assertThat(
            app.post(
                    "/api/v1/auth/login",
                    null,
                    new JsonObject()
                        .put("email", staffEmail)
                        .put("password", "a long enough password"))
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  @DisplayName(
      "Only nurses follow patients up: an admin's token gets 403 on the nurse operations and reads nothing")
  void adminIsNotANurse() {
    String patient = app.newPatient("UTC");
    java.util.UUID patientId =
        java.util.UUID.fromString(
            app.get("/api/v1/me", patient).bodyAsJsonObject().getString("id"));
    String admin = app.adminToken();

    var daily =
        app.get(
            "/api/v1/nurse/patients/" + patientId + "/brushing/daily?from=2026-11-01&to=2026-11-02",
            admin);
    var plan = app.get("/api/v1/nurse/patients/" + patientId + "/care-plan", admin);

    assertThat(daily.statusCode()).isEqualTo(403);
    assertThat(plan.statusCode()).isEqualTo(403);
    assertThat(app.app.alerts().reads().thisMonth(patientId).await()).isEmpty();
  }

  @Test
  @DisplayName(
      "Behind a load balancer, sign-in is limited per client address, not for everyone at once")
  void signInLimitedPerClientBehindBalancer() {
    // TestApp trusts 127.0.0.1 as its balancer: X-Forwarded-For names the client
    int lastStatus = 0;
    for (int i = 0; i < 500 && lastStatus != 429; i++) { // a burst of 60, then 5 a second
      lastStatus = signInFrom("198.51.100.7").statusCode();
    }
    var neighbour = signInFrom("198.51.100.8");

    assertThat(lastStatus).isEqualTo(429);
    assertThat(neighbour.statusCode()).as("another client behind the same balancer").isEqualTo(401);
  }

  private io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> signInFrom(
      String client) {
    return app.http
        .post("/api/v1/auth/login")
        .putHeader("X-Forwarded-For", client)
        .sendJsonObject(
            new JsonObject()
                .put("email", "nobody-" + java.util.UUID.randomUUID() + "@example.org")
                .put("password", "not the password"))
        .await();
  }

  @Test
  @DisplayName("A forged or garbled token is refused")
  void badToken() {
    assertThat(app.get("/api/v1/me", "not.a.token").statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("A patient may not call an admin operation, and no brush is registered")
  void patientIsNotAdmin() {
    String patient = app.newPatient("UTC");
    String deviceId = io.careloop.ingest.testing.TestBrushIds.random();

    var response =
        app.post(
            "/api/v1/admin/devices",
            patient,
            new JsonObject().put("deviceId", deviceId).put("model", "X"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getString("type")).endsWith("/forbidden");
    assertThat(app.app.ingest().registry().find(deviceId).await()).isEmpty();
  }

  @Test
  @DisplayName(
      "A body that breaks the schema gets 400 problem+json naming the problem, and creates nothing")
  void invalidBody() {
    var response =
        app.post(
            "/api/v1/admin/devices",
            app.adminToken(),
            new JsonObject().put("deviceId", "TB-nothex!").put("model", "X"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("type")).endsWith("/validation");
    assertThat(app.app.ingest().registry().find("TB-nothex!").await()).isEmpty();
  }

  @Test
  @DisplayName("Malformed JSON gets 400, and no account is created")
  void malformedJson() {
    String email = "malformed-" + java.util.UUID.randomUUID() + "@example.org";
    var response =
        app.http
            .post("/api/v1/auth/register")
            .putHeader("Content-Type", "application/json")
            .sendBuffer(
                io.vertx.core.buffer.Buffer.buffer("{\"email\":\"" + email + "\", \"password\": "))
            .await();

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(
            app.post(
                    "/api/v1/auth/login",
                    null,
                    new JsonObject().put("email", email).put("password", "a long enough password"))
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  @DisplayName(
      "A request line too long is a 414 problem+json, headers too large a 431: the HTTP server answers them before any route")
  void oversizedRequestsAreProblems() {
    var longPath = app.get("/api/v1/me/push-tokens/" + "a".repeat(5000), null);
    var bigHeader =
        app.http
            .get("/api/v1/me")
            .putHeader("Authorization", "Bearer " + "a".repeat(20_000))
            .send()
            .await();

    assertThat(longPath.statusCode()).isEqualTo(414);
    assertThat(longPath.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(longPath.bodyAsJsonObject().getString("type"))
        .isEqualTo("https://careloop.example/problems/uri-too-long");
    assertThat(bigHeader.statusCode()).isEqualTo(431);
    assertThat(bigHeader.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(bigHeader.bodyAsJsonObject().getString("type"))
        .isEqualTo("https://careloop.example/problems/headers-too-large");
  }

  @Test
  @DisplayName(
      "A request that is not valid HTTP gets a 400 problem+json, then the connection closes")
  void malformedRequestIsAProblem() {
    String answer =
        exchange("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nA header without a colon\r\n\r\n");

    assertThat(answer)
        .startsWith("HTTP/1.1 400 ")
        .contains("Content-Type: application/problem+json");
    JsonObject problem = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(problem.getString("type"))
        .isEqualTo("https://careloop.example/problems/malformed-request");
    assertThat(problem.getInteger("status")).isEqualTo(400);
  }

  @Test
  @DisplayName(
      "A body whose chunked encoding breaks off is the client's fault: nothing is logged as an internal error")
  void brokenChunkIsNotAnInternalError() {
    var logged =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    var logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ProblemHandler.class);
    logged.start();
    logger.addAppender(logged);
    try {
      String answer =
          exchange(
              "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n"
                  + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");

      assertThat(answer).doesNotContain("/internal");
    } finally {
      logger.detachAppender(logged);
    }
    assertThat(logged.list)
        .noneMatch(event -> event.getLevel() == ch.qos.logback.classic.Level.ERROR);
  }

  @Test
  @DisplayName("A path that cannot be percent-decoded is a 400 problem+json, not an internal error")
  void undecodablePath() {
    var response = app.delete("/api/v1/me/push-tokens/a%zzb", app.adminToken());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("type")).endsWith("/validation");
  }

  /**
   * Writes {@code request} as it is on a new connection and reads the answer until the server
   * closes it.
   */
  private String exchange(String request) {
    int port =
        Integer.parseInt(app.app.apiBaseUrl().substring(app.app.apiBaseUrl().lastIndexOf(':') + 1));
    var client = app.app.vertx().createNetClient();
    try {
      var socket = client.connect(port, "127.0.0.1").await();
      io.vertx.core.buffer.Buffer answer = io.vertx.core.buffer.Buffer.buffer();
      io.vertx.core.Promise<String> closed = io.vertx.core.Promise.promise();
      socket.handler(answer::appendBuffer);
      socket.closeHandler(v -> closed.complete(answer.toString()));
      socket.write(request);
      return closed.future().await();
    } finally {
      client.close().await();
    }
  }

  @Test
  @DisplayName("An unknown path is a 404 problem")
  void unknownPath() {
    var response = app.get("/api/v1/nothing-here", null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getString("type")).endsWith("/not-found");
  }

  @Test
  @DisplayName(
      "The API port serves the OpenAPI document; liveness, readiness and Prometheus metrics are on the"
          + " management port only")
  void operations() {
    var contract = app.get("/openapi.yaml", null);
    assertThat(contract.statusCode()).isEqualTo(200);
    assertThat(contract.bodyAsString()).contains("operationId: pairDevice");
    assertThat(app.get("/metrics", null).statusCode()).as("not on the public port").isEqualTo(404);
    assertThat(app.get("/health/ready", null).statusCode()).isEqualTo(404);

    assertThat(app.manage("/health/live").statusCode()).isEqualTo(200);
    var ready = app.manage("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonObject up = new JsonObject().put("status", "UP");
    assertThat(ready.bodyAsJsonObject().getJsonObject("checks"))
        .isEqualTo(
            new JsonObject()
                .put("cassandra", up)
                .put("broker", up.copy().put("informational", true)));

    var metrics = app.manage("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString())
        .contains("careloop_ingest_sessions_stored_total", "vertx_http_server");

    var some =
        app.manage(
            "/metrics?name[]=careloop_ingest_sessions_stored_total&name[]=jvm_memory_used_bytes");
    assertThat(some.statusCode()).isEqualTo(200);
    assertThat(some.bodyAsString())
        .contains("careloop_ingest_sessions_stored_total", "jvm_memory_used_bytes{")
        .doesNotContain("vertx_http_server", "jvm_memory_max_bytes");
  }

  @Test
  @DisplayName(
      "Responses carry no-store caching and nosniff headers (health data must not be cached)")
  void securityHeaders() {
    var response = app.get("/api/v1/me", app.adminToken());

    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
  }
}
