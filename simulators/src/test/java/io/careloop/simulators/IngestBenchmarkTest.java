package io.careloop.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IngestBenchmarkTest {

  @Test
  @DisplayName(
      "Rounds whose bare client spent over 1.5 times its least CPU per session are flagged; too few rounds flag none")
  void suspectRounds() {
    // 2026-12-04's second corrected series: rounds 1, 2 and 5 had bare rates of 7,150-9,849/s, the
    // others ~13,500
    assertThat(IngestBenchmark.suspectRounds(new double[] {88, 47, 25, 24, 42}))
        .containsExactly(0, 1, 4);
    assertThat(IngestBenchmark.suspectRounds(new double[] {25, 26, 24, 30, 25})).isEmpty();
    assertThat(IngestBenchmark.suspectRounds(new double[] {25, 90})).isEmpty();
  }
}
