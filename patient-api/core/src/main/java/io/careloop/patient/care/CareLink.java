package io.careloop.patient.care;

import io.careloop.platform.auth.CarerRight;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A carer acting for a patient with the rights the patient granted; {@code linkId} is its acting
 * tokens' sign-in.
 */
public record CareLink(
    UUID patientId, UUID carerId, UUID linkId, Set<CarerRight> rights, Instant since) {

  public CareLink {
    rights = Set.copyOf(rights);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("patientId", patientId.toString())
        .put("carerId", carerId.toString())
        .put("rights", rightsJson(rights))
        .put("since", since.toString());
  }

  static JsonArray rightsJson(Set<CarerRight> rights) {
    return new JsonArray(rights.stream().map(CarerRight::claim).sorted().toList());
  }
}
