package io.careloop.platform.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** The event of {@link Addresses#DEVICE_PAIRED}: a brush was paired to the patient. */
public record DevicePaired(UUID patientId, String deviceId, Instant pairedAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("patientId", patientId.toString())
        .put("deviceId", deviceId)
        .put("pairedAt", pairedAt.toString());
  }

  public static DevicePaired fromJson(JsonObject json) {
    return new DevicePaired(
        UUID.fromString(json.getString("patientId")),
        json.getString("deviceId"),
        Instant.parse(json.getString("pairedAt")));
  }
}
