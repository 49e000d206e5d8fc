package io.careloop.ingest.status;

import io.careloop.ingest.contract.ContractReader;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Reads a {@code careloop.device-status/1} payload (the brush's status and its Last Will). */
public final class StatusPayloadParser {

  private final ContractReader reader = new ContractReader("status", "device-status", "/schemas/device-status-1.json");

  /** The status, or the refusal in {@code ContractReader.Read}'s terms. */
  public ContractReader.Read read(String topic, byte[] payload) {
    ContractReader.Read read = reader.read(topic, payload);
    if (read.accepted() && ContractReader.instant(read.json().getString("at")) == null) {
      return ContractReader.reject(read.deviceId(), "schema-violation", "/at: not an RFC 3339 timestamp with offset");
    }
    return read;
  }

  public static DeviceStatus toStatus(JsonObject json, Instant receivedAt) {
    return new DeviceStatus(json.getString("deviceId"), json.getBoolean("online"), json.getInteger("batteryPct"),
        json.getString("firmware"), json.getInteger("headUsageSec"), ContractReader.instant(json.getString("at")),
        receivedAt);
  }
}
