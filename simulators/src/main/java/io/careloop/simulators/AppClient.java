package io.careloop.simulators;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The app API as the patient and admin apps call it, for setting up simulator runs. */
public final class AppClient {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;
  private final String managementUrl;

  public AppClient(String baseUrl) {
    this(baseUrl, "http://127.0.0.1:9090");
  }

  /** With health and metrics at {@code managementUrl} (CareLoop's management listener). */
  public AppClient(String baseUrl, String managementUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.managementUrl =
        managementUrl.endsWith("/")
            ? managementUrl.substring(0, managementUrl.length() - 1)
            : managementUrl;
  }

  /** An answer: its status and body (an empty object when it has none). */
  public record Response(int status, JsonObject body, String text) {}

  public JsonObject call(
      String method, String path, String token, JsonObject body, int expectedStatus) {
    Response response = send(method, path, token, body, Map.of());
    if (response.status() != expectedStatus) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.status() + ": " + response.text());
    }
    return response.body();
  }

  /** Sends a request as it is (waiting as long as a 429 asks), whatever the answer. */
  public Response send(
      String method, String path, String token, JsonObject body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      for (int attempt = 0; response.statusCode() == 429 && attempt < 60; attempt++) {
        // a polite client: wait as long as the server asks, then try again
        long wait = response.headers().firstValueAsLong("Retry-After").orElse(1);
        Thread.sleep(wait * 1000);
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      }
      String text = response.body();
      return new Response(
          response.statusCode(),
          text.isEmpty() || !text.startsWith("{") ? new JsonObject() : new JsonObject(text),
          text);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  public String signIn(String email, String password) {
    return call(
            "POST",
            "/api/v1/auth/login",
            null,
            new JsonObject().put("email", email).put("password", password),
            200)
        .getString("accessToken");
  }

  /** Registers a new patient and returns their access token. */
  public String newPatient(String timeZone) {
    String email = "sim-" + UUID.randomUUID() + "@example.org";
    String password = "simulated patient " + UUID.randomUUID();
    call(
        "POST",
        "/api/v1/auth/register",
        null,
        new JsonObject()
            .put("email", email)
            .put("password", password)
            .put("name", "Simulated Patient")
            .put("timeZone", timeZone),
        201);
    return signIn(email, password);
  }

  /** Registers a brush (admin) and returns {deviceId, credential, pairingCode, ...}. */
  public JsonObject registerBrush(String adminToken, String deviceId) {
    return call(
        "POST",
        "/api/v1/admin/devices",
        adminToken,
        new JsonObject().put("deviceId", deviceId).put("model", "CL-SIM"),
        201);
  }

  public void pair(String patientToken, String pairingCode) {
    call(
        "POST",
        "/api/v1/me/devices",
        patientToken,
        new JsonObject().put("pairingCode", pairingCode),
        201);
  }

  /**
   * One Prometheus sample, or NaN when absent: the sum over all series of the metric with the
   * label.
   */
  public double metric(String name, String labelFilter) {
    return sample(scrape(name), name, labelFilter);
  }

  /**
   * The Prometheus text of {@code /metrics} for the named metrics only (each look costs CareLoop a
   * scrape of just those), or "" when it cannot be read.
   */
  public String scrape(String... names) {
    StringBuilder query = new StringBuilder();
    for (String name : names) {
      query.append(query.length() == 0 ? "?" : "&").append("name%5B%5D=").append(name);
    }
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(managementUrl + "/metrics" + query)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /**
   * The sum over the series of metric {@code name} whose labels contain {@code labelFilter}, or
   * NaN.
   */
  public static double sample(String scrape, String name, String labelFilter) {
    double sum = Double.NaN;
    for (String line : scrape.split("\n")) {
      boolean series = line.startsWith(name + "{") || line.startsWith(name + " ");
      if (series && line.contains(labelFilter)) {
        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        if (value >= 0) { // -1 is Prometheus' "no limit" for some memory pools
          sum = Double.isNaN(sum) ? value : sum + value;
        }
      }
    }
    return sum;
  }
}
