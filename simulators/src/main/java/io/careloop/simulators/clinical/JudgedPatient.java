package io.careloop.simulators.clinical;

import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.alerts.rule.Rule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * A patient whose plan the judge applies: from when the plan was set until it ends, in the
 * patient's zone.
 */
public record JudgedPatient(
    UUID id, PlanTemplate plan, Instant planStart, Instant planEnd, ZoneId zone) {

  /** PATIENT_SESSIONS answers at most 90 days (AlertService.MAX_LOOKBACK). */
  private static final Duration MAX_LOOKBACK = Duration.ofDays(90);

  public List<Rule> rules() {
    return plan.rules(plan.defaults());
  }

  public boolean activeAt(Instant now) {
    return !now.isBefore(planStart) && now.isBefore(planEnd);
  }

  /** As CarePlan.lookback and AlertService.evaluate bound it: at least a day, at most 90. */
  public Duration lookback() {
    Duration longest =
        rules().stream()
            .map(r -> r.when().lookback())
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    Duration atLeast = longest.compareTo(Duration.ofDays(1)) < 0 ? Duration.ofDays(1) : longest;
    return atLeast.compareTo(MAX_LOOKBACK) > 0 ? MAX_LOOKBACK : atLeast;
  }
}
