package io.careloop.platform.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@link Addresses#PATIENT_DEVICES}: asked with the patient ({@link #ask}), answered with the
 * brushes paired to them now (none after the last is unpaired).
 */
public record PatientDevices(UUID patientId, List<PairedBrush> devices) {

  /** A brush and when it was paired to the patient. */
  public record PairedBrush(String deviceId, String model, Instant pairedAt) {

    JsonObject toJson() {
      return new JsonObject()
          .put("deviceId", deviceId)
          .put("model", model)
          .put("pairedAt", pairedAt.toString());
    }

    static PairedBrush fromJson(JsonObject json) {
      return new PairedBrush(
          json.getString("deviceId"),
          json.getString("model"),
          Instant.parse(json.getString("pairedAt")));
    }
  }

  public PatientDevices {
    devices = List.copyOf(devices);
  }

  public static PatientDevices ask(UUID patientId) {
    return new PatientDevices(patientId, List.of());
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("patientId", patientId.toString())
        .put("devices", new JsonArray(devices.stream().map(PairedBrush::toJson).toList()));
  }

  public static PatientDevices fromJson(JsonObject json) {
    return new PatientDevices(
        UUID.fromString(json.getString("patientId")),
        json.getJsonArray("devices", new JsonArray()).stream()
            .map(o -> PairedBrush.fromJson((JsonObject) o))
            .toList());
  }
}
