package io.careloop.crm.model;

import io.careloop.crm.model.churn.ChurnModel;
import io.careloop.crm.model.facts.LifecycleStage;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.RfmHealth;
import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.model.score.RfmHealthConfig;
import io.careloop.crm.model.score.RfmHealthScorer;
import io.careloop.crm.model.stage.LifecycleRules;
import io.careloop.crm.model.stage.StageJudgement;
import io.careloop.crm.model.tag.TagEvaluation;
import io.careloop.crm.model.tag.TagRuleSet;
import io.careloop.crm.model.tier.TierModel;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The one call the record side makes per patient, on each event and in the sweep: scores, churn
 * risk, tier, stage, then tags (which may read all of those, as key-customer does). Immutable and
 * thread-safe; a refit or an admin's new rules make a new judge with the {@code with...} methods.
 */
public final class CrmJudge {

  private final RfmHealthScorer scorer;
  private final Optional<ChurnModel> churn;
  private final Optional<TierModel> tiers;
  private final LifecycleRules stages;
  private final TagRuleSet tags;

  public CrmJudge(
      RfmHealthConfig scoring,
      Optional<ChurnModel> churn,
      Optional<TierModel> tiers,
      LifecycleRules stages,
      TagRuleSet tags) {
    this.scorer = new RfmHealthScorer(scoring);
    this.churn = churn;
    this.tiers = tiers;
    this.stages = stages;
    this.tags = tags;
  }

  /** The seeded rules and default scoring, with no fitted models yet (no churn risk, no tier). */
  public static CrmJudge seeded() {
    return new CrmJudge(
        RfmHealthConfig.defaults(),
        Optional.empty(),
        Optional.empty(),
        LifecycleRules.seed(),
        TagRuleSet.seed());
  }

  public CrmJudge withChurnModel(ChurnModel model) {
    return new CrmJudge(scorer.config(), Optional.of(model), tiers, stages, tags);
  }

  public CrmJudge withTierModel(TierModel model) {
    return new CrmJudge(scorer.config(), churn, Optional.of(model), stages, tags);
  }

  public CrmJudge withTagRules(TagRuleSet rules) {
    return new CrmJudge(scorer.config(), churn, tiers, stages, rules);
  }

  public CrmJudge withStageRules(LifecycleRules rules) {
    return new CrmJudge(scorer.config(), churn, tiers, rules, tags);
  }

  public CrmJudge withScoring(RfmHealthConfig config) {
    return new CrmJudge(config, churn, tiers, stages, tags);
  }

  public RfmHealthScorer scorer() {
    return scorer;
  }

  /**
   * Judges the patient at {@code now}; {@code previousStage} is the stored one, for the transition.
   */
  public PatientJudgement judge(
      PatientFacts facts, Instant now, Optional<LifecycleStage> previousStage) {
    RfmHealth scores = scorer.score(facts, now);
    OptionalDouble risk =
        churn.map(m -> OptionalDouble.of(m.risk(facts, now))).orElse(OptionalDouble.empty());
    Optional<ValueTier> tier = tiers.map(m -> m.assign(scores));
    StageJudgement stage = stages.judge(facts, now, previousStage);
    PatientFacts judged =
        facts.withJudgements(
            new PatientFacts.Judgements(
                Optional.of(scores), risk, tier, Optional.of(stage.stage())));
    TagEvaluation tagged = tags.evaluate(judged, now);
    return new PatientJudgement(scores, risk, tier, stage, tagged);
  }
}
