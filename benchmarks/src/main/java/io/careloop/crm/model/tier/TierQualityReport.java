package io.careloop.crm.model.tier;

import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.RfmHealth;
import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.model.score.RfmHealthConfig;
import io.careloop.crm.model.score.RfmHealthScorer;
import io.careloop.crm.model.synthetic.SyntheticChain;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prints the quality of the value tiers on a generated chain (not a test: it asserts nothing). Run:
 * {@code ./careloop bench TierQualityReport [patients]} .
 */
public final class TierQualityReport {

  /** A program, not a test: the build does not run it. */
  public static void main(String[] args) {
    if (args.length > 0) {
      System.setProperty("patients", args[0]);
    }
    new TierQualityReport().report();
  }

  void report() {
    int n = Integer.getInteger("patients", 10_000);
    Instant now = Instant.parse("2026-06-01T00:00:00Z");
    List<PatientFacts> chain = new SyntheticChain(2026).patients(n, now);
    RfmHealthScorer scorer = new RfmHealthScorer(RfmHealthConfig.defaults());
    List<RfmHealth> scores = chain.stream().map(p -> scorer.score(p, now)).toList();
    List<double[]> points = scores.stream().map(RfmHealth::features).toList();

    int trials = Integer.getInteger("trials", 10);
    TierClustering.Fit fit =
        new TierClustering(RfmHealthConfig.defaults().weights(), 42, trials).fit(points, n);

    System.out.printf(
        Locale.ROOT,
        "%nValue tiers on %,d generated patients (k-means++, best of %d runs, seed 42)%n",
        n,
        trials);
    System.out.printf(
        Locale.ROOT,
        "%-10s %7s %6s  %-28s %s%n",
        "tier",
        "size",
        "share",
        "centre (R, F, M, H)",
        "value");
    for (ValueTier t : ValueTier.values()) {
      double[] c = fit.model().centre(t);
      System.out.printf(
          Locale.ROOT,
          "%-10s %7d %5.1f%%  %-28s %.2f%n",
          t.json(),
          fit.sizes().get(t),
          100.0 * fit.sizes().get(t) / n,
          format(c),
          new TierNaming(scorer.config().weights()).value(c));
    }
    System.out.printf(
        Locale.ROOT,
        "silhouette %.3f on %,d patients; within-cluster sum of squares %.0f (%.3f a patient)%n",
        fit.silhouette(),
        fit.silhouetteSample(),
        fit.withinSumOfSquares(),
        fit.withinSumOfSquares() / n);
    TierClustering.Fit again =
        new TierClustering(RfmHealthConfig.defaults().weights(), 7, trials).fit(points, 2000);
    long moved =
        points.stream().filter(p -> fit.model().assign(p) != again.model().assign(p)).count();
    System.out.printf(
        Locale.ROOT,
        "a refit with another seed moves %d patients (%.2f%%) between tiers%n",
        moved,
        100.0 * moved / n);
  }

  private static String format(double[] c) {
    return Arrays.stream(c)
        .mapToObj(v -> String.format(Locale.ROOT, "%.2f", v))
        .toList()
        .toString();
  }
}
