package io.careloop.ingest.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.ingest.contract.ContractReader;
import java.time.Instant;

/** Reads a {@code careloop.device-status/1} payload (the brush's status and its Last Will). */
public final class StatusPayloadParser {

  private final ContractReader reader =
      new ContractReader("status", "device-status", "/schemas/device-status-1.json");

  /** The status, or the refusal in {@code ContractReader.Read}'s terms. */
  public ContractReader.Read read(String topic, byte[] payload) {
    ContractReader.Read read = reader.read(topic, payload);
    if (read.accepted() && ContractReader.instant(read.json().get("at").textValue()) == null) {
      return ContractReader.reject(
          read.deviceId(), "schema-violation", "/at: not an RFC 3339 timestamp with offset");
    }
    return read;
  }

  public static DeviceStatus toStatus(JsonNode json, Instant receivedAt) {
    return new DeviceStatus(
        json.get("deviceId").textValue(),
        json.get("online").booleanValue(),
        integerOrNull(json, "batteryPct"),
        json.hasNonNull("firmware") ? json.get("firmware").textValue() : null,
        integerOrNull(json, "headUsageSec"),
        ContractReader.instant(json.get("at").textValue()),
        receivedAt);
  }

  private static Integer integerOrNull(JsonNode json, String field) {
    return json.hasNonNull(field) ? json.get(field).intValue() : null;
  }
}
