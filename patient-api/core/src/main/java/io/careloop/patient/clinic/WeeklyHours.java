package io.careloop.patient.clinic;

import io.careloop.patient.time.SlotGrid;
import io.careloop.platform.http.Problem;
import java.time.DayOfWeek;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's working week at one clinic, in the clinic's local time. Every time is on the slot
 * grid, hours of a day do not overlap, and each break lies within the hours.
 */
public record WeeklyHours(List<WorkingDay> days) {

  public static final WeeklyHours NONE = new WeeklyHours(List.of());

  public WeeklyHours {
    Map<DayOfWeek, WorkingDay> seen = new EnumMap<>(DayOfWeek.class);
    for (WorkingDay day : days) {
      if (seen.put(day.day(), day) != null) {
        throw Problem.validation(day.day() + " is given twice");
      }
      check(day);
    }
    days = List.copyOf(seen.values());
  }

  public Optional<WorkingDay> on(DayOfWeek day) {
    return days.stream().filter(d -> d.day() == day).findFirst();
  }

  private static void check(WorkingDay day) {
    List<TimeRange> hours = day.hours();
    for (int i = 0; i < hours.size(); i++) {
      onGrid(day, hours.get(i));
      if (i > 0 && hours.get(i - 1).overlaps(hours.get(i))) {
        throw Problem.validation(
            day.day() + ": hours " + hours.get(i - 1) + " and " + hours.get(i) + " overlap");
      }
    }
    for (TimeRange pause : day.breaks()) {
      onGrid(day, pause);
      if (hours.stream().noneMatch(h -> h.contains(pause))) {
        throw Problem.validation(
            day.day() + ": the break " + pause + " is not within the working hours");
      }
    }
  }

  private static void onGrid(WorkingDay day, TimeRange range) {
    if (!SlotGrid.isOnGrid(range.start()) || !SlotGrid.isOnGrid(range.end())) {
      throw Problem.validation(
          day.day()
              + ": "
              + range
              + " is not on the "
              + SlotGrid.STEP.toMinutes()
              + "-minute grid");
    }
  }
}
