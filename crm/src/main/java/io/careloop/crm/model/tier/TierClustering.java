package io.careloop.crm.model.tier;

import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.model.score.RfmHealthConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.Well19937c;

/**
 * Fits value tiers: k-means++ (Apache Commons Math) with k = 4 on the patients' RFM-Health scores
 * (R, F, M, H, each 1-5, so no scaling is needed), the best of {@code trials} runs by the
 * within-cluster sum of squares (Commons Math's own multi-run picks by the sum of cluster
 * variances, which favours other splits), centres named by {@link TierNaming}. The same seed and
 * the same points give the same model, in whatever order they come: k-means++ picks its first
 * centres by position, so the points are sorted first (the records are read in token order, which
 * changes as patients come and go, and a refit must not move tiers for that). Commons Math rather
 * than Tribuo: one jar without dependencies does k-means++ for four clusters in four dimensions,
 * where Tribuo would bring protobuf, OLCUT, jline and opencsv into the server.
 */
public final class TierClustering {

  private static final int MAX_ITERATIONS = 100;
  private final TierNaming naming;
  private final long seed;
  private final int trials;

  public TierClustering(RfmHealthConfig.Weights weights, long seed, int trials) {
    this.naming = new TierNaming(weights);
    this.seed = seed;
    this.trials = trials;
  }

  public TierClustering(long seed) {
    this(RfmHealthConfig.defaults().weights(), seed, 10);
  }

  /**
   * The fitted model with its quality: tier sizes and the silhouette on a sample of at most {@code
   * sample} points.
   */
  public record Fit(
      TierModel model,
      Map<ValueTier, Integer> sizes,
      double silhouette,
      int silhouetteSample,
      double withinSumOfSquares) {}

  public Fit fit(List<double[]> points, int silhouetteSample) {
    if (points.size() < ValueTier.values().length) {
      throw new IllegalArgumentException(
          "clustering needs at least 4 patients, got " + points.size());
    }
    List<DoublePoint> input =
        points.stream().sorted(TierClustering::compare).map(DoublePoint::new).toList();
    var clusterer =
        new KMeansPlusPlusClusterer<DoublePoint>(
            ValueTier.values().length,
            MAX_ITERATIONS,
            new EuclideanDistance(),
            new Well19937c(seed));
    TierModel best = null;
    double bestSse = Double.POSITIVE_INFINITY;
    for (int trial = 0; trial < trials; trial++) {
      TierModel model = new TierModel(naming.name(centres(clusterer.cluster(input))));
      double sse = withinSumOfSquares(model, points);
      if (sse < bestSse) {
        best = model;
        bestSse = sse;
      }
    }
    return new Fit(
        best,
        sizes(best, points),
        silhouette(best, points, silhouetteSample),
        Math.min(points.size(), silhouetteSample),
        bestSse);
  }

  private static int compare(double[] a, double[] b) {
    return Arrays.compare(a, b);
  }

  private static List<double[]> centres(List<CentroidCluster<DoublePoint>> clusters) {
    List<double[]> centres = new ArrayList<>();
    clusters.forEach(c -> centres.add(c.getCenter().getPoint()));
    return centres;
  }

  private static Map<ValueTier, Integer> sizes(TierModel model, List<double[]> points) {
    Map<ValueTier, Integer> sizes = new EnumMap<>(ValueTier.class);
    for (ValueTier t : ValueTier.values()) {
      sizes.put(t, 0);
    }
    points.forEach(p -> sizes.merge(model.assign(p), 1, Integer::sum));
    return sizes;
  }

  private static double withinSumOfSquares(TierModel model, List<double[]> points) {
    return points.stream()
        .mapToDouble(p -> TierModel.squaredDistance(p, model.centre(model.assign(p))))
        .sum();
  }

  /**
   * The mean silhouette (Rousseeuw 1987) of a seeded random sample: for each point, (b - a) /
   * max(a, b) with a its mean distance to its own tier and b to the nearest other tier. From -1 to
   * 1; above 0.5 is a clear structure, 0.25 to 0.5 a weak one. Quadratic, hence the sample.
   */
  public double silhouette(TierModel model, List<double[]> points, int sample) {
    List<double[]> chosen = sample(points, sample);
    ValueTier[] tiers = chosen.stream().map(model::assign).toArray(ValueTier[]::new);
    double total = 0;
    for (int i = 0; i < chosen.size(); i++) {
      total += silhouetteOf(i, chosen, tiers);
    }
    return total / chosen.size();
  }

  private static double silhouetteOf(int i, List<double[]> points, ValueTier[] tiers) {
    double[] sum = new double[ValueTier.values().length];
    int[] count = new int[ValueTier.values().length];
    for (int j = 0; j < points.size(); j++) {
      if (j != i) {
        sum[tiers[j].ordinal()] +=
            Math.sqrt(TierModel.squaredDistance(points.get(i), points.get(j)));
        count[tiers[j].ordinal()]++;
      }
    }
    int own = tiers[i].ordinal();
    if (count[own] == 0) {
      return 0; // a point alone in its tier scores 0 by convention
    }
    double a = sum[own] / count[own];
    double b = Double.POSITIVE_INFINITY;
    for (int t = 0; t < sum.length; t++) {
      if (t != own && count[t] > 0) {
        b = Math.min(b, sum[t] / count[t]);
      }
    }
    return b == Double.POSITIVE_INFINITY || Math.max(a, b) == 0 ? 0 : (b - a) / Math.max(a, b);
  }

  private List<double[]> sample(List<double[]> points, int size) {
    if (points.size() <= size) {
      return points;
    }
    List<double[]> shuffled = new ArrayList<>(points);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      java.util.Collections.swap(shuffled, i, i + rnd.nextInt(shuffled.size() - i));
    }
    return shuffled.subList(0, size);
  }
}
