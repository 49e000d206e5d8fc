package io.careloop.crm.sheet;

import io.careloop.crm.model.facts.RfmHealth;
import io.careloop.crm.model.facts.ValueTier;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What was judged of a patient last, as their sheet keeps it: RFM-Health, churn risk (rounded to
 * hundredths), tier (since when, by the model fitted when), tags and stage. Empty fields: not
 * judged yet, or no model fitted yet.
 */
public record LastJudgement(
    Optional<Instant> judgedAt,
    Optional<RfmHealth> rfmHealth,
    OptionalDouble churnRisk,
    Optional<ValueTier> tier,
    Optional<Instant> tierSince,
    Optional<Instant> tierModel,
    Map<String, TagState> tags,
    Optional<StageState> stage) {

  public static final LastJudgement NONE =
      new LastJudgement(
          Optional.empty(),
          Optional.empty(),
          OptionalDouble.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Map.of(),
          Optional.empty());

  public LastJudgement {
    tags = Map.copyOf(new TreeMap<>(tags));
  }

  /**
   * What staff search and count by: {@code tag:<tag>}, {@code tier:<tier>}, {@code stage:<stage>}.
   */
  public Set<String> labels() {
    Set<String> labels = new TreeSet<>();
    tags.keySet().forEach(t -> labels.add("tag:" + t));
    tier.ifPresent(t -> labels.add("tier:" + t.json()));
    stage.ifPresent(s -> labels.add("stage:" + s.stage().json()));
    return labels;
  }

  public LastJudgement withStage(Optional<StageState> newStage) {
    return new LastJudgement(
        judgedAt, rfmHealth, churnRisk, tier, tierSince, tierModel, tags, newStage);
  }

  public static JsonObject rfmJson(RfmHealth r) {
    return new JsonObject()
        .put("recency", r.recency())
        .put("frequency", r.frequency())
        .put("monetary", r.monetary())
        .put("healthRisk", r.healthRisk())
        .put("value", r.value())
        .put("index", r.index());
  }

  static RfmHealth rfm(JsonObject json) {
    return new RfmHealth(
        json.getInteger("recency"),
        json.getInteger("frequency"),
        json.getInteger("monetary"),
        json.getInteger("healthRisk"),
        json.getDouble("value"),
        json.getDouble("index"));
  }
}
