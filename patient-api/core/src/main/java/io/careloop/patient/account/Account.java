package io.careloop.patient.account;

import io.careloop.platform.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A patient's or a staff member's account. The password hash never leaves this module. */
public record Account(
    UUID id,
    String email,
    Role role,
    String name,
    String phone,
    String timeZone,
    String passwordHash,
    Set<UUID> clinicIds,
    Instant createdAt) {

  public Account {
    clinicIds = clinicIds == null ? Set.of() : Set.copyOf(clinicIds);
  }

  /** The profile as the app sees it. */
  public JsonObject toProfileJson() {
    JsonObject json =
        new JsonObject()
            .put("id", id.toString())
            .put("email", email)
            .put("role", role.claim())
            .put("name", name)
            .put("timeZone", timeZone);
    if (phone != null) {
      json.put("phone", phone);
    }
    if (!clinicIds.isEmpty()) {
      json.put(
          "clinicIds", new JsonArray(clinicIds.stream().map(UUID::toString).sorted().toList()));
    }
    return json;
  }
}
