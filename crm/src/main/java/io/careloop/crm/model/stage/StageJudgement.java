package io.careloop.crm.model.stage;

import io.careloop.crm.model.facts.LifecycleStage;
import io.careloop.crm.model.tag.Observation;
import java.util.List;
import java.util.Optional;

/**
 * The stage a patient is in now, the rule that said so with its evidence, and the transition when
 * it differs from the stage before.
 */
public record StageJudgement(
    LifecycleStage stage,
    String ruleId,
    List<Observation> evidence,
    Optional<StageTransition> transition) {

  public StageJudgement {
    evidence = List.copyOf(evidence);
  }

  /**
   * The rule and evidence in one line, e.g. {@code decline-no-visit: visits.days_since_last=301;
   * ...}.
   */
  public String reason() {
    return evidence.isEmpty()
        ? ruleId
        : ruleId + ": " + String.join("; ", evidence.stream().map(Observation::toString).toList());
  }
}
