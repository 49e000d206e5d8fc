package io.careloop.platform.push;

import java.time.Instant;
import java.util.Map;

/**
 * One push to one registration token.
 *
 * @param token the FCM registration token: a secret of the recipient's phone, never logged
 * @param collapseKey messages with the same key replace each other on the phone (e.g. one per
 *     alert, so an escalation does not stack up); null for none
 * @param expiresAt after this the message is worthless (a reminder for a visit that has started):
 *     FCM is told to drop it instead of showing it late
 */
public record PushMessage(
    String token,
    String title,
    String body,
    Map<String, String> data,
    String collapseKey,
    Instant expiresAt) {

  public PushMessage {
    data = data == null ? Map.of() : Map.copyOf(data);
  }

  @Override
  public String toString() {
    return "PushMessage[token="
        + PushTokens.fingerprint(token)
        + ", collapseKey="
        + collapseKey
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
