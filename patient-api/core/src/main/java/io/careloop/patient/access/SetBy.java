package io.careloop.patient.access;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** Who set a category of a patient's access needs last: the patient, a carer or staff. */
public record SetBy(String role, UUID accountId, Instant at) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("role", role)
        .put("accountId", accountId.toString())
        .put("at", at.toString());
  }
}
