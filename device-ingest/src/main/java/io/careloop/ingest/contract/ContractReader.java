package io.careloop.ingest.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks every message of the device contract goes through, whatever its kind: the topic is the
 * kind's topic of a brush, the payload is at most 4 KiB of JSON, it declares the kind's schema with
 * major version 1 (a newer minor is read, another major is refused, never half-read), it satisfies
 * the JSON Schema, and its {@code deviceId} is the topic's. Unknown fields are ignored.
 */
public final class ContractReader {

  public static final int MAX_PAYLOAD_BYTES = 4096;

  /**
   * Why a payload was refused: a stable code (stored with the dead letter) and a readable detail.
   */
  public record Rejection(String reason, String detail) {}

  /** Either the checked payload or the reason it was refused; {@code deviceId} is the topic's. */
  public record Read(JsonNode json, String deviceId, Rejection rejection) {
    public boolean accepted() {
      return rejection == null;
    }
  }

  /** Trailing content after the object is malformed JSON, not something to ignore. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  /**
   * RFC 3339's date-time (section 5.6): a four-digit year, seconds, optional fraction, and Z or an
   * offset; T and Z in either case. ISO 8601 parsing alone also takes times without seconds and
   * years of more than four digits, up to some the driver cannot turn into milliseconds: such a
   * message failed at every attempt to store it and was retried for ever.
   */
  private static final Pattern RFC_3339 =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

  private final Pattern topic;
  private final Pattern schemaName;
  private final String schemaId;
  private final Schema schema;

  /**
   * @param topicKind the last topic level, e.g. "sessions"
   * @param schemaKind the schema's name, e.g. "brushing-session"
   */
  public ContractReader(String topicKind, String schemaKind, String schemaResource) {
    this.topic = Pattern.compile("careloop/v1/devices/(TB-[0-9A-F]{8})/" + topicKind);
    this.schemaName =
        Pattern.compile("careloop\\." + Pattern.quote(schemaKind) + "/(\\d+)(\\.\\d+)?");
    this.schemaId = "careloop." + schemaKind + "/1";
    this.schema = SCHEMAS.getSchema(load(schemaResource));
  }

  /** The device id of a topic of this kind, or null when the topic is not one. */
  public String deviceOfTopic(String topicName) {
    Matcher m = topic.matcher(topicName);
    return m.matches() ? m.group(1) : null;
  }

  public Read read(String topicName, byte[] payload) {
    String device = deviceOfTopic(topicName);
    if (device == null) {
      return reject(null, "invalid-topic", "Not a topic of this kind: " + topicName);
    }
    if (payload.length > MAX_PAYLOAD_BYTES) {
      return reject(
          device,
          "payload-too-large",
          "The payload has "
              + payload.length
              + " bytes; at most "
              + MAX_PAYLOAD_BYTES
              + " are allowed");
    }
    JsonNode json;
    try {
      json = JSON.readTree(payload);
    } catch (IOException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      return reject(device, "invalid-json", "The payload is not a JSON object");
    }
    JsonNode declared = json.get("schema");
    Matcher version =
        declared != null && declared.isTextual() ? schemaName.matcher(declared.textValue()) : null;
    if (version == null || !version.matches()) {
      return reject(
          device, "unsupported-schema", "schema must be " + schemaId + ", got " + declared);
    }
    if (!version.group(1).equals("1")) {
      return reject(
          device,
          "unsupported-schema",
          "Schema major version "
              + version.group(1)
              + " is not supported; this backend reads "
              + schemaId);
    }
    List<Error> errors = schema.validate(json);
    if (!errors.isEmpty()) {
      return reject(device, "schema-violation", describe(errors));
    }
    String claimed = json.get("deviceId").textValue();
    if (!claimed.equals(device)) {
      return reject(
          device,
          "device-mismatch",
          "deviceId " + claimed + " does not match the topic's device " + device);
    }
    return new Read(json, device, null);
  }

  public static Read reject(String deviceId, String reason, String detail) {
    return new Read(null, deviceId, new Rejection(reason, detail));
  }

  /** An RFC 3339 time with offset (upper- or lower-case T and Z), or null. */
  public static Instant instant(String text) {
    if (text == null || !RFC_3339.matcher(text).matches()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(
              text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The first few schema errors as "/pointer: message". */
  private static String describe(List<Error> errors) {
    StringBuilder out = new StringBuilder();
    for (Error error : errors.subList(0, Math.min(3, errors.size()))) {
      if (out.length() > 0) {
        out.append("; ");
      }
      String where =
          error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
      out.append(where.isEmpty() || where.equals("$") ? "/" : where)
          .append(": ")
          .append(error.getMessage());
    }
    return out.toString();
  }

  private static String load(String resource) {
    try (InputStream in = ContractReader.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
