package io.careloop.simulators.clinical;

import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.simulators.profile.Course;
import io.careloop.simulators.profile.CourseSpec;
import io.careloop.simulators.profile.Wearer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A course judged as the clinical table means it: each wearer on the plan from the day before their
 * first session (the first wearer) or from the handover (the second), every session reaching
 * CareLoop when the brush sends it, the sweep every five minutes as configured by default.
 */
public final class CanonicalRun {

  public static final LocalDate FIRST_DAY = LocalDate.of(2026, 5, 4);
  public static final ZoneId ZONE = ZoneId.of("Europe/Paris");
  public static final int DAYS = 14;
  public static final Duration SWEEP_EVERY = Duration.ofMinutes(5);
  private static final String DEVICE = "TB-0000C0DE";

  private CanonicalRun() {}

  /** The rule ids the real rules open for each wearer of the course under {@code plan}. */
  public static Map<Integer, Set<String>> raised(CourseSpec spec, PlanTemplate plan) {
    Course course = Course.generate(spec, DEVICE);
    List<JudgedPatient> patients = new ArrayList<>();
    List<AlertsJudge.Pairing> pairings = new ArrayList<>();
    for (Wearer w : course.wearers()) {
      UUID id = new UUID(0, w.index() + 1L);
      Instant planStart = w.index() == 0 ? w.from().minus(Duration.ofHours(12)) : w.from();
      patients.add(new JudgedPatient(id, plan, planStart, w.until(), spec.zone()));
      pairings.add(
          new AlertsJudge.Pairing(
              DEVICE, id, planStart, w.until().equals(course.end()) ? null : w.until()));
    }
    AlertsJudge judge = new AlertsJudge(patients, pairings, SWEEP_EVERY);
    judge.judge(
        course.uploads().stream()
            .map(u -> new AlertsJudge.Arrival(u.sendAt(), u.payload()))
            .toList(),
        course.end());
    if (judge.refused() > 0 || judge.unattributed() > 0) {
      throw new IllegalStateException(
          spec.label()
              + ": "
              + judge.refused()
              + " payloads refused, "
              + judge.unattributed()
              + " sessions nobody's");
    }
    Map<Integer, Set<String>> raised = new LinkedHashMap<>();
    for (Wearer w : course.wearers()) {
      raised.put(w.index(), judge.rulesOpened(new UUID(0, w.index() + 1L)));
    }
    return raised;
  }

  public static CourseSpec spec(ClinicalTable.Row row, long seed) {
    Set<io.careloop.simulators.profile.Quirk> quirks = row.quirk().map(Set::of).orElse(Set.of());
    return new CourseSpec(
        row.wearer() == 0 ? row.profile() : io.careloop.simulators.profile.Profile.DILIGENT,
        quirks,
        seed,
        FIRST_DAY,
        DAYS,
        ZONE);
  }
}
