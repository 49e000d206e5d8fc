package io.careloop.crm.patient;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/**
 * A patient as the CRM keeps them (crm_patients_by_id). Any field but the id may be unknown (null):
 * a patient heard of through a brushing session before their profile, an imported patient without
 * e-mail.
 *
 * @param accountId the app account, null for a patient imported and not (yet) linked to one
 * @param clinicIds the clinics whose staff see the patient: booked, visited or imported there
 * @param region where the patient lives, as a practice system gave it
 * @param labels what the patient was last judged to be ({@code tag:<tag>}, {@code tier:<tier>},
 *     {@code stage:<stage>}): what staff search and count them by
 */
public record CrmPatient(
    UUID id,
    UUID accountId,
    String name,
    String email,
    String phone,
    LocalDate birthDate,
    String timeZone,
    Set<UUID> clinicIds,
    Instant registeredAt,
    Instant updatedAt,
    String region,
    Set<String> labels) {

  public CrmPatient {
    clinicIds = clinicIds == null ? Set.of() : Set.copyOf(clinicIds);
    labels = labels == null ? Set.of() : Set.copyOf(labels);
  }

  /**
   * The labels of one kind ({@code tag}, {@code tier}, {@code stage}), without their prefix,
   * sorted.
   */
  public java.util.List<String> labelled(String kind) {
    return labels.stream()
        .filter(l -> l.startsWith(kind + ":"))
        .map(l -> l.substring(kind.length() + 1))
        .sorted()
        .toList();
  }

  /** Name and contacts, as staff lists show them (absent fields left out). */
  public JsonObject contactJson() {
    JsonObject json = new JsonObject().put("id", id.toString());
    putIfKnown(json, "name", name);
    putIfKnown(json, "email", email);
    putIfKnown(json, "phone", phone);
    return json;
  }

  /** The profile part of the record. */
  public JsonObject profileJson() {
    JsonObject json = contactJson();
    putIfKnown(json, "accountId", accountId);
    putIfKnown(json, "birthDate", birthDate);
    putIfKnown(json, "timeZone", timeZone);
    putIfKnown(json, "registeredAt", registeredAt);
    putIfKnown(json, "region", region);
    return json.put(
        "clinicIds", new JsonArray(clinicIds.stream().map(UUID::toString).sorted().toList()));
  }

  private static void putIfKnown(JsonObject json, String field, Object value) {
    if (value != null) {
      json.put(field, value.toString());
    }
  }
}
