package io.careloop.simulators.clinical;

import io.careloop.alerts.rule.Condition;
import io.careloop.alerts.rule.Rule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Whether a rule can judge a run at all: a plan starts when the nurse sets it and its day windows
 * count whole days after that, its absences hours after that. A replay of past days reaches the
 * per-session and session-trend rules at once; the others only once the plan is old enough.
 */
public final class Judgeable {

  private Judgeable() {}

  public static boolean inRun(Rule rule, Instant planStart, Instant end, ZoneId zone) {
    return inRun(rule.when(), planStart, end, zone);
  }

  private static boolean inRun(Condition c, Instant planStart, Instant end, ZoneId zone) {
    if (c instanceof Condition.SessionsPerDayBelow w) {
      return wholeDays(planStart, end, zone) >= w.days();
    }
    if (c instanceof Condition.MeanDurationBelow w) {
      return wholeDays(planStart, end, zone) >= w.days();
    }
    if (c instanceof Condition.NoSessionFor a) {
      return !planStart.plus(Duration.ofHours(a.hours())).isAfter(end);
    }
    if (c instanceof Condition.All all) {
      return all.of().stream().allMatch(x -> inRun(x, planStart, end, zone));
    }
    if (c instanceof Condition.Any any) {
      return any.of().stream().anyMatch(x -> inRun(x, planStart, end, zone));
    }
    return true; // per session, plaque rising, quadrant: they judge sessions, whenever brushed
  }

  /**
   * The plan's whole days before the end's day (Evidence: from the day after the start to
   * yesterday).
   */
  private static long wholeDays(Instant planStart, Instant end, ZoneId zone) {
    return java.time.temporal.ChronoUnit.DAYS.between(
        planStart.atZone(zone).toLocalDate().plusDays(1), end.atZone(zone).toLocalDate());
  }
}
