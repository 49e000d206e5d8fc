package io.careloop.crm.model.churn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How good the churn scores are on held-out patients: AUC (the chance that a patient who lapsed
 * scores above one who came back), the Brier score, and a calibration table (predicted against
 * observed lapse rate per band of prediction).
 */
public record ChurnEvaluation(
    int patients, int lapsed, double auc, double brier, List<Band> calibration) {

  /** Patients whose predicted risk fell in [from, to): how many, mean predicted, observed rate. */
  public record Band(double from, double to, int patients, double meanPredicted, double observed) {}

  public static ChurnEvaluation of(List<Double> predicted, List<Boolean> actual, int bands) {
    int n = predicted.size();
    int positives = (int) actual.stream().filter(b -> b).count();
    double brier = 0;
    for (int i = 0; i < n; i++) {
      double err = predicted.get(i) - (actual.get(i) ? 1 : 0);
      brier += err * err / n;
    }
    return new ChurnEvaluation(
        n, positives, auc(predicted, actual), brier, calibration(predicted, actual, bands));
  }

  /** The Mann-Whitney statistic with mid-ranks for ties. */
  static double auc(List<Double> predicted, List<Boolean> actual) {
    int n = predicted.size();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble(predicted::get));
    double rankSumPositives = 0;
    int positives = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j < n && predicted.get(order.get(j)).equals(predicted.get(order.get(i)))) {
        j++;
      }
      double midRank = (i + 1 + j) / 2.0;
      for (int k = i; k < j; k++) {
        if (actual.get(order.get(k))) {
          rankSumPositives += midRank;
          positives++;
        }
      }
      i = j;
    }
    int negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSumPositives - positives * (positives + 1) / 2.0)
        / ((double) positives * negatives);
  }

  private static List<Band> calibration(List<Double> predicted, List<Boolean> actual, int bands) {
    List<Band> out = new ArrayList<>();
    for (int b = 0; b < bands; b++) {
      double from = (double) b / bands;
      double to = (double) (b + 1) / bands;
      int count = 0;
      double sumPredicted = 0;
      int lapsed = 0;
      for (int i = 0; i < predicted.size(); i++) {
        double p = predicted.get(i);
        if (p >= from && (p < to || (b == bands - 1 && p <= to))) {
          count++;
          sumPredicted += p;
          lapsed += actual.get(i) ? 1 : 0;
        }
      }
      out.add(
          new Band(
              from,
              to,
              count,
              count == 0 ? Double.NaN : sumPredicted / count,
              count == 0 ? Double.NaN : (double) lapsed / count));
    }
    return out;
  }
}
