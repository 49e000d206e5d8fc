package io.careloop.alerts.rule;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * One stored brushing session as the rules see it: the fields of the SESSION_STORED event and of
 * PATIENT_SESSIONS answers (contracts/device-mqtt.md). Quadrant seconds are in the order UL, UR,
 * LL, LR. {@code placedAt} is when it was brushed, as far as the backend trusts the brush's clock:
 * when a breach found in it happened. {@code receivedAt} is when its first copy reached the backend
 * (a copy arriving again does not change it): a breach is as new as that, whatever the brush's
 * clock says (a session brushed before a resolve but received after it is news to the nurse).
 */
public record SessionFacts(
    String deviceId,
    long sessionId,
    Instant startedAt,
    Instant placedAt,
    Instant receivedAt,
    int durationSec,
    int pressureHighEvents,
    int coveragePct,
    OptionalDouble plaqueIndex,
    int[] zonesSec) {

  public static final String[] QUADRANTS = {"UL", "UR", "LL", "LR"};

  public static SessionFacts fromJson(JsonObject json) {
    JsonObject pressure = json.getJsonObject("pressure", new JsonObject());
    JsonObject zones = json.getJsonObject("zonesSec", new JsonObject());
    int[] z = new int[4];
    for (int i = 0; i < 4; i++) {
      z[i] = zones.getInteger(QUADRANTS[i], 0);
    }
    Double plaque = json.getDouble("plaqueIndex");
    Instant placedAt = Instant.parse(json.getString("placedAt"));
    String received = json.getString("receivedAt");
    return new SessionFacts(
        json.getString("deviceId"),
        json.getLong("sessionId"),
        Instant.parse(json.getString("startedAt")),
        placedAt,
        received == null ? placedAt : Instant.parse(received),
        json.getInteger("durationSec"),
        pressure.getInteger("highEvents", 0),
        json.getInteger("coveragePct"),
        plaque == null ? OptionalDouble.empty() : OptionalDouble.of(plaque),
        z);
  }

  /** The session's identity, as the device contract defines it. */
  public String key() {
    return deviceId + "/" + sessionId + "/" + startedAt;
  }
}
