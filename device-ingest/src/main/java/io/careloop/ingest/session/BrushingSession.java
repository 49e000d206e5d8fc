package io.careloop.ingest.session;

import io.careloop.platform.bus.StoredSession;
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

  /** The session as the app API shows it. */
  public JsonObject toJson() {
    return toStored(null).toJson();
  }

  /** The session as the event bus carries it, as {@code owner}'s (null: nobody's). */
  public StoredSession toStored(UUID owner) {
    return new StoredSession(
        deviceId,
        sessionId,
        startedAt,
        placedAt,
        receivedAt,
        durationSec,
        mode,
        pressureHighEvents,
        pressureHighSec,
        new StoredSession.Zones(zonesSec.ul(), zonesSec.ur(), zonesSec.ll(), zonesSec.lr()),
        coveragePct,
        backlog,
        plaqueIndex,
        owner);
  }
}
