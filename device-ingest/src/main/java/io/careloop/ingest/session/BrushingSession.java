package io.careloop.ingest.session;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * One brushing session as the brush reported it (contracts/device-mqtt.md), with when we received
 * it and the time that places it on a day.
 */
public record BrushingSession(
    String deviceId,
    long sessionId,
    Instant startedAt,
    int durationSec,
    String mode,
    int pressureHighEvents,
    int pressureHighSec,
    Zones zonesSec,
    int coveragePct,
    OptionalDouble plaqueIndex,
    int batteryPct,
    String firmware,
    boolean backlog,
    Instant receivedAt,
    Instant placedAt) {

  /** Seconds brushed in each quadrant: upper-left, upper-right, lower-left, lower-right. */
  public record Zones(int ul, int ur, int ll, int lr) {
    public int total() {
      return ul + ur + ll + lr;
    }
  }

  /**
   * What makes copies the same session (the contract: device, session id and start, which Cassandra
   * keeps to the millisecond).
   */
  public String identity() {
    return deviceId + '/' + sessionId + '/' + startedAt.toEpochMilli();
  }

  public BrushingSession withPlacedAt(Instant placed) {
    return new BrushingSession(
        deviceId,
        sessionId,
        startedAt,
        durationSec,
        mode,
        pressureHighEvents,
        pressureHighSec,
        zonesSec,
        coveragePct,
        plaqueIndex,
        batteryPct,
        firmware,
        backlog,
        receivedAt,
        placed);
  }

  public BrushingSession withReceivedAt(Instant received) {
    return new BrushingSession(
        deviceId,
        sessionId,
        startedAt,
        durationSec,
        mode,
        pressureHighEvents,
        pressureHighSec,
        zonesSec,
        coveragePct,
        plaqueIndex,
        batteryPct,
        firmware,
        backlog,
        received,
        placedAt);
  }

  /** The session as the app API and the event bus show it. */
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
    return json;
  }

  /** The event published once the session is stored, for the alerts module. */
  public JsonObject toStoredEvent(UUID patientId) {
    JsonObject event = toJson();
    if (patientId != null) {
      event.put("patientId", patientId.toString());
    }
    return event;
  }
}
