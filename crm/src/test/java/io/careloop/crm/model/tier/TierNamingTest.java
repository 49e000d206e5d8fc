package io.careloop.crm.model.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.model.score.RfmHealthConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TierNamingTest {

  private static final TierNaming NAMING = new TierNaming(RfmHealthConfig.defaults().weights());
  private static final double[] LOYAL = {4.5, 4.5, 4.0, 2.0};
  private static final double[] NEW = {4.8, 1.5, 1.5, 2.5};
  private static final double[] ESTABLISHED = {2.5, 3.0, 3.0, 2.0};
  private static final double[] LAPSED = {1.2, 1.5, 1.5, 1.5};

  @Test
  @DisplayName("Centres are named by value, recency, then need over value, whatever their order")
  void namesFromCentres() {
    List<double[]> centres = new ArrayList<>(List.of(LOYAL, NEW, ESTABLISHED, LAPSED));
    for (long seed = 0; seed < 10; seed++) {
      Collections.shuffle(centres, new Random(seed));

      Map<ValueTier, double[]> named = NAMING.name(centres);

      assertThat(named)
          .containsEntry(ValueTier.STRATEGIC, LOYAL)
          .containsEntry(ValueTier.GROWTH, NEW)
          .containsEntry(ValueTier.MAINTAIN, ESTABLISHED)
          .containsEntry(ValueTier.POTENTIAL, LAPSED);
    }
  }

  @Test
  @DisplayName("Growth is the most recent of the rest even when its value is the lowest")
  void growthByRecency() {
    double[] recentButSmall = {3.0, 1.0, 1.0, 1.0};

    Map<ValueTier, double[]> named =
        NAMING.name(List.of(LOYAL, ESTABLISHED, LAPSED, recentButSmall));

    assertThat(named.get(ValueTier.GROWTH)).isEqualTo(recentButSmall);
    assertThat(named.get(ValueTier.MAINTAIN)).isEqualTo(ESTABLISHED);
  }

  @Test
  @DisplayName("Of two low-value groups, the one with more unmet clinical need is potential")
  void potentialByNeed() {
    double[] lapsedHealthy = {1.2, 1.3, 1.1, 1.1};
    double[] lapsedAtRisk = {1.4, 1.4, 1.1, 3.8};

    Map<ValueTier, double[]> named = NAMING.name(List.of(lapsedHealthy, LOYAL, lapsedAtRisk, NEW));

    assertThat(named.get(ValueTier.POTENTIAL)).isEqualTo(lapsedAtRisk);
    assertThat(named.get(ValueTier.MAINTAIN)).isEqualTo(lapsedHealthy);
  }

  @Test
  @DisplayName("Equal centres are still named deterministically")
  void ties() {
    double[] a = {3, 3, 3, 1};
    double[] b = {3, 3, 3, 2};

    Map<ValueTier, double[]> once = NAMING.name(List.of(a, b, LAPSED, NEW));
    Map<ValueTier, double[]> again = NAMING.name(List.of(NEW, LAPSED, b, a));

    assertThat(once.get(ValueTier.STRATEGIC))
        .isEqualTo(again.get(ValueTier.STRATEGIC))
        .isEqualTo(b);
    assertThat(NAMING.name(List.of(a, a.clone(), a.clone(), a.clone()))).hasSize(4);
  }

  @Test
  @DisplayName("Naming needs exactly four centres")
  void fourCentres() {
    assertThatThrownBy(() -> NAMING.name(List.of(LOYAL, NEW, LAPSED)))
        .hasMessageContaining("4 centres");
  }
}
