package io.careloop.alerts.alert;

import io.careloop.alerts.bus.AlertState;
import io.careloop.alerts.rule.Severity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An alert: a patient's rule breached, from when it opened until a nurse resolves it.
 *
 * @param cleared the condition no longer holds (the alert stays listed until resolved)
 * @param breachKey the breach that opened it
 * @param clinicIds the patient's clinics when it opened: whose nurses see it
 * @param responsible the nurse who set the care plan, told first; null when an admin set it
 */
public record Alert(
    UUID id,
    UUID patientId,
    String ruleId,
    String title,
    String plan,
    Severity severity,
    AlertStatus status,
    boolean cleared,
    String breachKey,
    Instant breachAt,
    String detail,
    Set<UUID> clinicIds,
    UUID responsible,
    Instant openedAt,
    Instant acknowledgedAt,
    UUID acknowledgedBy,
    Instant resolvedAt,
    UUID resolvedBy,
    String note,
    Instant escalatedAt,
    Instant notifiedAt) {

  /** Worst first: the highest severity, then the one waiting longest. */
  public static final Comparator<Alert> WORST_FIRST =
      Comparator.comparingInt((Alert a) -> -a.severity().rank())
          .thenComparing(Alert::openedAt)
          .thenComparing(Alert::id);

  public Alert {
    clinicIds = Set.copyOf(clinicIds);
  }

  /** The alert as other modules see it over the event bus. */
  public AlertState state() {
    return new AlertState(
        id,
        patientId,
        ruleId,
        title,
        severity.json(),
        status.json(),
        openedAt,
        Optional.ofNullable(acknowledgedAt),
        Optional.ofNullable(resolvedAt),
        clinicIds);
  }

  public boolean visibleTo(io.careloop.platform.auth.Principal staff) {
    return clinicIds.stream().anyMatch(staff::worksAt);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("id", id.toString())
            .put("patientId", patientId.toString())
            .put("ruleId", ruleId)
            .put("title", title)
            .put("plan", plan)
            .put("severity", severity.json())
            .put("status", status.json())
            .put("cleared", cleared)
            .put("detail", detail)
            .put("breachAt", breachAt.toString())
            .put(
                "clinicIds",
                new JsonArray(clinicIds.stream().map(UUID::toString).sorted().toList()))
            .put("openedAt", openedAt.toString());
    if (acknowledgedAt != null) {
      json.put("acknowledgedAt", acknowledgedAt.toString())
          .put("acknowledgedBy", acknowledgedBy.toString());
    }
    if (resolvedAt != null) {
      json.put("resolvedAt", resolvedAt.toString()).put("note", note);
    }
    if (resolvedBy != null) { // none when CareLoop closed it (the patient erased their account)
      json.put("resolvedBy", resolvedBy.toString());
    }
    if (escalatedAt != null) {
      json.put("escalatedAt", escalatedAt.toString());
    }
    return json;
  }
}
