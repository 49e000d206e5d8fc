package io.careloop.platform.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.platform.push.PushOutcome.Kind;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PushOutcomeTest {

  @Test
  @DisplayName("UNREGISTERED and a token of another sender mean: delete the token, never retry")
  void deadTokens() {
    assertThat(
            PushOutcome.ofFailure(
                    404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.", null)
                .kind())
        .isEqualTo(Kind.DROP_TOKEN);
    assertThat(
            PushOutcome.ofFailure(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "mismatch", null)
                .kind())
        .isEqualTo(Kind.DROP_TOKEN);
  }

  @Test
  @DisplayName("INVALID_ARGUMENT drops the token only when FCM says the token is the bad argument")
  void invalidArgument() {
    assertThat(
            PushOutcome.ofFailure(
                    400,
                    "INVALID_ARGUMENT",
                    "INVALID_ARGUMENT",
                    "The registration token is not a valid FCM registration token",
                    null)
                .kind())
        .isEqualTo(Kind.DROP_TOKEN);
    assertThat(
            PushOutcome.ofFailure(
                    400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Message is too big", null)
                .kind())
        .isEqualTo(Kind.FAIL);
  }

  @Test
  @DisplayName("429, 500, 503 and a missing response are retried; 429's Retry-After is kept")
  void retryable() {
    PushOutcome quota =
        PushOutcome.ofFailure(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota", "30");
    assertThat(quota.kind()).isEqualTo(Kind.RETRY);
    assertThat(quota.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(quota.error()).isEqualTo("HTTP 429 QUOTA_EXCEEDED");

    assertThat(PushOutcome.ofFailure(500, "INTERNAL", "INTERNAL", "Internal", null).kind())
        .isEqualTo(Kind.RETRY);
    assertThat(PushOutcome.ofFailure(503, "UNAVAILABLE", "UNAVAILABLE", "Unavailable", null).kind())
        .isEqualTo(Kind.RETRY);
    assertThat(
            PushOutcome.ofFailure(
                    503, "UNAVAILABLE", null, "Unavailable", "Wed, 21 Oct 2015 07:28:00 GMT")
                .retryAfter())
        .isEmpty();
    PushOutcome network = PushOutcome.ofFailure(null, "UNKNOWN", null, "Connection refused", null);
    assertThat(network.kind()).isEqualTo(Kind.RETRY);
    assertThat(network.error()).startsWith("no response");
  }

  @Test
  @DisplayName("Other refusals (bad credentials, a malformed message) fail without retrying")
  void permanentFailures() {
    assertThat(
            PushOutcome.ofFailure(
                    401, "UNAUTHENTICATED", null, "Request had invalid authentication", null)
                .kind())
        .isEqualTo(Kind.FAIL);
    assertThat(
            PushOutcome.ofFailure(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", "APNs", null)
                .kind())
        .isEqualTo(Kind.FAIL);
  }
}
