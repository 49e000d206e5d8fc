package io.careloop.alerts.plan;

import io.careloop.alerts.rule.Rule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A patient's care plan: the template it came from, the thresholds it was set with and the rules
 * they make, and the rules the nurse added for this patient (all stored as data, so a change of
 * template code does not change a running plan).
 *
 * @param templateRules the template's rules with these thresholds
 * @param customRules the rules the nurse added ({@link CustomRules})
 * @param until when it ends, as the nurse set it
 * @param setBy who set it; when a nurse did, she is the one an alert goes to first
 * @param setByNurse whether {@code setBy} is a nurse (an admin is not the one to follow up)
 */
public record CarePlan(
    UUID patientId,
    PlanTemplate plan,
    Map<String, Number> thresholds,
    List<Rule> templateRules,
    List<Rule> customRules,
    Instant startsAt,
    PlanEnd until,
    UUID setBy,
    boolean setByNurse,
    Instant updatedAt) {

  public CarePlan {
    thresholds = Map.copyOf(thresholds);
    templateRules = List.copyOf(templateRules);
    customRules = List.copyOf(customRules);
  }

  /** Every rule in force: the template's, then the nurse's own. */
  public List<Rule> rules() {
    if (customRules.isEmpty()) {
      return templateRules;
    }
    List<Rule> all = new ArrayList<>(templateRules);
    all.addAll(customRules);
    return all;
  }

  public boolean activeAt(Instant now) {
    return !now.isBefore(startsAt) && now.isBefore(until.endsAt());
  }

  /** How far back the sessions its rules judge go (at most the 92 days ingest answers at once). */
  public Duration lookback() {
    Duration longest =
        rules().stream()
            .map(r -> r.when().lookback())
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    Duration atLeast = longest.compareTo(Duration.ofDays(1)) < 0 ? Duration.ofDays(1) : longest;
    return atLeast.compareTo(Duration.ofDays(92)) > 0 ? Duration.ofDays(92) : atLeast;
  }

  public JsonObject toJson() {
    JsonObject t = new JsonObject();
    thresholds.forEach(t::put);
    return new JsonObject()
        .put("patientId", patientId.toString())
        .put("plan", plan.json())
        .put("thresholds", t)
        .put("rules", json(rules()))
        .put("customRules", json(customRules))
        .put("startsAt", startsAt.toString())
        .put("until", until.asSet())
        .put("endsAt", until.endsAt().toString())
        .put("setBy", setBy.toString())
        .put("updatedAt", updatedAt.toString());
  }

  static JsonArray json(List<Rule> rules) {
    return new JsonArray(rules.stream().map(Rule::toJson).toList());
  }
}
