package io.careloop.patient.clinic;

import java.time.DayOfWeek;
import java.util.Comparator;
import java.util.List;

/** A provider's hours on one weekday at one clinic, and the breaks within them. */
public record WorkingDay(DayOfWeek day, List<TimeRange> hours, List<TimeRange> breaks) {

  public WorkingDay {
    hours = hours.stream().sorted(Comparator.comparing(TimeRange::start)).toList();
    breaks = breaks.stream().sorted(Comparator.comparing(TimeRange::start)).toList();
  }
}
