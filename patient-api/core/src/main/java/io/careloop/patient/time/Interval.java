package io.careloop.patient.time;

import java.time.Instant;

/** A stretch of time on the timeline, end exclusive. */
public record Interval(Instant start, Instant end) {

  public Interval {
    if (end.isBefore(start)) {
      throw new IllegalArgumentException(
          "An interval cannot end before it starts: " + start + " " + end);
    }
  }

  public boolean isEmpty() {
    return !start.isBefore(end);
  }

  public boolean overlaps(Interval other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }

  public boolean contains(Interval other) {
    return !other.start.isBefore(start) && !other.end.isAfter(end);
  }
}
