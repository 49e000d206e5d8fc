package io.careloop.e2e;

import static org.awaitility.Awaitility.await;

import io.careloop.gateway.CareLoopApplication;
import io.careloop.gateway.GatewayConfig;
import io.careloop.ingest.IngestConfig;
import io.careloop.notifications.push.PushConfig;
import io.careloop.patient.PatientApiConfig;
import io.careloop.platform.auth.Role;
import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.cassandra.CassandraConfig;
import io.careloop.platform.testing.CassandraProxy;
import io.careloop.platform.testing.FreePorts;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * CareLoop whose only way to Cassandra is a {@link CassandraProxy} the test breaks: every module's
 * operations answer 503 problem+json with Retry-After, never 500, and work again once Cassandra is
 * back.
 */
class StorageOutageIT {

  private static final String PASSWORD = "a long enough password";
  private static CassandraProxy proxy;
  private static CareLoopApplication app;
  private static WebClient http;
  private static String admin;
  private static String patient;
  private static String nurse;
  private static UUID patientId;
  private static String clinicId;
  private static String serviceId;

  /** One operation of the API, as a client would send it. */
  record Call(String module, HttpMethod method, String path, String token, JsonObject body) {
    @Override
    public String toString() {
      return module + ": " + method + " " + path;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    CassandraConfig cassandra = TestCassandra.get().config();
    proxy =
        CassandraProxy.start(
            cassandra.contactPoints().get(0).getHostString(),
            cassandra.contactPoints().get(0).getPort());
    CassandraConfig throughProxy =
        cassandra
            .withContactPoint("127.0.0.1", proxy.port())
            .withKeyspace(cassandra.keyspace() + "_outage")
            .withRequestTimeout(Duration.ofSeconds(2));
    int httpPort = FreePorts.next();
    app =
        CareLoopApplication.start(
            new CareLoopApplication.Settings(
                throughProxy,
                IngestConfig.local(FreePorts.next(), "ingest-outage-test"),
                new PatientApiConfig(
                    Duration.ofMinutes(15), Duration.ofDays(30), "admin@careloop.test", PASSWORD),
                PushConfig.off(),
                GatewayConfig.local(httpPort),
                SigningKeys.ephemeral("outage"),
                Files.createTempDirectory("careloop-outage-test"),
                Clock.systemUTC()));
    http =
        WebClient.create(
            app.vertx(),
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(httpPort));
    var accounts = app.patients().accounts();
    admin = accounts.login("admin@careloop.test", PASSWORD).await().accessToken();
    clinicId =
        send(new Call(
                "setup",
                HttpMethod.POST,
                "/api/v1/admin/clinics",
                admin,
                new JsonObject()
                    .put("name", "Outage clinic")
                    .put("address", "1 Main Street")
                    .put("timeZone", "Europe/Paris")))
            .bodyAsJsonObject()
            .getString("id");
    serviceId =
        send(new Call(
                "setup",
                HttpMethod.POST,
                "/api/v1/admin/services",
                admin,
                new JsonObject()
                    .put("name", "check-up")
                    .put("durationMinutes", 30)
                    .put("bufferAfterMinutes", 0)))
            .bodyAsJsonObject()
            .getString("id");
    String email = "p-" + UUID.randomUUID() + "@example.org";
    patientId = accounts.registerPatient(email, PASSWORD, "Pat", "Europe/Paris", null).await();
    patient = accounts.login(email, PASSWORD).await().accessToken();
    String nurseEmail = "n-" + UUID.randomUUID() + "@example.org";
    accounts
        .createStaff(nurseEmail, PASSWORD, "Nurse", Role.NURSE, Set.of(UUID.fromString(clinicId)))
        .await();
    nurse = accounts.login(nurseEmail, PASSWORD).await().accessToken();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      proxy.restore();
      app.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  /** Operations of every module that need Cassandra to answer. */
  static List<Call> calls() {
    String today = LocalDate.now().toString();
    String inAWeek = LocalDate.now().plusDays(7).toString();
    String patientPath = "/api/v1/nurse/patients/" + patientId;
    return List.of(
        new Call(
            "patient-api",
            HttpMethod.POST,
            "/api/v1/auth/login",
            null,
            new JsonObject().put("email", "someone@example.org").put("password", PASSWORD)),
        new Call("patient-api", HttpMethod.GET, "/api/v1/me", patient, null),
        new Call("patient-api", HttpMethod.GET, "/api/v1/clinics", patient, null),
        new Call(
            "patient-api",
            HttpMethod.GET,
            "/api/v1/clinics/"
                + clinicId
                + "/slots?serviceId="
                + serviceId
                + "&from="
                + today
                + "&to="
                + inAWeek,
            patient,
            null),
        new Call(
            "patient-api",
            HttpMethod.POST,
            "/api/v1/appointments",
            patient,
            new JsonObject()
                .put("clinicId", clinicId)
                .put("serviceId", serviceId)
                .put("providerId", UUID.randomUUID().toString())
                .put("start", LocalDate.now().plusDays(2) + "T10:00:00+01:00")),
        new Call("patient-api", HttpMethod.GET, "/api/v1/me/appointments", patient, null),
        new Call(
            "patient-api",
            HttpMethod.POST,
            "/api/v1/admin/clinics",
            admin,
            new JsonObject()
                .put("name", "Another")
                .put("address", "2 Main Street")
                .put("timeZone", "Europe/Paris")),
        new Call("notifications", HttpMethod.GET, "/api/v1/me/notifications", patient, null),
        new Call(
            "notifications",
            HttpMethod.POST,
            "/api/v1/me/push-tokens",
            patient,
            new JsonObject().put("token", "fcm-" + UUID.randomUUID()).put("platform", "android")),
        new Call("reminders", HttpMethod.GET, "/api/v1/admin/care-journeys", admin, null),
        new Call(
            "reminders",
            HttpMethod.PUT,
            "/api/v1/admin/clinics/" + clinicId + "/reminder-settings",
            admin,
            new JsonObject().put("appointmentOffsetsMinutes", new JsonArray().add(1440))),
        new Call("device-ingest", HttpMethod.GET, "/api/v1/me/devices", patient, null),
        new Call("device-ingest", HttpMethod.GET, "/api/v1/me/brushing/sessions", patient, null),
        new Call(
            "device-ingest",
            HttpMethod.GET,
            "/api/v1/me/brushing/daily?from=" + today + "&to=" + inAWeek,
            patient,
            null),
        new Call(
            "device-ingest",
            HttpMethod.POST,
            "/api/v1/admin/devices",
            admin,
            new JsonObject()
                .put("deviceId", "TB-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase())
                .put("model", "CL-1")),
        new Call("alerts", HttpMethod.GET, "/api/v1/nurse/alerts", nurse, null),
        new Call("alerts", HttpMethod.GET, patientPath + "/care-plan", nurse, null),
        new Call(
            "alerts",
            HttpMethod.PUT,
            patientPath + "/care-plan",
            nurse,
            new JsonObject().put("plan", "standard").put("until", inAWeek)),
        new Call(
            "alerts",
            HttpMethod.GET,
            patientPath + "/brushing/daily?from=" + today + "&to=" + inAWeek,
            nurse,
            null));
  }

  @Test
  @DisplayName(
      "No Cassandra node reachable: every module answers 503 problem+json with Retry-After, then recovers")
  void noNodeReachable() {
    proxy.cut();
    try {
      assertAllUnavailable();
    } finally {
      proxy.restore();
    }
    awaitRecovered();
  }

  @Test
  @DisplayName("Cassandra reachable but silent: requests time out into 503 problem+json, not 500")
  void requestsTimeOut() {
    proxy.blackHole();
    try {
      assertAllUnavailable();
    } finally {
      proxy.restore();
    }
    awaitRecovered();
  }

  private static void assertAllUnavailable() {
    SoftAssertions softly = new SoftAssertions();
    // All at once: each may wait out the storage timeout, one after another they took half a
    // minute.
    List<Call> calls = calls();
    List<Future<HttpResponse<Buffer>>> pending =
        calls.stream().map(StorageOutageIT::request).toList();
    for (int i = 0; i < calls.size(); i++) {
      Call call = calls.get(i);
      HttpResponse<Buffer> response = pending.get(i).await();
      softly
          .assertThat(response.statusCode())
          .as(call + " " + response.bodyAsString())
          .isEqualTo(503);
      softly
          .assertThat(response.getHeader("Content-Type"))
          .as(call.toString())
          .isEqualTo("application/problem+json");
      softly.assertThat(response.getHeader("Retry-After")).as(call.toString()).isNotBlank();
    }
    softly.assertAll();
  }

  private static void awaitRecovered() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                send(new Call("patient-api", HttpMethod.GET, "/api/v1/clinics", patient, null))
                        .statusCode()
                    == 200);
  }

  private static HttpResponse<Buffer> send(Call call) {
    return request(call).await();
  }

  private static Future<HttpResponse<Buffer>> request(Call call) {
    var request = http.request(call.method(), call.path());
    if (call.token() != null) {
      request.bearerTokenAuthentication(call.token());
    }
    if (call.method() == HttpMethod.POST) {
      request.putHeader("Idempotency-Key", UUID.randomUUID().toString());
    }
    return call.body() != null ? request.sendJsonObject(call.body()) : request.send();
  }
}
