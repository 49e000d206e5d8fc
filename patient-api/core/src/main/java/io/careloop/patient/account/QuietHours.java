package io.careloop.patient.account;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Local times between which no reminder may arrive: from {@code start} (inclusive) to {@code end}
 * (exclusive), across midnight when start is after end (21:00-08:00); none when they are equal.
 * Always read in the patient's own time zone, so a daylight-saving change moves them with the
 * patient's clock.
 */
public record QuietHours(LocalTime start, LocalTime end) {

  public static final QuietHours DEFAULT = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));

  public boolean none() {
    return start.equals(end);
  }

  /** Whether the local time of day falls in quiet hours. */
  public boolean covers(LocalTime time) {
    if (none()) {
      return false;
    }
    return start.isBefore(end)
        ? !time.isBefore(start) && time.isBefore(end)
        : !time.isBefore(start) || time.isBefore(end);
  }

  public boolean covers(Instant instant, ZoneId zone) {
    return covers(instant.atZone(zone).toLocalTime());
  }

  /**
   * The first instant at or after {@code instant} outside quiet hours: the instant itself, or the
   * end of the quiet hours it falls in (on the right local day, whatever the clock change).
   */
  public Instant nextAllowed(Instant instant, ZoneId zone) {
    if (!covers(instant, zone)) {
      return instant;
    }
    LocalDateTime local = instant.atZone(zone).toLocalDateTime();
    LocalDate endDay =
        start.isBefore(end) || local.toLocalTime().isBefore(end)
            ? local.toLocalDate()
            : local.toLocalDate().plusDays(1);
    return ZonedDateTime.of(endDay, end, zone).toInstant();
  }

  /** The start of the quiet hours on the local day of {@code instant} (the evening they begin). */
  public Instant startOn(LocalDate day, ZoneId zone) {
    return ZonedDateTime.of(day, start, zone).toInstant();
  }
}
