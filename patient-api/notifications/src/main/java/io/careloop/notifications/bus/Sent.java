package io.careloop.notifications.bus;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The answer to a {@link NotificationRequest}: the notification, durable by now, and whether this
 * request created it ({@code false}: its dedup key had been sent before).
 */
public record Sent(UUID notificationId, boolean created) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("notificationId", notificationId.toString())
        .put("created", created);
  }

  public static Sent fromJson(JsonObject json) {
    return new Sent(UUID.fromString(json.getString("notificationId")), json.getBoolean("created"));
  }
}
