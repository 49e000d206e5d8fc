package io.careloop.patient.booking;

import io.careloop.patient.clinic.ScheduleException;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.clinic.WeeklyHours;
import io.careloop.patient.clinic.WorkingDay;
import io.careloop.patient.time.Interval;
import io.careloop.patient.time.SlotGrid;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Free start times, computed without any I/O: a provider's weekly hours at a clinic on each local
 * day, minus breaks, schedule exceptions and the time already claimed by appointments (with their
 * buffers). A start is offered when the whole service and its buffer fit into one stretch of free
 * time; starts are on the {@link SlotGrid}.
 *
 * <p>Local times become instants in the clinic's zone day by day, so daylight saving changes come
 * out right: on the day clocks go forward, hours 01:00-04:00 last two hours; on the day they go
 * back, four. A local time the change skips moves forward by the gap (02:30 becomes 03:30 in
 * Europe/Paris in March); one that happens twice means the first occurrence.
 */
public final class SlotFinder {

  private SlotFinder() {}

  /**
   * What one search asks.
   *
   * @param earliestStart nothing starts before (now plus the clinic's minimum notice)
   * @param lastBookableDay nothing starts after this local day (the clinic's horizon)
   */
  public record Search(
      ZoneId zone,
      LocalDate firstDay,
      LocalDate lastDay,
      Duration duration,
      Duration bufferAfter,
      Instant earliestStart,
      LocalDate lastBookableDay) {

    public Duration occupies() {
      return duration.plus(bufferAfter);
    }
  }

  /** One provider's time at the clinic: the week, exceptions that may apply, and claimed time. */
  public record ProviderTime(
      UUID providerId, WeeklyHours week, List<ScheduleException> exceptions, List<Interval> busy) {}

  /** A free start time with the provider it is free with. */
  public record Slot(Instant start, UUID providerId) {}

  /** Every free start in the search's days, by time, then provider. */
  public static List<Slot> find(Search search, List<ProviderTime> providers) {
    List<Slot> slots = new ArrayList<>();
    LocalDate last =
        search.lastDay().isAfter(search.lastBookableDay())
            ? search.lastBookableDay()
            : search.lastDay();
    for (LocalDate day = search.firstDay(); !day.isAfter(last); day = day.plusDays(1)) {
      for (ProviderTime provider : providers) {
        List<Interval> free =
            subtract(
                workingTime(search.zone(), day, provider.week(), provider.exceptions()),
                provider.busy());
        for (Interval stretch : free) {
          Instant from =
              stretch.start().isBefore(search.earliestStart())
                  ? search.earliestStart()
                  : stretch.start();
          for (Instant start = SlotGrid.ceil(from);
              !start.plus(search.occupies()).isAfter(stretch.end());
              start = start.plus(SlotGrid.STEP)) {
            slots.add(new Slot(start, provider.providerId()));
          }
        }
      }
    }
    slots.sort(Comparator.comparing(Slot::start).thenComparing(s -> s.providerId().toString()));
    return slots;
  }

  /** Whether {@code start} is one of the free starts of this provider. */
  public static boolean offers(Search search, ProviderTime provider, Instant start) {
    LocalDate day = start.atZone(search.zone()).toLocalDate();
    Search thatDay =
        new Search(
            search.zone(),
            day,
            day,
            search.duration(),
            search.bufferAfter(),
            search.earliestStart(),
            search.lastBookableDay());
    return find(thatDay, List.of(provider)).stream().anyMatch(s -> s.start().equals(start));
  }

  /**
   * The provider's working time on one local day, minus breaks and exceptions (appointments not yet
   * taken off), as sorted, disjoint intervals.
   */
  public static List<Interval> workingTime(
      ZoneId zone, LocalDate day, WeeklyHours week, List<ScheduleException> exceptions) {
    WorkingDay hours = week.on(day.getDayOfWeek()).orElse(null);
    if (hours == null) {
      return List.of();
    }
    List<Interval> open = new ArrayList<>();
    for (TimeRange range : hours.hours()) {
      open.add(on(zone, day, range));
    }
    List<Interval> closed = new ArrayList<>();
    for (TimeRange pause : hours.breaks()) {
      closed.add(on(zone, day, pause));
    }
    for (ScheduleException exception : exceptions) {
      if (exception.covers(day)) {
        closed.add(
            exception
                .hours()
                .map(range -> on(zone, day, range))
                .orElseGet(() -> wholeDay(zone, day)));
      }
    }
    return subtract(open, closed);
  }

  private static Interval on(ZoneId zone, LocalDate day, TimeRange range) {
    Instant start = ZonedDateTime.of(day, range.start(), zone).toInstant();
    Instant end = ZonedDateTime.of(day, range.end(), zone).toInstant();
    // A range that a daylight saving gap swallows entirely (e.g. 02:00-02:30 in the spring) is
    // empty.
    return end.isAfter(start) ? new Interval(start, end) : new Interval(start, start);
  }

  private static Interval wholeDay(ZoneId zone, LocalDate day) {
    return new Interval(
        day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant());
  }

  /** {@code from} minus every interval of {@code minus}: sorted, disjoint, non-empty intervals. */
  static List<Interval> subtract(List<Interval> from, List<Interval> minus) {
    List<Interval> result = new ArrayList<>();
    for (Interval piece : from) {
      List<Interval> remaining = List.of(piece);
      for (Interval cut : minus) {
        List<Interval> next = new ArrayList<>();
        for (Interval r : remaining) {
          if (!r.overlaps(cut)) {
            next.add(r);
            continue;
          }
          if (r.start().isBefore(cut.start())) {
            next.add(new Interval(r.start(), cut.start()));
          }
          if (cut.end().isBefore(r.end())) {
            next.add(new Interval(cut.end(), r.end()));
          }
        }
        remaining = next;
      }
      remaining.stream().filter(i -> !i.isEmpty()).forEach(result::add);
    }
    result.sort(Comparator.comparing(Interval::start));
    return result;
  }
}
