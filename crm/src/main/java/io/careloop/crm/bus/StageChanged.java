package io.careloop.crm.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The event of {@link io.careloop.platform.bus.Addresses#STAGE_CHANGED}: a patient entered a
 * lifecycle stage, stored once, with the rule and the evidence that moved them.
 *
 * @param accountId the app account, empty for a patient known only from a practice system
 * @param clinicIds the clinics whose patient they are (an outreach is per clinic)
 * @param from the stage left; empty for a patient's first judgement
 */
public record StageChanged(
    UUID patientId,
    Optional<UUID> accountId,
    Set<UUID> clinicIds,
    Optional<String> from,
    String to,
    String ruleId,
    String reason,
    Instant at) {

  public StageChanged {
    clinicIds = Set.copyOf(clinicIds);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("patientId", patientId.toString())
            .put(
                "clinicIds",
                new JsonArray(clinicIds.stream().map(UUID::toString).sorted().toList()))
            .put("to", to)
            .put("ruleId", ruleId)
            .put("reason", reason)
            .put("at", at.toString());
    accountId.ifPresent(a -> json.put("accountId", a.toString()));
    from.ifPresent(f -> json.put("from", f));
    return json;
  }

  public static StageChanged fromJson(JsonObject json) {
    return new StageChanged(
        UUID.fromString(json.getString("patientId")),
        Optional.ofNullable(json.getString("accountId")).map(UUID::fromString),
        json.getJsonArray("clinicIds").stream()
            .map(o -> UUID.fromString(o.toString()))
            .collect(Collectors.toSet()),
        Optional.ofNullable(json.getString("from")),
        json.getString("to"),
        json.getString("ruleId"),
        json.getString("reason"),
        Instant.parse(json.getString("at")));
  }
}
