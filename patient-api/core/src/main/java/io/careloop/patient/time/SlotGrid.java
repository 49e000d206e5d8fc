package io.careloop.patient.time;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The 15-minute grid that appointments start on and that providers' time is claimed in. Cells are
 * multiples of 15 minutes since the epoch. Every time zone in use today is offset from UTC by a
 * whole number of quarter hours, so the cells fall on :00, :15, :30 and :45 of local time
 * everywhere, also on the days daylight saving time starts or ends.
 *
 * <p>The step is a constant on purpose, not configuration: claims made with one step would not
 * collide with claims made with another, and double bookings would become possible.
 */
public final class SlotGrid {

  public static final Duration STEP = Duration.ofMinutes(15);
  private static final long STEP_SECONDS = STEP.toSeconds();

  private SlotGrid() {}

  public static boolean isOnGrid(Instant time) {
    return time.getNano() == 0 && Math.floorMod(time.getEpochSecond(), STEP_SECONDS) == 0;
  }

  public static boolean isOnGrid(LocalTime time) {
    return time.getNano() == 0 && time.toSecondOfDay() % STEP_SECONDS == 0;
  }

  public static boolean isOnGrid(Duration duration) {
    return !duration.isNegative()
        && duration.getNano() == 0
        && duration.toSeconds() % STEP_SECONDS == 0;
  }

  /** Whether the zone's offsets are all on the grid now and in the coming year. */
  public static boolean fits(ZoneId zone, Instant now) {
    var rules = zone.getRules();
    Instant end = now.plus(Duration.ofDays(400));
    Instant at = now;
    while (at.isBefore(end)) {
      if (rules.getOffset(at).getTotalSeconds() % STEP_SECONDS != 0) {
        return false;
      }
      var next = rules.nextTransition(at);
      if (next == null) {
        return true;
      }
      at = next.getInstant();
    }
    return true;
  }

  /** The first grid time at or after {@code time}. */
  public static Instant ceil(Instant time) {
    long seconds = time.getEpochSecond();
    long floor = Math.floorDiv(seconds, STEP_SECONDS) * STEP_SECONDS;
    if (floor == seconds && time.getNano() == 0) {
      return time;
    }
    return Instant.ofEpochSecond(floor + STEP_SECONDS);
  }

  /** The cells of {@code [start, end)}; both on the grid. */
  public static List<Instant> cells(Instant start, Instant end) {
    List<Instant> cells = new ArrayList<>();
    for (Instant cell = start; cell.isBefore(end); cell = cell.plus(STEP)) {
      cells.add(cell);
    }
    return cells;
  }

  /** The time a cell stands for. */
  public static Interval cell(Instant cell) {
    return new Interval(cell, cell.plus(STEP));
  }
}
