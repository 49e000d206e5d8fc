package io.careloop.patient.clinic;

import io.careloop.platform.http.Problem;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/** A stretch of a local day, such as working hours 08:00-12:30 or a break. End exclusive. */
public record TimeRange(LocalTime start, LocalTime end) {

  public TimeRange {
    if (start == null || end == null || !start.isBefore(end)) {
      throw Problem.validation("A time range must start before it ends, got " + start + "-" + end);
    }
  }

  /** Reads {@code "08:00"} / {@code "12:30"} pairs as the API writes them. */
  public static TimeRange parse(String start, String end) {
    try {
      return new TimeRange(LocalTime.parse(start), LocalTime.parse(end));
    } catch (DateTimeParseException | NullPointerException e) {
      throw Problem.validation("Times are written HH:mm, got " + start + "-" + end);
    }
  }

  public boolean overlaps(TimeRange other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }

  public boolean contains(TimeRange other) {
    return !other.start.isBefore(start) && !other.end.isAfter(end);
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
