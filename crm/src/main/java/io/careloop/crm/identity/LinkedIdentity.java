package io.careloop.crm.identity;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * An identity and the patient it points to.
 *
 * @param linkedBy the staff member who linked it; null when an import did
 */
public record LinkedIdentity(Identity identity, UUID patientId, Instant linkedAt, UUID linkedBy) {

  public JsonObject toJson() {
    JsonObject json =
        identity
            .toJson()
            .put("patientId", patientId.toString())
            .put("linkedAt", linkedAt.toString());
    if (linkedBy != null) {
      json.put("linkedBy", linkedBy.toString());
    }
    return json;
  }
}
