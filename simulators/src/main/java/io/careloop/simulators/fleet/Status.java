package io.careloop.simulators.fleet;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** The contract's status payload, as far as the fleet sends it (the Last Will). */
final class Status {

  private Status() {}

  static String topic(String deviceId) {
    return "careloop/v1/devices/" + deviceId + "/status";
  }

  static String offline(String deviceId) {
    return new JsonObject()
        .put("schema", "careloop.device-status/1")
        .put("deviceId", deviceId)
        .put("at", Instant.now().toString())
        .put("online", false)
        .put("batteryPct", 50)
        .put("firmware", "3.4.1")
        .put("headUsageSec", 0)
        .encode();
  }
}
