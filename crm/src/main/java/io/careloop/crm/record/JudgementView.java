package io.careloop.crm.record;

import io.careloop.crm.judgement.StageHistoryRepository.Step;
import io.careloop.crm.sheet.LastJudgement;
import io.careloop.crm.sheet.TagState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;

/**
 * What the CRM judged of a patient, as the record shows it to nurses and coordinators alike
 * (relationship data): tags (by name) with the rules and evidence behind each and since when,
 * RFM-Health, tier, churn risk, and the lifecycle stage with its history. Evidence that is clinical
 * detail (brushing, plaque, alerts, care plan) is for a clinical view only. What was never judged,
 * or needs a model not fitted yet (tier, churn risk), is left out.
 */
final class JudgementView {

  private JudgementView() {}

  static JsonObject addTo(
      JsonObject record, LastJudgement j, List<Step> history, boolean clinicalView) {
    // by name: the stored order is whichever judge wrote last, and staff compare records
    record.put(
        "tags",
        new JsonArray(
            j.tags().values().stream()
                .sorted(Comparator.comparing(TagState::tag))
                .map(TagState::toJson)
                .map(tag -> clinicalView ? tag : TagState.withoutClinicalEvidence(tag))
                .toList()));
    j.judgedAt().ifPresent(at -> record.put("judgedAt", at.toString()));
    j.rfmHealth().ifPresent(r -> record.put("rfmHealth", LastJudgement.rfmJson(r)));
    j.churnRisk().ifPresent(risk -> record.put("churnRisk", risk));
    j.tier()
        .ifPresent(
            t -> {
              JsonObject tier = new JsonObject().put("tier", t.json());
              j.tierSince().ifPresent(since -> tier.put("since", since.toString()));
              record.put("tier", tier);
            });
    j.stage()
        .ifPresent(
            s ->
                record.put(
                    "stage",
                    s.toJson()
                        .put(
                            "history",
                            new JsonArray(history.stream().map(Step::toJson).toList()))));
    return record;
  }
}
