package io.careloop.crm.model.churn;

import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * Binary logistic regression fitted by Newton's method (iteratively reweighted least squares) with
 * a small ridge penalty, solving each step with Commons Math's Cholesky decomposition. The loss is
 * convex, so the fit is unique and deterministic, needs no learning rate, and converges in a few
 * steps for the dozen or so features of the churn model. Features are standardised inside.
 */
public final class LogisticRegression {

  private static final int MAX_STEPS = 50;
  private static final double CONVERGED = 1e-8;

  private final double[] means;
  private final double[] scales;
  private final double[] weights; // intercept first, then one per standardised feature

  public LogisticRegression(double[] means, double[] scales, double[] weights) {
    this.means = means.clone();
    this.scales = scales.clone();
    this.weights = weights.clone();
  }

  /** Fits {@code P(y = 1 | x)}; {@code ridge} penalises the coefficients (not the intercept). */
  public static LogisticRegression fit(List<double[]> x, List<Boolean> y, double ridge) {
    int n = x.size();
    int d = x.get(0).length;
    double[] means = new double[d];
    double[] scales = new double[d];
    standardisation(x, means, scales);
    double[][] design = new double[n][];
    for (int i = 0; i < n; i++) {
      design[i] = row(x.get(i), means, scales);
    }
    RealVector w = new ArrayRealVector(d + 1);
    for (int step = 0; step < MAX_STEPS; step++) {
      RealVector delta = newtonStep(design, y, w, ridge);
      w = w.add(delta);
      if (delta.getLInfNorm() < CONVERGED) {
        break;
      }
    }
    return new LogisticRegression(means, scales, w.toArray());
  }

  public double probability(double[] features) {
    double[] row = row(features, means, scales);
    double z = 0;
    for (int i = 0; i < row.length; i++) {
      z += weights[i] * row[i];
    }
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * The coefficients per standardised feature (intercept first): how much each one pushes the odds.
   */
  public double[] weights() {
    return weights.clone();
  }

  public double[] means() {
    return means.clone();
  }

  public double[] scales() {
    return scales.clone();
  }

  /**
   * One Newton step: solve (X'WX + ridge) delta = X'(y - p) - ridge w, on primitive arrays for
   * speed.
   */
  private static RealVector newtonStep(
      double[][] design, List<Boolean> y, RealVector w, double ridge) {
    int k = w.getDimension();
    double[] gradient = new double[k];
    double[][] hessian = new double[k][k];
    for (int i = 0; i < design.length; i++) {
      double[] xi = design[i];
      double p = 1 / (1 + Math.exp(-w.dotProduct(new ArrayRealVector(xi, false))));
      double residual = (y.get(i) ? 1 : 0) - p;
      double weight = p * (1 - p);
      for (int a = 0; a < k; a++) {
        gradient[a] += xi[a] * residual;
        for (int b = 0; b <= a; b++) {
          hessian[a][b] += xi[a] * xi[b] * weight;
        }
      }
    }
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        hessian[a][b] = hessian[b][a];
      }
    }
    for (int j = 1; j < k; j++) {
      gradient[j] -= ridge * w.getEntry(j);
      hessian[j][j] += ridge;
    }
    hessian[0][0] += 1e-9; // keeps the matrix positive definite when every label is the same
    return new CholeskyDecomposition(new Array2DRowRealMatrix(hessian, false))
        .getSolver()
        .solve(new ArrayRealVector(gradient, false));
  }

  private static void standardisation(List<double[]> x, double[] means, double[] scales) {
    int d = means.length;
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        means[j] += row[j] / x.size();
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        scales[j] += (row[j] - means[j]) * (row[j] - means[j]) / x.size();
      }
    }
    for (int j = 0; j < d; j++) {
      scales[j] = scales[j] > 0 ? Math.sqrt(scales[j]) : 1; // a constant feature stays at 0
    }
  }

  private static double[] row(double[] features, double[] means, double[] scales) {
    double[] row = new double[features.length + 1];
    row[0] = 1;
    for (int j = 0; j < features.length; j++) {
      row[j + 1] = (features[j] - means[j]) / scales[j];
    }
    return row;
  }
}
