package io.careloop.ingest.registry;

import io.careloop.platform.bus.RecordCodec;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * The event of {@link io.careloop.platform.bus.Addresses#DEVICE_CHANGED}: a brush changed in the
 * registry of instance {@code from}; {@code credentialEnded} when it can no longer connect
 * (revoked, or its credential rotated).
 */
public record DeviceChanged(String deviceId, String from, boolean credentialEnded) {

  public static void register(EventBus bus) {
    RecordCodec.register(bus, DeviceChanged.class, DeviceChanged::toJson, DeviceChanged::fromJson);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("deviceId", deviceId)
        .put("from", from)
        .put("credentialEnded", credentialEnded);
  }

  public static DeviceChanged fromJson(JsonObject json) {
    return new DeviceChanged(
        json.getString("deviceId"),
        json.getString("from"),
        json.getBoolean("credentialEnded", false));
  }
}
