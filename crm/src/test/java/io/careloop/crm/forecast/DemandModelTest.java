package io.careloop.crm.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.careloop.crm.forecast.DemandModel.Cell;
import io.careloop.crm.forecast.DemandModel.Forecast;
import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class DemandModelTest {

  /** Orthodontic demand: low on weekdays, a peak on weekend mornings. */
  private static double rate(int day, int hour) {
    if (hour < 8 || hour >= 18) {
      return 0;
    }
    boolean weekend = day >= 5;
    boolean morning = hour < 12;
    return weekend && morning ? 6 : weekend ? 2 : 1.5;
  }

  private static int[][][] history(int weeks, long seed) {
    Well19937c random = new Well19937c(seed);
    int[][][] counts = new int[weeks][7][24];
    for (int w = 0; w < weeks; w++) {
      for (int d = 0; d < 7; d++) {
        for (int h = 0; h < 24; h++) {
          double r = rate(d, h);
          counts[w][d][h] =
              r == 0
                  ? 0
                  : new PoissonDistribution(random, r, PoissonDistribution.DEFAULT_EPSILON, 1000)
                      .sample();
        }
      }
    }
    return counts;
  }

  @Test
  void beatsSeasonalNaiveOnAStableWeeklyPatternAndShowsTheWeekendMorningPeak() {
    Forecast f = DemandModel.forecast(history(16, 42), 4);
    System.out.printf(
        "DemandModel back-test over %d weeks: MAE %.3f per hour, seasonal-naive %.3f%n",
        f.heldOutWeeks(), f.modelError(), f.naiveError());
    assertThat(f.modelError()).isLessThan(f.naiveError());
    Cell peak =
        Arrays.stream(f.cells()).max(Comparator.comparingDouble(Cell::expected)).orElseThrow();
    assertThat(peak.day()).isIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    assertThat(peak.hour()).isBetween(8, 11);
    assertThat(peak.low()).isLessThanOrEqualTo((int) peak.expected());
    assertThat(peak.high()).isGreaterThanOrEqualTo((int) Math.ceil(peak.expected()));
    Cell night = f.cells()[3];
    assertThat(night.expected()).isZero();
    assertThat(night.high()).isZero();
  }

  @Test
  void aFlatHistoryForecastsItselfExactly() {
    int[][][] flat = new int[5][7][24];
    for (int[][] week : flat) {
      week[2][10] = 3;
    }
    Forecast f = DemandModel.forecast(flat, 2);
    assertThat(f.cells()[2 * 24 + 10].expected()).isCloseTo(3.0, within(1e-9));
    assertThat(f.modelError()).isCloseTo(0, within(1e-9));
    assertThat(f.naiveError()).isZero();
  }
}
