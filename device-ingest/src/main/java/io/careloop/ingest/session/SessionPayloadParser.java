package io.careloop.ingest.session;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Reads a session payload exactly as the firmware contract defines it. Structure, types and
 * ranges come from the JSON schema {@code schemas/brushing-session-1.json}; the rules that span
 * fields (topic, schema version, time format, pressure and zone sums) are checked here. Unknown
 * fields are ignored; a different major schema version is refused, never half-read.
 */
public final class SessionPayloadParser {

  public static final int MAX_PAYLOAD_BYTES = 4096;
  private static final Pattern SCHEMA = Pattern.compile("careloop\\.brushing-session/(\\d+)(\\.\\d+)?");
  private static final Pattern TOPIC = Pattern.compile("careloop/v1/devices/(TB-[0-9A-F]{8})/sessions");
  private static final int ZONE_SLACK_SEC = 5;

  /** Why a payload was refused: a stable code (stored with the dead letter) and a readable detail. */
  public record Rejection(String reason, String detail) {
  }

  /** Either a session or the reason it was refused. */
  public sealed interface Result permits Accepted, Rejected {
  }

  public record Accepted(BrushingSession session) implements Result {
  }

  public record Rejected(Rejection rejection, String deviceId) implements Result {
  }

  private final Validator validator;

  public SessionPayloadParser() {
    this.validator = Validator.create(JsonSchema.of(loadSchema()),
        new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://careloop.example/schemas/"));
  }

  /** The device id of a session topic, or null when the topic is not one. */
  public static String deviceOfTopic(String topic) {
    var m = TOPIC.matcher(topic);
    return m.matches() ? m.group(1) : null;
  }

  public Result parse(String topic, byte[] payload, Instant receivedAt) {
    String topicDevice = deviceOfTopic(topic);
    if (topicDevice == null) {
      return reject(null, "invalid-topic", "Not a session topic: " + topic);
    }
    if (payload.length > MAX_PAYLOAD_BYTES) {
      return reject(topicDevice, "payload-too-large",
          "The payload has " + payload.length + " bytes; at most " + MAX_PAYLOAD_BYTES + " are allowed");
    }
    JsonObject json;
    try {
      json = new JsonObject(new String(payload, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      return reject(topicDevice, "invalid-json", "The payload is not a JSON object");
    }
    Object schema = json.getValue("schema");
    var version = schema instanceof String s ? SCHEMA.matcher(s) : null;
    if (version == null || !version.matches()) {
      return reject(topicDevice, "unsupported-schema", "schema must be careloop.brushing-session/1, got " + schema);
    }
    if (!version.group(1).equals("1")) {
      return reject(topicDevice, "unsupported-schema", "Schema major version " + version.group(1)
          + " is not supported; this backend reads careloop.brushing-session/1");
    }
    OutputUnit result = validator.validate(json);
    if (!result.getValid()) {
      return reject(topicDevice, "schema-violation", describe(result));
    }
    String deviceId = json.getString("deviceId");
    if (!deviceId.equals(topicDevice)) {
      return reject(topicDevice, "device-mismatch",
          "deviceId " + deviceId + " does not match the topic's device " + topicDevice);
    }
    Instant startedAt;
    try {
      startedAt = OffsetDateTime.parse(json.getString("startedAt").toUpperCase(Locale.ROOT),
          DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return reject(topicDevice, "schema-violation", "/startedAt: not an RFC 3339 timestamp with offset");
    }
    int duration = json.getNumber("durationSec").intValue();
    JsonObject pressure = json.getJsonObject("pressure");
    int highSec = pressure.getNumber("highSec").intValue();
    if (highSec > duration) {
      return reject(topicDevice, "schema-violation",
          "/pressure/highSec: " + highSec + " s of high pressure in a " + duration + " s session");
    }
    JsonObject zones = json.getJsonObject("zonesSec");
    var z = new BrushingSession.Zones(zones.getNumber("UL").intValue(), zones.getNumber("UR").intValue(),
        zones.getNumber("LL").intValue(), zones.getNumber("LR").intValue());
    if (z.total() > duration + ZONE_SLACK_SEC) {
      return reject(topicDevice, "schema-violation", "/zonesSec: the quadrants add up to " + z.total()
          + " s, more than the " + duration + " s session (+" + ZONE_SLACK_SEC + ")");
    }
    boolean backlog = json.getBoolean("backlog");
    Number plaque = json.getNumber("plaqueIndex");
    return new Accepted(new BrushingSession(
        deviceId,
        json.getNumber("sessionId").longValue(),
        startedAt,
        duration,
        json.getString("mode"),
        pressure.getNumber("highEvents").intValue(),
        highSec,
        z,
        json.getNumber("coveragePct").intValue(),
        plaque == null ? OptionalDouble.empty() : OptionalDouble.of(plaque.doubleValue()),
        json.getNumber("batteryPct").intValue(),
        json.getString("firmware"),
        backlog,
        receivedAt,
        SessionPlacement.place(startedAt, duration, backlog, receivedAt)));
  }

  private static Result reject(String deviceId, String reason, String detail) {
    return new Rejected(new Rejection(reason, detail), deviceId);
  }

  /** The first few schema errors as "/pointer: message". */
  private static String describe(OutputUnit result) {
    StringBuilder out = new StringBuilder();
    var errors = result.getErrors() == null || result.getErrors().isEmpty() ? java.util.List.of(result) : result.getErrors();
    for (OutputUnit error : errors.subList(0, Math.min(3, errors.size()))) {
      if (out.length() > 0) {
        out.append("; ");
      }
      String where = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().replaceFirst("^#", "");
      out.append(where.isEmpty() ? "/" : where).append(": ").append(error.getError());
    }
    return out.toString();
  }

  private static JsonObject loadSchema() {
    try (InputStream in = SessionPayloadParser.class.getResourceAsStream("/schemas/brushing-session-1.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
