package io.careloop.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.ingest.testing.TestBrush;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionPayloadParserTest {

  private static final String DEVICE = "TB-00A1B2C3";
  private static final String TOPIC = "careloop/v1/devices/" + DEVICE + "/sessions";
  private static final Instant RECEIVED = Instant.parse("2026-11-24T07:33:10Z");
  private final SessionPayloadParser parser = new SessionPayloadParser();

  private static JsonObject example() {
    return TestBrush.payload(DEVICE, 1234, Instant.parse("2026-11-24T07:31:05Z"));
  }

  private SessionPayloadParser.Result parse(JsonObject payload) {
    return parser.parse(TOPIC, payload.encode().getBytes(StandardCharsets.UTF_8), RECEIVED);
  }

  private String reasonFor(Consumer<JsonObject> change) {
    JsonObject payload = example();
    change.accept(payload);
    var result = parse(payload);
    assertThat(result).isInstanceOf(SessionPayloadParser.Rejected.class);
    return ((SessionPayloadParser.Rejected) result).rejection().reason();
  }

  @Test
  @DisplayName("The contract's example is accepted with every field read")
  void acceptsTheExample() {
    var result = parse(example());

    assertThat(result).isInstanceOf(SessionPayloadParser.Accepted.class);
    BrushingSession s = ((SessionPayloadParser.Accepted) result).session();
    assertThat(s.deviceId()).isEqualTo(DEVICE);
    assertThat(s.sessionId()).isEqualTo(1234);
    assertThat(s.startedAt()).isEqualTo(Instant.parse("2026-11-24T07:31:05Z"));
    assertThat(s.durationSec()).isEqualTo(124);
    assertThat(s.mode()).isEqualTo("daily_clean");
    assertThat(s.pressureHighEvents()).isEqualTo(2);
    assertThat(s.pressureHighSec()).isEqualTo(9);
    assertThat(s.zonesSec()).isEqualTo(new BrushingSession.Zones(31, 29, 28, 36));
    assertThat(s.coveragePct()).isEqualTo(87);
    assertThat(s.plaqueIndex()).hasValue(1.2);
    assertThat(s.batteryPct()).isEqualTo(64);
    assertThat(s.firmware()).isEqualTo("3.4.1");
    assertThat(s.backlog()).isFalse();
    assertThat(s.receivedAt()).isEqualTo(RECEIVED);
  }

  @Test
  @DisplayName("Unknown fields of newer firmware are ignored, and plaqueIndex may be absent")
  void ignoresUnknownFields() {
    JsonObject payload = example().put("gyro", new JsonObject().put("x", 1)).put("newField", "x");
    payload.remove("plaqueIndex");

    var result = parse(payload);

    assertThat(result).isInstanceOf(SessionPayloadParser.Accepted.class);
    assertThat(((SessionPayloadParser.Accepted) result).session().plaqueIndex()).isEmpty();
  }

  @Test
  @DisplayName("A newer minor schema version (1.1) is read; another major version (2) is refused")
  void schemaVersions() {
    assertThat(parse(example().put("schema", "careloop.brushing-session/1.1")))
        .isInstanceOf(SessionPayloadParser.Accepted.class);
    assertThat(reasonFor(p -> p.put("schema", "careloop.brushing-session/2")))
        .isEqualTo("unsupported-schema");
    assertThat(reasonFor(p -> p.remove("schema"))).isEqualTo("unsupported-schema");
    assertThat(reasonFor(p -> p.put("schema", "careloop.device-status/1")))
        .isEqualTo("unsupported-schema");
  }

  @ParameterizedTest(name = "{0} = {1} is refused")
  @CsvSource({
    "durationSec, 1801",
    "durationSec, -1",
    "coveragePct, 101",
    "batteryPct, -5",
    "sessionId, 0",
    "plaqueIndex, 3.1",
    "mode, brushing",
    "firmware, three",
    "deviceId, TB-00a1b2c3"
  })
  @DisplayName("Values out of the contract's ranges are refused as schema violations")
  void outOfRange(String field, String value) {
    Object parsed =
        value.matches("-?\\d+")
            ? (Object) Integer.parseInt(value)
            : value.matches("-?\\d+\\.\\d+") ? (Object) Double.parseDouble(value) : value;
    assertThat(reasonFor(p -> p.put(field, parsed))).isEqualTo("schema-violation");
  }

  @Test
  @DisplayName(
      "Rules across fields: high-pressure time within the session, quadrants within the session + 5 s")
  void crossFieldRules() {
    assertThat(reasonFor(p -> p.getJsonObject("pressure").put("highSec", 125)))
        .isEqualTo("schema-violation");
    assertThat(reasonFor(p -> p.getJsonObject("zonesSec").put("LR", 36 + 6)))
        .isEqualTo("schema-violation");
    assertThat(parse(withZoneLr(36 + 5))).isInstanceOf(SessionPayloadParser.Accepted.class);
  }

  private static JsonObject withZoneLr(int lr) {
    JsonObject p = example();
    p.getJsonObject("zonesSec").put("LR", lr);
    return p;
  }

  @Test
  @DisplayName("A missing field, a wrong type and a time without offset are refused")
  void structure() {
    assertThat(reasonFor(p -> p.remove("coveragePct"))).isEqualTo("schema-violation");
    assertThat(reasonFor(p -> p.put("durationSec", "124"))).isEqualTo("schema-violation");
    assertThat(reasonFor(p -> p.put("startedAt", "2026-11-24T07:31:05")))
        .isEqualTo("schema-violation");
    assertThat(reasonFor(p -> p.put("backlog", "no"))).isEqualTo("schema-violation");
  }

  @Test
  @DisplayName("A schema violation's detail names each offending field and the rule it breaks")
  void violationDetail() {
    JsonObject payload = example().put("coveragePct", 101);
    payload.getJsonObject("zonesSec").put("UL", -1);
    var result = (SessionPayloadParser.Rejected) parse(payload);
    assertThat(result.rejection().reason()).isEqualTo("schema-violation");
    assertThat(result.rejection().detail())
        .contains("/coveragePct: ")
        .contains("100")
        .contains("/zonesSec/UL: ")
        .contains("0");
    var missing =
        (SessionPayloadParser.Rejected) parse(example().copy().put("firmware", (String) null));
    assertThat(missing.rejection().detail()).startsWith("/firmware: ");
  }

  @Test
  @DisplayName("The payload's device must be the topic's device")
  void deviceMismatch() {
    assertThat(reasonFor(p -> p.put("deviceId", "TB-FFFFFFFF"))).isEqualTo("device-mismatch");
  }

  @Test
  @DisplayName(
      "Malformed JSON, an array and an oversize payload are refused with their own reasons")
  void malformed() {
    assertThat(parser.parse(TOPIC, "{\"schema\":".getBytes(StandardCharsets.UTF_8), RECEIVED))
        .extracting(r -> ((SessionPayloadParser.Rejected) r).rejection().reason())
        .isEqualTo("invalid-json");
    assertThat(parser.parse(TOPIC, "[1,2]".getBytes(StandardCharsets.UTF_8), RECEIVED))
        .extracting(r -> ((SessionPayloadParser.Rejected) r).rejection().reason())
        .isEqualTo("invalid-json");
    byte[] trailing = (example().encode() + " {}").getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parse(TOPIC, trailing, RECEIVED))
        .extracting(r -> ((SessionPayloadParser.Rejected) r).rejection().reason())
        .isEqualTo("invalid-json");
    byte[] big =
        example().put("padding", "x".repeat(5000)).encode().getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parse(TOPIC, big, RECEIVED))
        .extracting(r -> ((SessionPayloadParser.Rejected) r).rejection().reason())
        .isEqualTo("payload-too-large");
  }

  @Test
  @DisplayName("A message on a topic that is not a session topic is refused")
  void wrongTopic() {
    var result =
        parser.parse(
            "careloop/v1/devices/" + DEVICE + "/status",
            example().encode().getBytes(StandardCharsets.UTF_8),
            RECEIVED);
    assertThat(((SessionPayloadParser.Rejected) result).rejection().reason())
        .isEqualTo("invalid-topic");
  }

  @Test
  @DisplayName("Numbers too large for their column are refused, not cut down to a plausible value")
  void numbersBeyondTheirColumns() {
    // 2^32 + 31 would read as 31 s, and two zones of 2^31 - 1 would add up to a negative sum
    assertThat(reasonFor(p -> p.getJsonObject("zonesSec").put("UL", 4_294_967_327L)))
        .isEqualTo("schema-violation");
    assertThat(
            reasonFor(
                p ->
                    p.getJsonObject("zonesSec")
                        .put("UL", Integer.MAX_VALUE)
                        .put("UR", Integer.MAX_VALUE)))
        .isEqualTo("schema-violation");
    assertThat(reasonFor(p -> p.getJsonObject("pressure").put("highEvents", 4_294_967_298L)))
        .isEqualTo("schema-violation");
    String beyondLong =
        example().encode().replace("\"sessionId\":1234", "\"sessionId\":18446744073709551617");
    var result = parser.parse(TOPIC, beyondLong.getBytes(StandardCharsets.UTF_8), RECEIVED);
    assertThat(result)
        .isInstanceOfSatisfying(
            SessionPayloadParser.Rejected.class,
            r -> assertThat(r.rejection().reason()).isEqualTo("schema-violation"));
  }

  @ParameterizedTest
  @DisplayName(
      "startedAt is RFC 3339: seconds and a four-digit year are required, T and Z in either case")
  @CsvSource({
    "2026-11-24T07:31:05Z, true",
    "2026-11-24t07:31:05.123z, true",
    "2026-11-24T08:31:05+01:00, true",
    "2026-11-24T07:31+01:00, false",
    "+300000000-01-01T00:00:00Z, false",
    "2026-11-24 07:31:05Z, false",
    "2026-11-24T07:31:05, false"
  })
  void startedAtIsRfc3339(String startedAt, boolean accepted) {
    var result = parse(example().put("startedAt", startedAt));
    if (accepted) {
      assertThat(result).isInstanceOf(SessionPayloadParser.Accepted.class);
    } else {
      assertThat(result)
          .isInstanceOfSatisfying(
              SessionPayloadParser.Rejected.class,
              r -> assertThat(r.rejection().reason()).isEqualTo("schema-violation"));
    }
  }

  @ParameterizedTest
  @DisplayName("firmware is a semantic version, pre-release and build included")
  @CsvSource({
    "3.4.1, true",
    "1.0.0-rc.1+build.5, true",
    "1.0.0-alpha, true",
    "2.0.1+20261124, true",
    "3.4, false",
    "v3.4.1, false",
    "1.0.0-rc..1, false",
    "1.0.0+, false"
  })
  void firmwareIsSemver(String firmware, boolean accepted) {
    var result = parse(example().put("firmware", firmware));
    assertThat(result instanceof SessionPayloadParser.Accepted).as(firmware).isEqualTo(accepted);
  }
}
