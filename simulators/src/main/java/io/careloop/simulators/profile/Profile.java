package io.careloop.simulators.profile;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a patient brushes, day after day. Each is a pure, seeded generator ({@link Habits}); what a
 * nurse should be told about each under each care plan is in {@code clinical.ClinicalTable}.
 */
public enum Profile {
  /** Twice a day, two and a half minutes, gentle, every quadrant: the reference routine. */
  DILIGENT,
  /** Every morning, but the evening only one day in four. */
  FORGETFUL,
  /** Twice a day, 30 to 60 seconds, missing surfaces. */
  RUSHED,
  /** The reference routine pressing too hard: three to seven pressure events a session. */
  HEAVY_HANDED,
  /** The reference routine while the plaque index climbs from good to poor over two weeks. */
  DECLINING,
  /** The reference routine but one quadrant (lower right) gets a few seconds. */
  QUADRANT_NEGLECTED,
  /** The reference routine, then nothing after half the days (at least two). */
  LAPSED;

  /** The name in scenario files and reports: {@code heavy-handed}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Profile of(String id) {
    return Arrays.stream(values())
        .filter(p -> p.id().equals(id))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("unknown profile '" + id + "'; one of " + ids()));
  }

  public static String ids() {
    return String.join(", ", Arrays.stream(values()).map(Profile::id).toList());
  }
}
