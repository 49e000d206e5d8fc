package io.careloop.alerts.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The answer of {@link io.careloop.platform.bus.Addresses#PATIENT_CARE}: the patient's care plan
 * (as the nurse API shows it) if they have one, and their unresolved alerts with those asked for.
 */
public record PatientCare(UUID patientId, Optional<JsonObject> carePlan, List<AlertState> alerts) {

  public PatientCare {
    alerts = List.copyOf(alerts);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("patientId", patientId.toString())
            .put("alerts", new JsonArray(alerts.stream().map(AlertState::toJson).toList()));
    carePlan.ifPresent(plan -> json.put("carePlan", plan));
    return json;
  }

  public static PatientCare fromJson(JsonObject json) {
    return new PatientCare(
        UUID.fromString(json.getString("patientId")),
        Optional.ofNullable(json.getJsonObject("carePlan")),
        json.getJsonArray("alerts").stream()
            .map(o -> AlertState.fromJson((JsonObject) o))
            .toList());
  }
}
