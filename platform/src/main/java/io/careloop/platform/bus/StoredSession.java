package io.careloop.platform.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * One stored brushing session as device-ingest tells the other modules (and the app API shows it):
 * what the brush reported (contracts/device-mqtt.md), when its first copy was received, the time
 * that places it on a day, and its owner then ({@code patientId}, null for a brush nobody owned).
 */
public record StoredSession(
    String deviceId,
    long sessionId,
    Instant startedAt,
    Instant placedAt,
    Instant receivedAt,
    int durationSec,
    String mode,
    int pressureHighEvents,
    int pressureHighSec,
    Zones zonesSec,
    int coveragePct,
    boolean backlog,
    OptionalDouble plaqueIndex,
    UUID patientId) {

  /** Seconds brushed in each quadrant: upper-left, upper-right, lower-left, lower-right. */
  public record Zones(int ul, int ur, int ll, int lr) {}

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("deviceId", deviceId)
            .put("sessionId", sessionId)
            .put("startedAt", startedAt.toString())
            .put("placedAt", placedAt.toString())
            .put("receivedAt", receivedAt.toString())
            .put("durationSec", durationSec)
            .put("mode", mode)
            .put(
                "pressure",
                new JsonObject()
                    .put("highEvents", pressureHighEvents)
                    .put("highSec", pressureHighSec))
            .put(
                "zonesSec",
                new JsonObject()
                    .put("UL", zonesSec.ul())
                    .put("UR", zonesSec.ur())
                    .put("LL", zonesSec.ll())
                    .put("LR", zonesSec.lr()))
            .put("coveragePct", coveragePct)
            .put("backlog", backlog);
    plaqueIndex.ifPresent(p -> json.put("plaqueIndex", p));
    if (patientId != null) {
      json.put("patientId", patientId.toString());
    }
    return json;
  }

  /** Reads {@link #toJson}; a session placed or received at no stated time was so at its start. */
  public static StoredSession fromJson(JsonObject json) {
    JsonObject pressure = json.getJsonObject("pressure", new JsonObject());
    JsonObject zones = json.getJsonObject("zonesSec", new JsonObject());
    Instant startedAt = Instant.parse(json.getString("startedAt"));
    Instant placedAt = instant(json, "placedAt", startedAt);
    Double plaque = json.getDouble("plaqueIndex");
    String patient = json.getString("patientId");
    return new StoredSession(
        json.getString("deviceId"),
        json.getLong("sessionId"),
        startedAt,
        placedAt,
        instant(json, "receivedAt", placedAt),
        json.getInteger("durationSec", 0),
        json.getString("mode"),
        pressure.getInteger("highEvents", 0),
        pressure.getInteger("highSec", 0),
        new Zones(
            zones.getInteger("UL", 0),
            zones.getInteger("UR", 0),
            zones.getInteger("LL", 0),
            zones.getInteger("LR", 0)),
        json.getInteger("coveragePct", 0),
        json.getBoolean("backlog", false),
        plaque == null ? OptionalDouble.empty() : OptionalDouble.of(plaque),
        patient == null ? null : UUID.fromString(patient));
  }

  private static Instant instant(JsonObject json, String field, Instant otherwise) {
    String value = json.getString(field);
    return value == null ? otherwise : Instant.parse(value);
  }
}
