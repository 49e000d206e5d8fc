package io.careloop.platform.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * {@link Addresses#CLINIC_NURSES}: asked with the clinic ({@link #ask}), answered with its nurses,
 * for escalation.
 */
public record ClinicNurses(UUID clinicId, List<UUID> nurseIds) {

  public ClinicNurses {
    nurseIds = List.copyOf(nurseIds);
  }

  public static ClinicNurses ask(UUID clinicId) {
    return new ClinicNurses(clinicId, List.of());
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("clinicId", clinicId.toString())
        .put("nurseIds", Ids.toJson(nurseIds));
  }

  public static ClinicNurses fromJson(JsonObject json) {
    return new ClinicNurses(
        UUID.fromString(json.getString("clinicId")), Ids.fromJson(json.getJsonArray("nurseIds")));
  }
}
