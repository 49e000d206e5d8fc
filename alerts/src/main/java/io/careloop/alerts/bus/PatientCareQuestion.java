package io.careloop.alerts.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The question of {@link io.careloop.platform.bus.Addresses#PATIENT_CARE}: a patient, and alerts of
 * theirs the asker also wants the state of (those it last heard of as unresolved).
 */
public record PatientCareQuestion(UUID patientId, Set<UUID> alertIds) {

  public PatientCareQuestion {
    alertIds = Set.copyOf(alertIds);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("patientId", patientId.toString())
        .put("alertIds", new JsonArray(alertIds.stream().map(UUID::toString).toList()));
  }

  public static PatientCareQuestion fromJson(JsonObject json) {
    return new PatientCareQuestion(
        UUID.fromString(json.getString("patientId")),
        json.getJsonArray("alertIds").stream()
            .map(o -> UUID.fromString(o.toString()))
            .collect(Collectors.toSet()));
  }
}
