package io.careloop.platform.push;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What became of one send, and so what to do next.
 *
 * @param messageId FCM's id of a delivered message
 * @param error a short, token-free description of a failure (status and FCM error code)
 * @param retryAfter FCM's Retry-After, the least a retry must wait, when it sent one
 */
public record PushOutcome(
    Kind kind, String messageId, String error, Optional<Duration> retryAfter) {

  public enum Kind {
    /** FCM accepted the message. */
    DELIVERED,
    /**
     * Try again later: FCM was overloaded (429), failed (500), unavailable (503) or unreachable.
     */
    RETRY,
    /**
     * The token is dead (UNREGISTERED, not a valid token, another sender's): delete it, do not
     * retry.
     */
    DROP_TOKEN,
    /**
     * The message itself is refused or our setup is wrong: retrying the same request cannot help.
     */
    FAIL
  }

  public static PushOutcome delivered(String messageId) {
    return new PushOutcome(Kind.DELIVERED, messageId, null, Optional.empty());
  }

  /**
   * Classifies a failed send. Every argument may be null: a network failure has no HTTP status and
   * no FCM error code.
   *
   * @param httpStatus the HTTP status FCM answered with
   * @param errorCode the platform error code (com.google.firebase.ErrorCode name)
   * @param messagingErrorCode the FCM error code (MessagingErrorCode name), e.g. UNREGISTERED
   * @param message FCM's error message (it says whether a bad argument is the token)
   * @param retryAfterHeader the Retry-After header, in seconds
   */
  public static PushOutcome ofFailure(
      Integer httpStatus,
      String errorCode,
      String messagingErrorCode,
      String message,
      String retryAfterHeader) {
    String error =
        (httpStatus == null ? "no response" : "HTTP " + httpStatus)
            + (messagingErrorCode != null
                ? " " + messagingErrorCode
                : errorCode != null ? " " + errorCode : "");
    Optional<Duration> retryAfter = retryAfter(retryAfterHeader);
    if ("UNREGISTERED".equals(messagingErrorCode)
        || "SENDER_ID_MISMATCH".equals(messagingErrorCode)) {
      return new PushOutcome(Kind.DROP_TOKEN, null, error, Optional.empty());
    }
    if (("INVALID_ARGUMENT".equals(messagingErrorCode) || "INVALID_ARGUMENT".equals(errorCode))
        && message != null
        && message.toLowerCase(Locale.ROOT).contains("registration token")) {
      // FCM answers INVALID_ARGUMENT for a malformed message too; only a bad token is the token's
      // fault.
      return new PushOutcome(Kind.DROP_TOKEN, null, error, Optional.empty());
    }
    if (httpStatus == null) {
      return new PushOutcome(
          Kind.RETRY,
          null,
          error + (message == null ? "" : " (" + firstLine(message) + ")"),
          retryAfter);
    }
    boolean retryable =
        httpStatus == 429
            || httpStatus == 500
            || httpStatus == 503
            || "QUOTA_EXCEEDED".equals(messagingErrorCode)
            || "UNAVAILABLE".equals(messagingErrorCode)
            || "INTERNAL".equals(messagingErrorCode);
    return new PushOutcome(retryable ? Kind.RETRY : Kind.FAIL, null, error, retryAfter);
  }

  private static Optional<Duration> retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty(); // an HTTP date: our own backoff is good enough
    }
  }

  private static String firstLine(String message) {
    String line = message.lines().findFirst().orElse("");
    return line.length() > 120 ? line.substring(0, 120) : line;
  }
}
