package io.careloop.simulators.profile;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

/**
 * What to generate: a brush used by a patient of {@code profile} (with the brush's {@code quirks})
 * for {@code days} days from {@code firstDay} in {@code zone}.
 */
public record CourseSpec(
    Profile profile, Set<Quirk> quirks, long seed, LocalDate firstDay, int days, ZoneId zone) {

  public static final int MAX_DAYS = 366;

  public CourseSpec {
    quirks = quirks.isEmpty() ? EnumSet.noneOf(Quirk.class) : EnumSet.copyOf(quirks);
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException(
          "days must be between 1 and " + MAX_DAYS + ", got " + days);
    }
  }

  public boolean has(Quirk quirk) {
    return quirks.contains(quirk);
  }

  /** How a report names it: {@code diligent}, {@code diligent+offline-backlog}. */
  public String label() {
    StringBuilder label = new StringBuilder(profile.id());
    quirks.forEach(q -> label.append('+').append(q.id()));
    return label.toString();
  }
}
