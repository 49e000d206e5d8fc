package io.careloop.patient.care;

import io.careloop.platform.auth.CarerRight;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A carer acting for a patient with the rights the patient granted; {@code linkId} is its acting
 * tokens' sign-in. A link an admin recorded on the patient's documented consent says who recorded
 * it and what documents the consent; one the patient made by invitation has no {@code recorded}.
 */
public record CareLink(
    UUID patientId,
    UUID carerId,
    UUID linkId,
    Set<CarerRight> rights,
    Instant since,
    Optional<Recorded> recorded) {

  /** An admin's record of the patient's consent: the admin and the document's reference. */
  public record Recorded(UUID by, String consent) {}

  public CareLink {
    rights = Set.copyOf(rights);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("patientId", patientId.toString())
            .put("carerId", carerId.toString())
            .put("rights", rightsJson(rights))
            .put("since", since.toString());
    recorded.ifPresent(r -> json.put("recordedBy", r.by().toString()).put("consent", r.consent()));
    return json;
  }

  static JsonArray rightsJson(Set<CarerRight> rights) {
    return new JsonArray(rights.stream().map(CarerRight::claim).sorted().toList());
  }
}
