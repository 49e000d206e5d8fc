package io.careloop.platform.http;

import io.vertx.core.json.JsonObject;

/**
 * An error the client can act on, sent as RFC 9457 {@code application/problem+json}. The {@code
 * type} is stable per kind of error ({@code .../problems/slot-taken}); the detail says what was
 * wrong with this request.
 */
public class Problem extends RuntimeException {

  public static final String TYPE_BASE = "https://careloop.example/problems/";

  private final int status;
  private final String kind;
  private final String title;
  private final JsonObject extensions;

  public Problem(int status, String kind, String title, String detail) {
    this(status, kind, title, detail, new JsonObject());
  }

  public Problem(int status, String kind, String title, String detail, JsonObject extensions) {
    super(detail, null, false, false);
    this.status = status;
    this.kind = kind;
    this.title = title;
    this.extensions = extensions;
  }

  public static Problem validation(String detail) {
    return new Problem(400, "validation", "The request is not valid", detail);
  }

  public static Problem notFound(String detail) {
    return new Problem(404, "not-found", "Not found", detail);
  }

  public static Problem unauthorized(String detail) {
    return new Problem(401, "unauthorized", "Authentication required", detail);
  }

  public static Problem forbidden(String detail) {
    return new Problem(403, "forbidden", "Not allowed", detail);
  }

  public static Problem conflict(String kind, String title, String detail) {
    return new Problem(409, kind, title, detail);
  }

  public static Problem tooManyRequests(String detail, long retryAfterSeconds) {
    return new Problem(
        429,
        "rate-limited",
        "Too many requests",
        detail,
        new JsonObject().put("retryAfterSeconds", retryAfterSeconds));
  }

  public static Problem unavailable(String detail) {
    return new Problem(503, "unavailable", "Temporarily unavailable", detail);
  }

  public int status() {
    return status;
  }

  public String kind() {
    return kind;
  }

  public String type() {
    return TYPE_BASE + kind;
  }

  public String title() {
    return title;
  }

  public JsonObject extensions() {
    return extensions;
  }

  public JsonObject toJson(String instance) {
    JsonObject json =
        new JsonObject()
            .put("type", type())
            .put("title", title)
            .put("status", status)
            .put("detail", getMessage());
    if (instance != null) {
      json.put("instance", instance);
    }
    extensions.forEach(e -> json.put(e.getKey(), e.getValue()));
    return json;
  }
}
