package io.careloop.alerts.plan;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * When a care plan ends, as the nurse set it: a last day (the plan applies through the whole of it
 * in the patient's zone) or a time.
 *
 * @param endsAt the first instant the plan no longer applies
 * @param lastDay the plan's last day when the end was set as a date; null when set as a time
 */
public record PlanEnd(Instant endsAt, LocalDate lastDay) {

  /**
   * Reads {@code YYYY-MM-DD} (a last day in {@code zone}) or an RFC 3339 time; fails naming what it
   * takes.
   */
  public static PlanEnd parse(String value, ZoneId zone) {
    try {
      LocalDate day = LocalDate.parse(value);
      return new PlanEnd(day.plusDays(1).atStartOfDay(zone).toInstant(), day);
    } catch (DateTimeParseException notADate) {
      try {
        return new PlanEnd(OffsetDateTime.parse(value).toInstant(), null);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "until must be a date (YYYY-MM-DD) or an RFC 3339 time, got '" + value + "'");
      }
    }
  }

  /** The end as it was set: the last day, or the time. */
  public String asSet() {
    return lastDay != null ? lastDay.toString() : endsAt.toString();
  }
}
