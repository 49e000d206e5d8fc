package io.careloop.reminders.schedule;

import io.careloop.patient.account.QuietHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When reminders are due: pure functions of times, zones and rules, so that every daylight-saving
 * and quiet-hours case is a unit test.
 *
 * <ul>
 *   <li>Appointment reminders: an offset of whole days (72 h, 24 h) is that many calendar days
 *       before, at the same local clock time in the clinic's zone (on the day after clocks change
 *       it is 23 or 25 real hours); other offsets (2 h) are real durations.
 *   <li>Quiet hours are the patient's, in the patient's zone ({@link QuietRule}).
 *   <li>Recall: the interval in calendar months after the last cleaning or check-up, at a fixed
 *       local time in the patient's zone.
 *   <li>Brushing nudge: the usual evening time learned from the patient's sessions, pulled before
 *       quiet hours when it falls inside them.
 * </ul>
 */
public final class ReminderPlanner {

  private ReminderPlanner() {}

  /**
   * One appointment reminder to plan: its offset's label, when it is due, until when it is worth
   * sending.
   */
  public record AppointmentSlot(
      String label, Instant dueAt, Instant usefulUntil, QuietRule quietRule) {}

  /** The nominal due time of an appointment reminder {@code offset} before {@code start}. */
  public static Instant before(Instant start, Duration offset, ZoneId clinicZone) {
    if (!offset.isZero() && offset.toSeconds() % 86_400 == 0) {
      return start.atZone(clinicZone).minusDays(offset.toDays()).toInstant();
    }
    return start.minus(offset);
  }

  public static String label(Duration offset) {
    return offset.toSeconds() % 3600 == 0 ? offset.toHours() + "h" : offset.toMinutes() + "m";
  }

  /**
   * The reminders of an appointment that are still ahead at {@code now}: each at its delivery time
   * (quiet hours applied), each useful until the next one is due (so that after an outage the
   * patient gets the latest reminder, not three at once), the last until the appointment starts.
   */
  public static List<AppointmentSlot> appointmentReminders(
      Instant start,
      ZoneId clinicZone,
      List<Duration> offsets,
      ZoneId patientZone,
      QuietHours quiet,
      LocalTime sameDayEarliest,
      Instant now) {
    List<AppointmentSlot> nominal = new ArrayList<>();
    LocalDate appointmentDay = start.atZone(patientZone).toLocalDate();
    for (Duration offset : offsets.stream().sorted(Comparator.reverseOrder()).toList()) {
      Instant due = before(start, offset, clinicZone);
      QuietRule rule =
          due.atZone(patientZone).toLocalDate().equals(appointmentDay)
              ? QuietRule.SAME_DAY
              : QuietRule.POSTPONE;
      nominal.add(
          new AppointmentSlot(
              label(offset),
              deliveryTime(due, rule, quiet, patientZone, sameDayEarliest),
              start,
              rule));
    }
    List<AppointmentSlot> planned = new ArrayList<>();
    for (int i = 0; i < nominal.size(); i++) {
      AppointmentSlot slot = nominal.get(i);
      Instant next = i + 1 < nominal.size() ? nominal.get(i + 1).dueAt() : start;
      Instant until = next.isBefore(start) ? next : start;
      if (slot.dueAt().isBefore(now) || !slot.dueAt().isBefore(until)) {
        continue; // already past, or it would arrive together with (or after) the next one
      }
      planned.add(new AppointmentSlot(slot.label(), slot.dueAt(), until, slot.quietRule()));
    }
    return planned;
  }

  /**
   * When a message due at {@code due} may be delivered under the patient's quiet hours: POSTPONE
   * moves it to the end of quiet hours; SAME_DAY lets it through from {@code sameDayEarliest} on
   * (earlier it waits until then, or until quiet hours end if that is sooner); BEFORE_QUIET keeps
   * it (the caller plans it before quiet hours and drops it inside).
   */
  public static Instant deliveryTime(
      Instant due, QuietRule rule, QuietHours quiet, ZoneId zone, LocalTime sameDayEarliest) {
    if (!quiet.covers(due, zone) || rule == QuietRule.BEFORE_QUIET) {
      return due;
    }
    Instant end = quiet.nextAllowed(due, zone);
    if (rule == QuietRule.POSTPONE) {
      return end;
    }
    ZonedDateTime local = due.atZone(zone);
    if (!local.toLocalTime().isBefore(sameDayEarliest)) {
      return due;
    }
    Instant earliest = ZonedDateTime.of(local.toLocalDate(), sameDayEarliest, zone).toInstant();
    return earliest.isBefore(end) ? earliest : end;
  }

  /** Whether a message may go out at {@code now}, by the same rule. */
  public static boolean mayDeliverAt(
      Instant now, QuietRule rule, QuietHours quiet, ZoneId zone, LocalTime sameDayEarliest) {
    return rule != QuietRule.BEFORE_QUIET
        ? deliveryTime(now, rule, quiet, zone, sameDayEarliest).equals(now)
        : !quiet.covers(now, zone);
  }

  /** The recall reminder: {@code months} after the visit's local day, at {@code at} local time. */
  public static Instant recallDue(LocalDate lastVisit, int months, LocalTime at, ZoneId zone) {
    return ZonedDateTime.of(lastVisit.plusMonths(months), at, zone).toInstant();
  }

  /** The local time at {@code at} on {@code day}, whatever the clock change that day. */
  public static Instant localAt(LocalDate day, LocalTime at, ZoneId zone) {
    return ZonedDateTime.of(day, at, zone).toInstant();
  }

  /** The evening window in which sessions count towards the usual evening time. */
  public static final LocalTime EVENING_FROM = LocalTime.of(17, 0);

  /** Fewer evening sessions than this teach nothing: the default time is used. */
  static final int MIN_EVENING_SESSIONS = 5;

  /**
   * The patient's usual evening brushing time: the median local start time of their sessions that
   * began between 17:00 and midnight, rounded to 15 minutes; the default with fewer than five.
   */
  public static LocalTime usualEveningTime(
      List<Instant> sessionStarts, ZoneId zone, LocalTime defaultTime) {
    List<Integer> minutes =
        sessionStarts.stream()
            .map(s -> s.atZone(zone).toLocalTime())
            .filter(t -> !t.isBefore(EVENING_FROM))
            .map(t -> t.getHour() * 60 + t.getMinute())
            .sorted()
            .toList();
    if (minutes.size() < MIN_EVENING_SESSIONS) {
      return defaultTime;
    }
    int median = minutes.get(minutes.size() / 2);
    int rounded = Math.min(23 * 60 + 45, (median + 7) / 15 * 15);
    return LocalTime.of(rounded / 60, rounded % 60);
  }

  /**
   * When to nudge on {@code day}: at the usual evening time, or, if that falls in quiet hours,
   * {@code leadBeforeQuiet} before they begin; empty when there is no such moment that evening.
   */
  public static Optional<Instant> nudgeTime(
      LocalDate day, LocalTime usual, QuietHours quiet, ZoneId zone, Duration leadBeforeQuiet) {
    Instant at = localAt(day, usual, zone);
    if (!quiet.covers(at, zone)) {
      return Optional.of(at);
    }
    Instant pulled = localAt(day, quiet.start(), zone).minus(leadBeforeQuiet);
    return quiet.covers(pulled, zone) || !pulled.atZone(zone).toLocalDate().equals(day)
        ? Optional.empty()
        : Optional.of(pulled);
  }
}
