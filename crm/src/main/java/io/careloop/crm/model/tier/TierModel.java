package io.careloop.crm.model.tier;

import io.careloop.crm.model.facts.RfmHealth;
import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.model.input.JsonInput;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fitted value tiers: four named centres in the space of the RFM-Health scores (R, F, M, H); a
 * patient belongs to the tier of the nearest centre. Kept as JSON between refits so that every
 * instance assigns alike; {@link TierClustering} fits a new one.
 */
public final class TierModel {

  public static final int DIMENSIONS = 4;
  private final Map<ValueTier, double[]> centres;

  public TierModel(Map<ValueTier, double[]> centres) {
    if (!centres.keySet().equals(Set.of(ValueTier.values()))) {
      throw new IllegalArgumentException("a tier model needs a centre for each of the four tiers");
    }
    this.centres = new EnumMap<>(ValueTier.class);
    centres.forEach(
        (tier, c) -> {
          if (c.length != DIMENSIONS) {
            throw new IllegalArgumentException(
                "a centre has " + DIMENSIONS + " coordinates (R, F, M, H)");
          }
          this.centres.put(tier, c.clone());
        });
  }

  public ValueTier assign(RfmHealth scores) {
    return assign(scores.features());
  }

  /** The tier of the nearest centre (Euclidean); a tie goes to the tier listed first. */
  public ValueTier assign(double[] features) {
    ValueTier best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (Map.Entry<ValueTier, double[]> e : centres.entrySet()) {
      double d = squaredDistance(features, e.getValue());
      if (d < bestDistance) {
        best = e.getKey();
        bestDistance = d;
      }
    }
    return best;
  }

  public double[] centre(ValueTier tier) {
    return centres.get(tier).clone();
  }

  /** {@code {"strategic": [r, f, m, h], "growth": [...], ...}}: how a fitted model is stored. */
  public String toJson() {
    StringBuilder json = new StringBuilder("{");
    centres.forEach(
        (tier, c) ->
            json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(tier.json())
                .append("\":")
                .append(java.util.Arrays.toString(c)));
    return json.append('}').toString();
  }

  /**
   * Reads a stored model; a wrong one fails with an {@code InvalidModelInputException} naming the
   * place.
   */
  public static TierModel parse(String json) {
    JsonInput root = JsonInput.parse(json).onlyMembers(Set.copyOf(ValueTier.names()));
    Map<ValueTier, double[]> centres = new EnumMap<>(ValueTier.class);
    for (ValueTier tier : ValueTier.values()) {
      List<JsonInput> coordinates = root.required(tier.json()).elements();
      if (coordinates.size() != DIMENSIONS) {
        throw root.member(tier.json()).error("must hold " + DIMENSIONS + " numbers (R, F, M, H)");
      }
      centres.put(tier, coordinates.stream().mapToDouble(JsonInput::number).toArray());
    }
    return new TierModel(centres);
  }

  static double squaredDistance(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return sum;
  }
}
