package io.careloop.crm.model;

import static io.careloop.crm.model.Patients.NOW;
import static io.careloop.crm.model.Patients.daysAgo;
import static io.careloop.crm.model.Patients.visit;
import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.crm.model.churn.ChurnModel;
import io.careloop.crm.model.facts.LifecycleStage;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.model.tier.TierModel;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CrmJudgeTest {

  private static TierModel tiers() {
    Map<ValueTier, double[]> centres = new EnumMap<>(ValueTier.class);
    centres.put(ValueTier.STRATEGIC, new double[] {4, 5, 5, 2});
    centres.put(ValueTier.GROWTH, new double[] {5, 2, 1, 1});
    centres.put(ValueTier.MAINTAIN, new double[] {1, 1, 1, 1});
    centres.put(ValueTier.POTENTIAL, new double[] {1, 1, 1, 4});
    return new TierModel(centres);
  }

  @Test
  @DisplayName("Without fitted models the judge still scores, stages and tags")
  void seeded() {
    PatientFacts p =
        PatientFacts.builder("p", daysAgo(900)).appointment(visit(541, "checkup", 50)).build();

    PatientJudgement j = CrmJudge.seeded().judge(p, NOW, Optional.empty());

    assertThat(j.rfmHealth().recency()).isEqualTo(2); // 541 days: past 365, within 730
    assertThat(j.churnRisk()).isEmpty();
    assertThat(j.tier()).isEmpty();
    assertThat(j.stage().stage()).isEqualTo(LifecycleStage.CHURNED);
    assertThat(j.tags().tags()).containsExactly("lapsed");
  }

  @Test
  @DisplayName(
      "Tags see the judgements of the same pass: a strategic patient likely to lapse is a key customer")
  void keyCustomerFromTheSamePass() {
    PatientFacts.Builder b = PatientFacts.builder("p", daysAgo(1500));
    for (int i = 0; i < 6; i++) {
      b.appointment(visit(200 + i * 40, "implant", 900));
    }
    PatientFacts p = b.build();
    ChurnModel alwaysLapses =
        new ChurnModel(
            new io.careloop.crm.model.churn.LogisticRegression(
                new double[15], filled(15, 1), withIntercept(16, 5)));

    PatientJudgement j =
        CrmJudge.seeded()
            .withTierModel(tiers())
            .withChurnModel(alwaysLapses)
            .judge(p, NOW, Optional.of(LifecycleStage.MATURITY));

    assertThat(j.tier()).contains(ValueTier.STRATEGIC);
    assertThat(j.churnRisk().getAsDouble()).isGreaterThan(0.99);
    assertThat(j.tags().tags()).contains("key-customer", "high-spender");
    assertThat(j.stage().transition()).isEmpty();
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private static double[] withIntercept(int n, double intercept) {
    double[] a = new double[n];
    a[0] = intercept;
    return a;
  }
}
