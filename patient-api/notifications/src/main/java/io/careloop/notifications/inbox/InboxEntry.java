package io.careloop.notifications.inbox;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One entry of a recipient's inbox (a row of inbox_by_recipient_month); {@code readAt} null while
 * unread.
 */
public record InboxEntry(
    UUID id,
    String kind,
    String title,
    String body,
    Map<String, String> data,
    Instant createdAt,
    Instant readAt) {

  public InboxEntry {
    data = data == null ? Map.of() : Map.copyOf(data);
  }

  public InboxEntry readAt(Instant at) {
    return new InboxEntry(id, kind, title, body, data, createdAt, at);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("id", id.toString())
            .put("kind", kind)
            .put("title", title)
            .put("body", body)
            .put("createdAt", createdAt.toString())
            .put("read", readAt != null);
    if (readAt != null) {
      json.put("readAt", readAt.toString());
    }
    if (!data.isEmpty()) {
      JsonObject d = new JsonObject();
      data.forEach(d::put);
      json.put("data", d);
    }
    return json;
  }
}
