package io.careloop.ingest.status;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What a brush last said about itself, and when we heard from it. {@code reportedAt} is the brush's
 * own clock; {@code lastSeen} is ours. Fields a brush did not send are null.
 */
public record DeviceStatus(
    String deviceId,
    boolean online,
    Integer batteryPct,
    String firmware,
    Integer headUsageSec,
    Instant reportedAt,
    Instant lastSeen) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("online", online).put("lastSeen", lastSeen.toString());
    if (batteryPct != null) {
      json.put("batteryPct", batteryPct);
    }
    if (firmware != null) {
      json.put("firmware", firmware);
    }
    if (headUsageSec != null) {
      json.put("headUsageSec", headUsageSec);
    }
    return json;
  }
}
