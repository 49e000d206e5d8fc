package io.careloop.crm.model.tag;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * The half-open span [from, to) a windowed fact looks at: {@code to = now - shift}, {@code from =
 * to - window}.
 */
record Window(Instant from, Instant to) {

  static Window of(Instant now, Period window, Period shift) {
    var end = now.atZone(ZoneOffset.UTC).minus(shift);
    return new Window(end.minus(window).toInstant(), end.toInstant());
  }

  boolean contains(Instant t) {
    return !t.isBefore(from) && t.isBefore(to);
  }

  LocalDate firstDay() {
    return from.atZone(ZoneOffset.UTC).toLocalDate();
  }

  /** The last whole day before {@code to}. */
  LocalDate lastDay() {
    return to.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
  }

  double years() {
    return java.time.Duration.between(from, to).toHours() / (24 * 365.25);
  }
}
