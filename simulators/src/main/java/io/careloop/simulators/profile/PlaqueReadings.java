package io.careloop.simulators.profile;

import java.util.Random;

/**
 * Plaque readings rounded as a sensor reports them (two decimals). A steady patient's readings
 * wander but never rise three sessions running: random noise alone would now and then look like the
 * trend the plaque-rising rule exists to catch.
 */
final class PlaqueReadings {

  private final boolean steady;
  private final Random random;
  private double previous = Double.NaN;
  private int rises;

  PlaqueReadings(boolean steady, Random random) {
    this.steady = steady;
    this.random = random;
  }

  double next(double level) {
    double value = Math.max(0, Math.min(3, round(level)));
    if (steady && rises >= 2 && value > previous) {
      value = Math.max(0, round(previous - 0.02 - random.nextDouble() * 0.08));
    }
    rises = !Double.isNaN(previous) && value > previous ? rises + 1 : 0;
    previous = value;
    return value;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
