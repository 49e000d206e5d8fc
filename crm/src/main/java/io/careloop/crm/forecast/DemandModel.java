package io.careloop.crm.forecast;

import java.time.DayOfWeek;
import org.apache.commons.math3.distribution.PoissonDistribution;

/**
 * Bookings expected in each hour of the week, from the weeks before: seasonal exponential
 * smoothing, one level per weekday and hour, {@code level = alpha * week + (1 - alpha) * level},
 * started at the first week. Bookings in one hour are taken as Poisson around the level, which
 * gives the interval. The model is back-tested by rolling origin over the last weeks of the
 * history: each held-out week is forecast from the weeks before it alone, against the
 * seasonal-naive forecast (the same hour of the week before).
 */
public final class DemandModel {

  /** Weight of the latest week; 0.2 keeps about the last ten weeks in view. */
  public static final double ALPHA = 0.2;

  public static final int HOURS = 24;
  public static final int DAYS = 7;

  /** The two ends of the interval: 5 % and 95 %, a 90 % interval. */
  static final double LOW = 0.05;

  static final double HIGH = 0.95;

  /** One hour of the week's forecast. */
  public record Cell(DayOfWeek day, int hour, double expected, int low, int high) {}

  /**
   * @param cells the next week's forecast, Monday 00:00 first
   * @param modelError the model's mean absolute error per hour over the held-out weeks
   * @param naiveError the seasonal-naive forecast's, over the same weeks
   * @param heldOutWeeks how many weeks were held out
   */
  public record Forecast(Cell[] cells, double modelError, double naiveError, int heldOutWeeks) {}

  private DemandModel() {}

  /**
   * @param weeks bookings per week (oldest first), day of week (Monday = 0) and hour
   * @param heldOut how many of the last weeks to back-test on (at least one week stays to fit)
   */
  public static Forecast forecast(int[][][] weeks, int heldOut) {
    if (weeks.length < 2) {
      throw new IllegalArgumentException("A forecast needs at least two weeks of history");
    }
    int test = Math.max(1, Math.min(heldOut, weeks.length - 1));
    double modelError = 0;
    double naiveError = 0;
    for (int w = weeks.length - test; w < weeks.length; w++) {
      double[][] level = levels(weeks, w);
      for (int d = 0; d < DAYS; d++) {
        for (int h = 0; h < HOURS; h++) {
          modelError += Math.abs(weeks[w][d][h] - level[d][h]);
          naiveError += Math.abs(weeks[w][d][h] - weeks[w - 1][d][h]);
        }
      }
    }
    int cells = test * DAYS * HOURS;
    return new Forecast(
        next(levels(weeks, weeks.length)), modelError / cells, naiveError / cells, test);
  }

  /** The smoothed level of each hour of the week after fitting weeks {@code 0..until-1}. */
  static double[][] levels(int[][][] weeks, int until) {
    double[][] level = new double[DAYS][HOURS];
    for (int d = 0; d < DAYS; d++) {
      for (int h = 0; h < HOURS; h++) {
        level[d][h] = weeks[0][d][h];
        for (int w = 1; w < until; w++) {
          level[d][h] = ALPHA * weeks[w][d][h] + (1 - ALPHA) * level[d][h];
        }
      }
    }
    return level;
  }

  private static Cell[] next(double[][] level) {
    Cell[] cells = new Cell[DAYS * HOURS];
    for (int d = 0; d < DAYS; d++) {
      for (int h = 0; h < HOURS; h++) {
        double mean = level[d][h];
        cells[d * HOURS + h] =
            new Cell(DayOfWeek.of(d + 1), h, mean, quantile(mean, LOW), quantile(mean, HIGH));
      }
    }
    return cells;
  }

  private static int quantile(double mean, double p) {
    return mean <= 0 ? 0 : new PoissonDistribution(mean).inverseCumulativeProbability(p);
  }
}
