package io.careloop.crm.judgement;

import io.careloop.crm.model.CrmJudge;
import io.careloop.crm.model.churn.ChurnModel;
import io.careloop.crm.model.tag.TagRuleSet;
import io.careloop.crm.model.tier.TierModel;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rules and models this instance judges with now: the admin's tag rules (the seed until one is
 * put), the tiers and the churn model last fitted (none until a first fit). Swapped whole, so a
 * judgement uses one consistent set.
 */
public final class CurrentJudge {

  /** One consistent set, and the judge made of it. */
  public record Models(
      TagRuleSet tagRules,
      Optional<TierModel> tiers,
      Optional<Instant> tiersFittedAt,
      Optional<ChurnModel> churn,
      CrmJudge judge) {

    static Models of(
        TagRuleSet tagRules,
        Optional<TierModel> tiers,
        Optional<Instant> tiersFittedAt,
        Optional<ChurnModel> churn) {
      CrmJudge judge = CrmJudge.seeded().withTagRules(tagRules);
      judge = tiers.map(judge::withTierModel).orElse(judge);
      judge = churn.map(judge::withChurnModel).orElse(judge);
      return new Models(tagRules, tiers, tiersFittedAt, churn, judge);
    }
  }

  private final AtomicReference<Models> current =
      new AtomicReference<>(
          Models.of(TagRuleSet.seed(), Optional.empty(), Optional.empty(), Optional.empty()));

  public Models models() {
    return current.get();
  }

  public void tagRules(TagRuleSet rules) {
    current.updateAndGet(m -> Models.of(rules, m.tiers(), m.tiersFittedAt(), m.churn()));
  }

  public void tiers(TierModel model, Instant fittedAt) {
    current.updateAndGet(
        m -> Models.of(m.tagRules(), Optional.of(model), Optional.of(fittedAt), m.churn()));
  }

  public void churn(ChurnModel model) {
    current.updateAndGet(
        m -> Models.of(m.tagRules(), m.tiers(), m.tiersFittedAt(), Optional.of(model)));
  }
}
