package io.careloop.crm.models;

import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.model.score.RfmHealthConfig;
import io.careloop.crm.model.tier.TierClustering;
import io.careloop.crm.model.tier.TierModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * What the admin sees of a fit ({@code GET /api/v1/admin/segments}): for each tier its size, its
 * centre and the mean scores of its patients (R, F, M, health risk, and the value they make), with
 * the silhouette of the fit (from -1 to 1; above 0.25 a structure, above 0.5 a clear one).
 */
final class TierReport {

  private static final String[] SCORES = {"recency", "frequency", "monetary", "healthRisk"};

  private TierReport() {}

  static JsonObject of(
      TierClustering.Fit fit,
      List<double[]> points,
      RfmHealthConfig.Weights weights,
      Instant fittedAt) {
    TierModel model = fit.model();
    int n = ValueTier.values().length;
    double[][] sums = new double[n][SCORES.length];
    int[] sizes = new int[n];
    for (double[] p : points) {
      int tier = model.assign(p).ordinal();
      sizes[tier]++;
      for (int i = 0; i < SCORES.length; i++) {
        sums[tier][i] += p[i];
      }
    }
    JsonArray tiers = new JsonArray();
    for (ValueTier tier : ValueTier.values()) {
      int t = tier.ordinal();
      double[] mean = new double[SCORES.length];
      for (int i = 0; i < SCORES.length; i++) {
        mean[i] = sizes[t] == 0 ? 0 : sums[t][i] / sizes[t];
      }
      tiers.add(
          new JsonObject()
              .put("tier", tier.json())
              .put("size", sizes[t])
              .put("centre", scores(model.centre(tier)))
              .put("meanScores", scores(mean).put("value", value(mean, weights))));
    }
    return new JsonObject()
        .put("fittedAt", fittedAt.toString())
        .put("patients", points.size())
        .put("silhouette", round(fit.silhouette()))
        .put("silhouetteSample", fit.silhouetteSample())
        .put("withinSumOfSquares", round(fit.withinSumOfSquares()))
        .put("tiers", tiers);
  }

  private static JsonObject scores(double[] values) {
    JsonObject json = new JsonObject();
    for (int i = 0; i < SCORES.length; i++) {
      json.put(SCORES[i], round(values[i]));
    }
    return json;
  }

  private static double value(double[] mean, RfmHealthConfig.Weights w) {
    return round(
        (w.recency() * mean[0] + w.frequency() * mean[1] + w.monetary() * mean[2])
            / (w.recency() + w.frequency() + w.monetary()));
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
