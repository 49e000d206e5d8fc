package io.careloop.crm.model.tier;

import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.model.score.RfmHealthConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Names four cluster centres (R, F, M, H scores) as tiers, so that a refit keeps the meaning of
 * each name whatever order k-means returns the clusters in:
 *
 * <ol>
 *   <li>{@code strategic}: the centre of highest value (the RFM-Health value weights over R, F, M);
 *   <li>{@code growth}: of the other three, the most recent (highest R): active now, room to grow;
 *   <li>{@code potential}: of the last two, the one whose health risk most exceeds its value (H
 *       minus value): clinical need not yet turned into care, to be won or won back;
 *   <li>{@code maintain}: the last: to be kept at low cost.
 * </ol>
 *
 * Ties are broken by value, then by the centre's coordinates, so the naming is deterministic.
 */
public final class TierNaming {

  private final RfmHealthConfig.Weights weights;

  public TierNaming(RfmHealthConfig.Weights weights) {
    this.weights = weights;
  }

  /** The value of a centre: the weighted mean of its R, F and M. */
  public double value(double[] centre) {
    return (weights.recency() * centre[0]
            + weights.frequency() * centre[1]
            + weights.monetary() * centre[2])
        / (weights.recency() + weights.frequency() + weights.monetary());
  }

  /** The tier of each of exactly four centres, by the rule above. */
  public Map<ValueTier, double[]> name(List<double[]> centres) {
    if (centres.size() != ValueTier.values().length) {
      throw new IllegalArgumentException("naming needs 4 centres, got " + centres.size());
    }
    Comparator<double[]> byValue =
        Comparator.<double[]>comparingDouble(this::value).thenComparing(TierNaming::lexicographic);
    List<double[]> rest = new ArrayList<>(centres);
    Map<ValueTier, double[]> named = new EnumMap<>(ValueTier.class);
    named.put(ValueTier.STRATEGIC, take(rest, byValue));
    named.put(
        ValueTier.GROWTH,
        take(rest, Comparator.<double[]>comparingDouble(c -> c[0]).thenComparing(byValue)));
    named.put(
        ValueTier.POTENTIAL,
        take(
            rest,
            Comparator.<double[]>comparingDouble(c -> c[3] - value(c))
                .thenComparing(byValue.reversed())));
    named.put(ValueTier.MAINTAIN, rest.get(0));
    return named;
  }

  private static double[] take(List<double[]> centres, Comparator<double[]> order) {
    double[] best = centres.stream().max(order).orElseThrow();
    centres.remove(best);
    return best;
  }

  private static int lexicographic(double[] a, double[] b) {
    return java.util.Arrays.compare(a, b);
  }
}
