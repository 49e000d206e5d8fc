package io.careloop.crm.judgement;

import io.careloop.crm.model.PatientJudgement;
import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.model.stage.StageTransition;
import io.careloop.crm.model.tag.TagHit;
import io.careloop.crm.sheet.LastJudgement;
import io.careloop.crm.sheet.StageState;
import io.careloop.crm.sheet.TagState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a new judgement changes against the last: the judgement to store, tags gained and lost (a
 * tag keeps its "since" while some rule sets it), a stage transition, a tier move (a refit's when
 * the tier model changed since the patient's tier was given, else the scores'), and whether
 * anything worth writing changed: evidence values alone (a day more since the last visit) are not.
 */
public record JudgementChanges(
    LastJudgement before,
    LastJudgement after,
    List<TagState> gained,
    List<TagState> lost,
    Optional<StageTransition> transition,
    Optional<TierMove> tierMove,
    boolean material) {

  /** A move between tiers; {@code from} empty for a patient's first tier. */
  public record TierMove(Optional<ValueTier> from, ValueTier to, String reason) {
    public static final String REFIT = "refit";
    public static final String SCORES = "scores";
  }

  public static JudgementChanges between(
      LastJudgement before, PatientJudgement judged, Instant now, Optional<Instant> tierFittedAt) {
    Map<String, TagState> tags = tags(before, judged, now);
    Optional<ValueTier> tier = judged.tier().or(before::tier);
    boolean tierMoved = !tier.equals(before.tier());
    Optional<StageState> stage =
        judged
            .stage()
            .transition()
            .map(t -> Optional.of(new StageState(t.to(), now, t.ruleId(), t.reason())))
            .orElse(before.stage());
    OptionalDouble churn =
        judged.churnRisk().isPresent()
            ? OptionalDouble.of(Math.round(judged.churnRisk().getAsDouble() * 100) / 100.0)
            : before.churnRisk();
    LastJudgement after =
        new LastJudgement(
            Optional.of(now),
            Optional.of(judged.rfmHealth()),
            churn,
            tier,
            tierMoved ? Optional.of(now) : before.tierSince(),
            tierMoved ? tierFittedAt : before.tierModel(),
            tags,
            stage);
    return new JudgementChanges(
        before,
        after,
        added(before, tags),
        removed(before, tags),
        judged.stage().transition(),
        tierMoved
            ? Optional.of(
                new TierMove(before.tier(), tier.orElseThrow(), reason(before, tierFittedAt)))
            : Optional.empty(),
        material(before, after));
  }

  /**
   * The scores or tier changed: what a refit reads of the patient (their shard row) must follow.
   */
  public boolean scoresChanged() {
    return !before.rfmHealth().equals(after.rfmHealth()) || !before.tier().equals(after.tier());
  }

  private static Map<String, TagState> tags(
      LastJudgement before, PatientJudgement judged, Instant now) {
    Map<String, TagState> tags = new LinkedHashMap<>();
    for (String tag : judged.tags().tags()) {
      List<TagHit> hits = judged.tags().hitsFor(tag);
      TagState was = before.tags().get(tag);
      boolean sameRules =
          was != null && was.ruleIds().equals(hits.stream().map(TagHit::ruleId).toList());
      tags.put(
          tag,
          sameRules
              ? was
              : new TagState(tag, hits.get(0).family(), was == null ? now : was.since(), hits));
    }
    return tags;
  }

  private static List<TagState> added(LastJudgement before, Map<String, TagState> tags) {
    return tags.values().stream().filter(t -> !before.tags().containsKey(t.tag())).toList();
  }

  private static List<TagState> removed(LastJudgement before, Map<String, TagState> tags) {
    return new ArrayList<>(
        before.tags().values().stream().filter(t -> !tags.containsKey(t.tag())).toList());
  }

  private static String reason(LastJudgement before, Optional<Instant> tierFittedAt) {
    return before.tier().isPresent() && !before.tierModel().equals(tierFittedAt)
        ? TierMove.REFIT
        : TierMove.SCORES;
  }

  private static boolean material(LastJudgement before, LastJudgement after) {
    return before.judgedAt().isEmpty()
        || !before.rfmHealth().equals(after.rfmHealth())
        || !Objects.equals(before.churnRisk(), after.churnRisk())
        || !before.tier().equals(after.tier())
        || !before.tags().equals(after.tags());
  }
}
