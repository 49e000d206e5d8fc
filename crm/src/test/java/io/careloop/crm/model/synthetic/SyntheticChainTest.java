package io.careloop.crm.model.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.VisitStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SyntheticChainTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @Test
  @DisplayName(
      "The same seed gives the same chain, and patient i does not depend on how many are made")
  void deterministic() {
    List<PatientFacts> a = new SyntheticChain(5).patients(50, NOW);

    assertThat(new SyntheticChain(5).patients(50, NOW)).isEqualTo(a);
    assertThat(new SyntheticChain(5).patient(49, NOW)).isEqualTo(a.get(49));
    assertThat(new SyntheticChain(6).patients(50, NOW)).isNotEqualTo(a);
  }

  @Test
  @DisplayName(
      "A generated chain has the mix a chain has: visits, no-shows, brushes, lapsed patients")
  void realisticMix() {
    List<PatientFacts> chain = new SyntheticChain(1).patients(2000, NOW);

    assertThat(chain)
        .allSatisfy(
            p ->
                assertThat(p.appointments())
                    .allSatisfy(
                        a ->
                            assertThat(a.status() == VisitStatus.BOOKED)
                                .isEqualTo(a.at().isAfter(NOW))));
    assertThat(chain.stream().filter(p -> p.brushing().isPresent()).count()).isBetween(600L, 1000L);
    assertThat(
            chain.stream()
                .flatMap(p -> p.appointments().stream())
                .filter(a -> a.status() == VisitStatus.NO_SHOW)
                .count())
        .isPositive();
    assertThat(
            chain.stream()
                .filter(
                    p ->
                        p.appointments().stream()
                            .noneMatch(a -> a.at().isAfter(NOW.minusSeconds(86400L * 540))))
                .count())
        .isBetween(200L, 1400L);
  }
}
