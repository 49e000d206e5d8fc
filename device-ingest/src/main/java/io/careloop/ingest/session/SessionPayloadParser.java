package io.careloop.ingest.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.ingest.contract.ContractReader;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * Reads a session payload exactly as the firmware contract defines it: the checks every message
 * gets ({@link ContractReader}, with {@code schemas/brushing-session-1.json}), then the rules that
 * span fields: an RFC 3339 start, high-pressure time within the session, quadrant times within the
 * session (+5 s).
 */
public final class SessionPayloadParser {

  public static final int MAX_PAYLOAD_BYTES = ContractReader.MAX_PAYLOAD_BYTES;
  private static final int ZONE_SLACK_SEC = 5;

  /**
   * Why a payload was refused: a stable code (stored with the dead letter) and a readable detail.
   */
  public record Rejection(String reason, String detail) {}

  /** Either a session or the reason it was refused. */
  public sealed interface Result permits Accepted, Rejected {}

  public record Accepted(BrushingSession session) implements Result {}

  public record Rejected(Rejection rejection, String deviceId) implements Result {}

  private final ContractReader reader =
      new ContractReader("sessions", "brushing-session", "/schemas/brushing-session-1.json");
  private final Duration backlogWindow;

  /** A parser that places backlog as the contract's brushes need ({@link SessionPlacement}). */
  public SessionPayloadParser() {
    this(SessionPlacement.BACKLOG_WINDOW);
  }

  /** A parser that believes a backlog session's clock this far back. */
  public SessionPayloadParser(Duration backlogWindow) {
    this.backlogWindow = backlogWindow;
  }

  public Result parse(String topic, byte[] payload, Instant receivedAt) {
    ContractReader.Read read = reader.read(topic, payload);
    if (!read.accepted()) {
      return new Rejected(
          new Rejection(read.rejection().reason(), read.rejection().detail()), read.deviceId());
    }
    JsonNode json = read.json();
    String device = read.deviceId();
    Instant startedAt = ContractReader.instant(json.get("startedAt").textValue());
    if (startedAt == null) {
      return reject(device, "/startedAt: not an RFC 3339 timestamp with offset");
    }
    int duration = json.get("durationSec").intValue();
    JsonNode pressure = json.get("pressure");
    int highSec = pressure.get("highSec").intValue();
    if (highSec > duration) {
      return reject(
          device,
          "/pressure/highSec: " + highSec + " s of high pressure in a " + duration + " s session");
    }
    JsonNode zones = json.get("zonesSec");
    var z =
        new BrushingSession.Zones(
            zones.get("UL").intValue(),
            zones.get("UR").intValue(),
            zones.get("LL").intValue(),
            zones.get("LR").intValue());
    if (z.total() > duration + ZONE_SLACK_SEC) {
      return reject(
          device,
          "/zonesSec: the quadrants add up to "
              + z.total()
              + " s, more than the "
              + duration
              + " s session (+"
              + ZONE_SLACK_SEC
              + ")");
    }
    boolean backlog = json.get("backlog").booleanValue();
    JsonNode plaque = json.get("plaqueIndex");
    return new Accepted(
        new BrushingSession(
            device,
            json.get("sessionId").longValue(),
            startedAt,
            duration,
            json.get("mode").textValue(),
            pressure.get("highEvents").intValue(),
            highSec,
            z,
            json.get("coveragePct").intValue(),
            plaque == null ? OptionalDouble.empty() : OptionalDouble.of(plaque.doubleValue()),
            json.get("batteryPct").intValue(),
            json.get("firmware").textValue(),
            backlog,
            receivedAt,
            SessionPlacement.place(startedAt, duration, backlog, receivedAt, backlogWindow)));
  }

  private static Rejected reject(String deviceId, String detail) {
    return new Rejected(new Rejection("schema-violation", detail), deviceId);
  }
}
