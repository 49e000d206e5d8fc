package io.careloop.alerts.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An alert as other modules see it over the event bus: which rule of which patient, how severe,
 * where it is in its life and when each step happened.
 *
 * @param status open, acknowledged or resolved
 */
public record AlertState(
    UUID alertId,
    UUID patientId,
    String ruleId,
    String title,
    String severity,
    String status,
    Instant openedAt,
    Optional<Instant> acknowledgedAt,
    Optional<Instant> resolvedAt,
    Set<UUID> clinicIds) {

  public AlertState {
    clinicIds = Set.copyOf(clinicIds);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("alertId", alertId.toString())
            .put("patientId", patientId.toString())
            .put("ruleId", ruleId)
            .put("title", title)
            .put("severity", severity)
            .put("status", status)
            .put("openedAt", openedAt.toString())
            .put(
                "clinicIds",
                new JsonArray(clinicIds.stream().map(UUID::toString).sorted().toList()));
    acknowledgedAt.ifPresent(at -> json.put("acknowledgedAt", at.toString()));
    resolvedAt.ifPresent(at -> json.put("resolvedAt", at.toString()));
    return json;
  }

  public static AlertState fromJson(JsonObject json) {
    return new AlertState(
        UUID.fromString(json.getString("alertId")),
        UUID.fromString(json.getString("patientId")),
        json.getString("ruleId"),
        json.getString("title"),
        json.getString("severity"),
        json.getString("status"),
        Instant.parse(json.getString("openedAt")),
        Optional.ofNullable(json.getString("acknowledgedAt")).map(Instant::parse),
        Optional.ofNullable(json.getString("resolvedAt")).map(Instant::parse),
        json.getJsonArray("clinicIds").stream()
            .map(o -> UUID.fromString(o.toString()))
            .collect(Collectors.toSet()));
  }
}
