package io.careloop.notifications.bus;

import io.careloop.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a module asks to be sent to one recipient: the message of {@link
 * io.careloop.platform.bus.Addresses#NOTIFY} ({@link NotifyClient}), answered with a {@link Sent}.
 * Between processes it travels as the JSON of {@link #toJson}.
 *
 * @param dedupKey the sender's identity of this message: a second request with the same key creates
 *     nothing (e.g. {@code alert:<patient>:<rule>:<window>})
 * @param collapseKey on the phone, a newer message with the same key replaces the older one; null
 *     for none
 * @param ttl how long the message is worth showing; null for the configured default
 * @param data extra key/value pairs the app reads (e.g. the alert id); they travel with the push
 * @param pushTitle what the push shows instead of {@code title}, null for the title: the push
 *     passes through Firebase and shows on a locked phone, the inbox only to its signed-in reader,
 *     so clinical details belong in the inbox alone
 * @param pushBody what the push shows instead of {@code body}, null for the body
 * @param soleSenderUntil null, or until when the sender holds this message alone (an unlapsed claim
 *     of its own) and knows that no earlier attempt sent it: the dedup key is then recorded without
 *     a lightweight transaction, since nobody can race for it. Past that instant the key is claimed
 *     as usual.
 */
public record NotificationRequest(
    UUID recipientId,
    String kind,
    String title,
    String body,
    String dedupKey,
    String collapseKey,
    Duration ttl,
    Map<String, String> data,
    String pushTitle,
    String pushBody,
    Instant soleSenderUntil) {

  public static final Set<String> KINDS =
      Set.of("appointment", "recall", "brushing", "care_tip", "marketing", "alert");
  static final int MAX_TITLE = 200;
  static final int MAX_BODY = 2000;
  static final int MAX_KEY = 200;
  static final int MAX_DATA_ENTRIES = 20;
  static final int MAX_DATA_VALUE = 1000;

  /** FCM refuses a message whose notification and data exceed 4096 bytes. */
  static final int MAX_PAYLOAD_BYTES = 4000;

  /** FCM keeps a message at most 4 weeks. */
  public static final Duration MAX_TTL = Duration.ofDays(28);

  public NotificationRequest {
    data = data == null ? Map.of() : Map.copyOf(data);
  }

  /** A notification whose push shows what the inbox shows. */
  public NotificationRequest(
      UUID recipientId,
      String kind,
      String title,
      String body,
      String dedupKey,
      String collapseKey,
      Duration ttl,
      Map<String, String> data) {
    this(recipientId, kind, title, body, dedupKey, collapseKey, ttl, data, null, null);
  }

  /** A notification whose dedup key anyone may race for. */
  public NotificationRequest(
      UUID recipientId,
      String kind,
      String title,
      String body,
      String dedupKey,
      String collapseKey,
      Duration ttl,
      Map<String, String> data,
      String pushTitle,
      String pushBody) {
    this(
        recipientId,
        kind,
        title,
        body,
        dedupKey,
        collapseKey,
        ttl,
        data,
        pushTitle,
        pushBody,
        null);
  }

  /** This request from a sender that holds it alone until {@code until} (see the record). */
  public NotificationRequest withSoleSenderUntil(Instant until) {
    return new NotificationRequest(
        recipientId,
        kind,
        title,
        body,
        dedupKey,
        collapseKey,
        ttl,
        data,
        pushTitle,
        pushBody,
        until);
  }

  /** The push's title: {@code pushTitle}, or the title when there is none. */
  public String pushTitleOrTitle() {
    return pushTitle != null ? pushTitle : title;
  }

  /** The push's body: {@code pushBody}, or the body when there is none. */
  public String pushBodyOrBody() {
    return pushBody != null ? pushBody : body;
  }

  /** The JSON this request travels as between processes; {@link #fromJson} reads it back. */
  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("kind", kind)
            .put("title", title)
            .put("body", body)
            .put("dedupKey", dedupKey)
            .put("collapseKey", collapseKey)
            .put("pushTitle", pushTitle)
            .put("pushBody", pushBody);
    if (recipientId != null) {
      json.put("recipientId", recipientId.toString());
    }
    if (ttl != null) {
      json.put("ttlSeconds", ttl.toSeconds());
    }
    if (soleSenderUntil != null) {
      json.put("soleSenderUntil", soleSenderUntil.toString());
    }
    if (!data.isEmpty()) {
      json.put("data", new JsonObject(new HashMap<>(data)));
    }
    return json;
  }

  /** Reads a request from its JSON; fails with a validation problem naming the bad field. */
  public static NotificationRequest fromJson(JsonObject json) {
    if (json == null) {
      throw Problem.validation("a notification must be a JSON object");
    }
    UUID recipient;
    try {
      recipient = UUID.fromString(json.getString("recipientId"));
    } catch (RuntimeException e) {
      throw Problem.validation("recipientId must be an account id (UUID)");
    }
    Duration ttl = null;
    Object ttlSeconds = json.getValue("ttlSeconds");
    if (ttlSeconds != null) {
      if (!(ttlSeconds instanceof Number n) || n.longValue() != n.doubleValue()) {
        throw Problem.validation("ttlSeconds must be a whole number of seconds");
      }
      ttl = Duration.ofSeconds(n.longValue());
    }
    Map<String, String> data = new HashMap<>();
    Object rawData = json.getValue("data");
    if (rawData != null) {
      if (!(rawData instanceof JsonObject d)) {
        throw Problem.validation("data must be an object of strings");
      }
      d.forEach(
          e -> {
            if (!(e.getValue() instanceof String value)) {
              throw Problem.validation("data." + e.getKey() + " must be a string");
            }
            data.put(e.getKey(), value);
          });
    }
    return new NotificationRequest(
            recipient,
            text(json, "kind"),
            text(json, "title"),
            text(json, "body"),
            text(json, "dedupKey"),
            text(json, "collapseKey"),
            ttl,
            data,
            text(json, "pushTitle"),
            text(json, "pushBody"),
            instant(json, "soleSenderUntil"))
        .validated();
  }

  private static Instant instant(JsonObject json, String field) {
    String value = text(json, field);
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw Problem.validation(field + " must be an ISO-8601 instant");
    }
  }

  /** A string field as sent; a number or an object where text belongs is a mistake, not text. */
  private static String text(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw Problem.validation(field + " must be a string");
    }
    return (String) value;
  }

  /** This request if every field is acceptable; otherwise a validation problem naming the field. */
  public NotificationRequest validated() {
    if (recipientId == null) {
      throw Problem.validation("recipientId is required");
    }
    if (kind == null || !KINDS.contains(kind)) {
      throw Problem.validation(
          "kind must be one of " + String.join(", ", KINDS.stream().sorted().toList()));
    }
    requireText("title", title, MAX_TITLE);
    requireText("body", body, MAX_BODY);
    requireText("dedupKey", dedupKey, MAX_KEY);
    if (pushTitle != null) {
      requireText("pushTitle", pushTitle, MAX_TITLE);
    }
    if (pushBody != null) {
      requireText("pushBody", pushBody, MAX_BODY);
    }
    if (collapseKey != null && (collapseKey.isBlank() || collapseKey.length() > MAX_KEY)) {
      throw Problem.validation("collapseKey must have 1 to " + MAX_KEY + " characters");
    }
    if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0)) {
      throw Problem.validation("ttlSeconds must be between 1 and " + MAX_TTL.toSeconds());
    }
    if (data.size() > MAX_DATA_ENTRIES) {
      throw Problem.validation("data may have at most " + MAX_DATA_ENTRIES + " entries");
    }
    data.forEach(
        (k, v) -> {
          if (k.isEmpty()
              || v == null
              || v.length() > MAX_DATA_VALUE
              || k.startsWith("google.")
              || k.equals("from")) {
            throw Problem.validation(
                "data."
                    + k
                    + " must be a string of at most "
                    + MAX_DATA_VALUE
                    + " characters under a key FCM allows");
          }
        });
    int payload =
        utf8(pushTitleOrTitle())
            + utf8(pushBodyOrBody())
            + data.entrySet().stream().mapToInt(e -> utf8(e.getKey()) + utf8(e.getValue())).sum();
    if (payload > MAX_PAYLOAD_BYTES) {
      throw Problem.validation(
          "the push's title, body and data together must stay under "
              + MAX_PAYLOAD_BYTES
              + " bytes (FCM's limit), got "
              + payload);
    }
    return this;
  }

  private static int utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static void requireText(String field, String value, int max) {
    if (value == null || value.isBlank() || value.length() > max) {
      throw Problem.validation(field + " must have 1 to " + max + " characters");
    }
  }
}
