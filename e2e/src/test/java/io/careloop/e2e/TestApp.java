package io.careloop.e2e;

import io.careloop.gateway.CareLoopApplication;
import io.careloop.gateway.GatewayConfig;
import io.careloop.ingest.IngestConfig;
import io.careloop.notifications.push.PushConfig;
import io.careloop.patient.PatientApiConfig;
import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.push.FcmSettings;
import io.careloop.platform.testing.FakeFcm;
import io.careloop.platform.testing.FreePorts;
import io.careloop.platform.testing.TestCassandra;
import io.careloop.platform.tracing.Tracing;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;

/**
 * All of CareLoop, started once per test JVM the way the launcher starts it: the tests' real
 * Cassandra, the embedded broker and the HTTP API on free ports. Stopped when the JVM exits.
 */
final class TestApp {

  static final String ADMIN_EMAIL = "admin@careloop.test";
  static final String ADMIN_PASSWORD = "admin password for tests";
  private static TestApp instance;
  private static RuntimeException failure;

  final CareLoopApplication app;
  final WebClient http;
  final WebClient management;
  final String mqttUri;

  /** The fake FCM endpoint push goes to: tests count and script its answers. */
  final FakeFcm fcm;

  /**
   * The keys the app signs with: a test can issue tokens the app would (a carer's acting token).
   */
  final SigningKeys keys = SigningKeys.ephemeral("test");

  private TestApp() throws Exception {
    this(Tracing.off(), "");
  }

  /**
   * Another CareLoop beside the shared one, traced into {@code tracing}, in a keyspace of its own
   * (the name ends with {@code keyspaceSuffix}) so that the two instances' sweeps do not meet: the
   * caller closes it.
   */
  TestApp(Tracing tracing, String keyspaceSuffix) throws Exception {
    int mqttPort = FreePorts.next();
    int httpPort = FreePorts.next();
    mqttUri = "tcp://127.0.0.1:" + mqttPort;
    fcm = FakeFcm.start();
    java.nio.file.Path credentials =
        fcm.writeCredentials(Files.createTempDirectory("careloop-fcm"), "careloop-test");
    PushConfig push =
        PushConfig.withFcm(
            new FcmSettings(
                java.util.Optional.of(credentials),
                java.util.Optional.empty(),
                java.util.Optional.of(fcm.endpoint()),
                Duration.ofSeconds(5)));
    var cassandra = TestCassandra.get().config();
    app =
        CareLoopApplication.start(
            new CareLoopApplication.Settings(
                    cassandra.withKeyspace(cassandra.keyspace() + keyspaceSuffix),
                    IngestConfig.local(mqttPort, "ingest-gateway-test"),
                    new PatientApiConfig(
                        Duration.ofMinutes(15), Duration.ofDays(30), ADMIN_EMAIL, ADMIN_PASSWORD),
                    push,
                    GatewayConfig.local(httpPort)
                        .withTrustedProxies(
                            java.util.Set.of("127.0.0.1")), // as behind a load balancer
                    keys,
                    Files.createTempDirectory("careloop-gateway-test"),
                    Clock.systemUTC())
                .withTracing(tracing));
    http =
        WebClient.create(
            app.vertx(),
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(httpPort));
    management =
        WebClient.create(
            app.vertx(),
            new WebClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(java.net.URI.create(app.managementBaseUrl()).getPort()));
  }

  /** Stops an instance made beside the shared one (the shared one stops with the JVM). */
  void close() {
    app.close();
    fcm.close();
  }

  /** Health and metrics, on the management listener. */
  HttpResponse<Buffer> manage(String path) {
    return management.get(path).send().await();
  }

  static synchronized TestApp get() {
    if (failure != null) {
      throw failure; // one failed start is enough: do not retry it for every test
    }
    if (instance == null) {
      try {
        instance = new TestApp();
      } catch (Exception e) {
        failure = new IllegalStateException("Could not start CareLoop for the tests", e);
        throw failure;
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    instance.app.close();
                    instance.fcm.close();
                  },
                  "test-app-shutdown"));
    }
    return instance;
  }

  HttpResponse<Buffer> post(String path, String token, JsonObject body) {
    var request = http.post(path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request.sendJsonObject(body).await();
  }

  /**
   * The sum of the series of a metric whose labels contain {@code labelFilter}, as /metrics serves
   * it; NaN if none.
   */
  double metric(String name, String labelFilter) {
    String scrape =
        java.util.Objects.requireNonNullElse(manage("/metrics?name[]=" + name).bodyAsString(), "");
    return io.careloop.simulators.AppClient.sample(scrape, name, labelFilter);
  }

  HttpResponse<Buffer> get(String path, String token) {
    var request = http.get(path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request.send().await();
  }

  HttpResponse<Buffer> delete(String path, String token) {
    return http.delete(path).bearerTokenAuthentication(token).send().await();
  }

  String signIn(String email, String password) {
    HttpResponse<Buffer> response =
        post(
            "/api/v1/auth/login",
            null,
            new JsonObject().put("email", email).put("password", password));
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "sign-in failed: " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getString("accessToken");
  }

  private String adminToken;
  private long adminSignedInAt;

  /**
   * The admin's access token, signed in once per ten minutes: sign-in allows an account five
   * attempts a minute, which the suites' admin set-up would exceed, and the token lives 15 minutes,
   * less than the e2e run.
   */
  synchronized String adminToken() {
    if (adminToken == null
        || System.nanoTime() - adminSignedInAt > java.time.Duration.ofMinutes(10).toNanos()) {
      adminToken = signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
      adminSignedInAt = System.nanoTime();
    }
    return adminToken;
  }

  /** Registers a patient and returns their access token. */
  String newPatient(String timeZone) {
    String email = "p-" + java.util.UUID.randomUUID() + "@example.org";
    HttpResponse<Buffer> created =
        post(
            "/api/v1/auth/register",
            null,
            new JsonObject()
                .put("email", email)
                .put("password", "a long enough password")
                .put("name", "Test Patient")
                .put("timeZone", timeZone));
    if (created.statusCode() != 201) {
      throw new IllegalStateException("registration failed: " + created.bodyAsString());
    }
    return signIn(email, "a long enough password");
  }
}
