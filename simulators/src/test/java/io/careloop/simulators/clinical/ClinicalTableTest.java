package io.careloop.simulators.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.alerts.plan.PlanTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * GIVEN each profile's (and quirk's) two weeks of sessions, WHEN they reach the alerts module's
 * real rules as CareLoop would judge them (on arrival and by the sweep), THEN each care plan opens
 * exactly the alerts the clinical table says, for three seeds each.
 */
class ClinicalTableTest {

  private static final long[] SEEDS = {1, 2, 3};

  @TestFactory
  @DisplayName(
      "Each profile raises exactly the alerts it should under each plan (real rules, three seeds)")
  Stream<DynamicTest> everyRowUnderEveryPlan() {
    List<DynamicTest> tests = new ArrayList<>();
    for (ClinicalTable.Row row : ClinicalTable.rows()) {
      for (PlanTemplate plan : PlanTemplate.values()) {
        tests.add(
            DynamicTest.dynamicTest(
                row.id() + " on " + plan.json(),
                () -> {
                  Set<String> expected = ClinicalTable.expectation(row, plan).raisedByRules();
                  for (long seed : SEEDS) {
                    Set<String> raised =
                        CanonicalRun.raised(CanonicalRun.spec(row, seed), plan).get(row.wearer());
                    assertThat(raised)
                        .as("%s on %s, seed %d", row.id(), plan.json(), seed)
                        .containsExactlyInAnyOrderElementsOf(expected);
                  }
                }));
      }
    }
    return tests.stream();
  }
}
