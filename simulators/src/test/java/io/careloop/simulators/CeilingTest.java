package io.careloop.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CeilingTest {

  private static CpuAccount.Usage usage(double careloop, double others, double unattributed) {
    return new CpuAccount.Usage(
        Map.of("careloop", careloop, "cassandra", others),
        Map.of(),
        careloop + others + unattributed - 0.3,
        0.3,
        0.1);
  }

  @Test
  @DisplayName(
      "Half the machine's CPU freed doubles the rate; the goal leaves the backend what the rest does not use")
  void freedCpuAndBudget() {
    // two busy cores, CareLoop one of them, 10,000 sessions/s against a bare 20,000/s
    Ceiling c = Ceiling.of(usage(1.0, 0.8, 0.2), "careloop", 10_000, 20_000, 0.70);

    assertThat(c.backendMicros()).isCloseTo(100, within(1e-9));
    assertThat(c.ratioWithBackendFree())
        .isCloseTo(1.0, within(1e-9)); // the rest alone: 100 us, 20,000/s
    assertThat(c.backendBudgetMicros())
        .isCloseTo(2.0 / 14_000 * 1e6 - 100, within(1e-9)); // 42.9 us
  }

  @Test
  @DisplayName("When the rest alone costs more than the goal allows, the budget is negative")
  void goalOutOfReach() {
    // a round measured on 2026-12-04: 7,015 sessions/s end to end, 16,183 row by row, 1.95 cores
    // busy
    Ceiling c = Ceiling.of(usage(0.68, 1.22, 0.05), "careloop", 7_015, 16_183, 0.70);

    assertThat(c.backendMicros()).isCloseTo(96.9, within(0.1));
    assertThat(c.ratioWithBackendFree()).isCloseTo(0.666, within(0.001));
    assertThat(c.backendBudgetMicros()).isCloseTo(-8.9, within(0.1));
  }
}
