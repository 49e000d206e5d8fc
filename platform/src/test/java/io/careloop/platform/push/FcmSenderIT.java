package io.careloop.platform.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.platform.push.PushOutcome.Kind;
import io.careloop.platform.testing.FakeFcm;
import io.careloop.platform.testing.FakeFcm.Answer;
import io.careloop.platform.testing.TestClock;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The real Firebase Admin SDK against the fake FCM endpoint. */
class FcmSenderIT {

  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static FakeFcm fcm;
  private static FcmSender sender;
  private static Path credentials;
  private static final TestClock clock = new TestClock(NOW);

  @BeforeAll
  static void start() throws Exception {
    fcm = FakeFcm.start();
    credentials = fcm.writeCredentials(Files.createTempDirectory("fcm-sender-it"), "careloop-test");
    sender =
        FcmSender.start(
            new FcmSettings(
                Optional.of(credentials),
                Optional.empty(),
                Optional.of(fcm.endpoint()),
                Duration.ofSeconds(5)),
            clock);
  }

  @AfterAll
  static void stop() {
    sender.close();
    fcm.close();
  }

  @BeforeEach
  void forget() {
    fcm.reset();
    clock.set(NOW);
  }

  private static String token() {
    return "tok-" + UUID.randomUUID();
  }

  private static PushMessage message(String token) {
    return new PushMessage(
        token,
        "Brushing reminder",
        "Two minutes, twice a day",
        Map.of("kind", "brushing"),
        "alert-42",
        NOW.plus(Duration.ofHours(1)));
  }

  @Test
  @DisplayName(
      "The SDK sends the token, title, body, data, collapse key and TTL that FCM expects, signed in with the credentials")
  void sendsTheExpectedRequest() {
    String token = token();

    PushOutcome outcome = sender.send(message(token));

    assertThat(outcome.kind()).isEqualTo(Kind.DELIVERED);
    assertThat(outcome.messageId()).startsWith("projects/careloop-test/messages/");
    FakeFcm.Request request = fcm.requestsTo(token).get(0);
    assertThat(request.path()).isEqualTo("/v1/projects/careloop-test/messages:send");
    assertThat(request.authorization()).isEqualTo("Bearer fake-access-token");
    JsonObject m = request.message();
    assertThat(m.getJsonObject("notification"))
        .isEqualTo(
            new JsonObject()
                .put("title", "Brushing reminder")
                .put("body", "Two minutes, twice a day"));
    assertThat(m.getJsonObject("data")).isEqualTo(new JsonObject().put("kind", "brushing"));
    assertThat(m.getJsonObject("android").getString("collapse_key")).isEqualTo("alert-42");
    assertThat(m.getJsonObject("android").getString("ttl")).isEqualTo("3600s");
    JsonObject apnsHeaders = m.getJsonObject("apns").getJsonObject("headers");
    assertThat(apnsHeaders.getString("apns-collapse-id")).isEqualTo("alert-42");
    assertThat(apnsHeaders.getString("apns-expiration"))
        .isEqualTo(String.valueOf(NOW.plusSeconds(3600).getEpochSecond()));
    assertThat(m.getJsonObject("webpush").getJsonObject("headers"))
        .isEqualTo(new JsonObject().put("TTL", "3600").put("Topic", "alert-42"));
  }

  @Test
  @DisplayName(
      "The TTL sent is what is left of the message's life, so a late retry does not outlive it")
  void ttlShrinksWithTime() {
    String token = token();
    clock.set(NOW.plus(Duration.ofMinutes(45)));

    sender.send(new PushMessage(token, "t", "b", Map.of(), null, NOW.plus(Duration.ofHours(1))));

    JsonObject android = fcm.requestsTo(token).get(0).message().getJsonObject("android");
    assertThat(android.getString("ttl")).isEqualTo("900s");
    assertThat(android.containsKey("collapse_key")).isFalse();
  }

  @Test
  @DisplayName(
      "UNREGISTERED comes back as drop-the-token after one request (the SDK does not retry it)")
  void unregistered() {
    String token = token();
    fcm.answer(token, Answer.unregistered());

    PushOutcome outcome = sender.send(message(token));

    assertThat(outcome.kind()).isEqualTo(Kind.DROP_TOKEN);
    assertThat(outcome.error()).isEqualTo("HTTP 404 UNREGISTERED");
    assertThat(outcome.error()).doesNotContain(token);
    assertThat(fcm.requestsTo(token)).hasSize(1);
  }

  @Test
  @DisplayName("A token FCM calls not valid is dropped too")
  void invalidToken() {
    String token = token();
    fcm.answer(token, Answer.invalidToken());

    assertThat(sender.send(message(token)).kind()).isEqualTo(Kind.DROP_TOKEN);
  }

  @Test
  @DisplayName("429 and 500 come back as retry after one request, with 429's Retry-After")
  void quotaAndInternal() {
    String token = token();
    fcm.answer(token, Answer.tooManyRequests().withRetryAfter(20), Answer.internalError());

    PushOutcome quota = sender.send(message(token));
    PushOutcome internal = sender.send(message(token));

    assertThat(quota.kind()).isEqualTo(Kind.RETRY);
    assertThat(quota.retryAfter()).contains(Duration.ofSeconds(20));
    assertThat(internal.kind()).isEqualTo(Kind.RETRY);
    assertThat(fcm.requestsTo(token)).hasSize(2);
  }

  @Test
  @DisplayName("A single 503 is retried by the SDK itself and the message is delivered")
  void sdkRetries503() {
    String token = token();
    fcm.answer(token, Answer.unavailable());

    PushOutcome outcome = sender.send(message(token));

    assertThat(outcome.kind()).isEqualTo(Kind.DELIVERED);
    assertThat(fcm.requestsTo(token))
        .extracting(FakeFcm.Request::answeredStatus)
        .containsExactly(503, 200);
  }

  @Test
  @DisplayName("FCM out of reach is a retry, not a failure")
  void unreachable() throws Exception {
    FakeFcm goingAway = FakeFcm.start();
    Path file = goingAway.writeCredentials(Files.createTempDirectory("fcm-gone"), "careloop-test");
    try (FcmSender unreachable =
        FcmSender.start(
            new FcmSettings(
                Optional.of(file),
                Optional.empty(),
                Optional.of(goingAway.endpoint()),
                Duration.ofSeconds(2)),
            clock)) {
      assertThat(unreachable.send(message(token())).kind())
          .isEqualTo(Kind.DELIVERED); // signed in, token cached
      goingAway.close();

      PushOutcome outcome = unreachable.send(message(token()));

      assertThat(outcome.kind()).isEqualTo(Kind.RETRY);
      assertThat(outcome.error()).startsWith("no response");
    }
  }
}
