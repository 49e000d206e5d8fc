package io.careloop.simulators.scenario;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether CareLoop and the broker answer at all, before a run starts: what is unreachable is named.
 */
public final class Reachability {

  private Reachability() {}

  /**
   * Why CareLoop cannot be used at {@code api}, if it cannot: the API answers a request without a
   * token with 401 (health lives on the management listener, which a tester may not reach).
   */
  public static Optional<String> careloop(String api) {
    try {
      HttpResponse<String> answer =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(api.replaceAll("/+$", "") + "/api/v1/clinics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return answer.statusCode() == 401
          ? Optional.empty()
          : Optional.of(
              "CareLoop at " + api + " answered " + answer.statusCode() + " on /api/v1/clinics");
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of("Cannot reach CareLoop at " + api + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("Interrupted");
    }
  }

  /** Why the broker cannot be reached at {@code uri} (a TCP connection to it), if it cannot. */
  public static Optional<String> broker(String uri) {
    try (Socket socket = new Socket()) {
      URI u = URI.create(uri);
      int port = u.getPort() > 0 ? u.getPort() : uri.startsWith("ssl") ? 8883 : 1883;
      socket.connect(new InetSocketAddress(u.getHost(), port), 5000);
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of("Cannot reach the MQTT broker at " + uri + ": " + e);
    }
  }
}
