package io.careloop.alerts.rule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * What the rules of one patient are judged on.
 *
 * @param now the time of the evaluation (the application clock, or a test's instant)
 * @param zone the patient's time zone: days are the patient's days
 * @param planStart when the care plan started; day windows count only whole days after it, and an
 *     absence is counted from it at the earliest
 * @param subject the session per-session conditions judge: the one just stored, or (in the sweep)
 *     the latest one
 * @param recent the patient's sessions of the look-back, newest first
 * @param dayJudgedAfter how long after the patient's midnight the sweep judges their day windows
 *     (their own moment of the day's first hour: a time zone's patients are not all due at its
 *     midnight); zero where no sweep is planned
 */
public record Evidence(
    Instant now,
    ZoneId zone,
    Instant planStart,
    Optional<SessionFacts> subject,
    List<SessionFacts> recent,
    Duration dayJudgedAfter) {

  /** Sessions shorter than this are accidental switch-ons (the daily view leaves them out too). */
  public static final int MIN_SESSION_SEC = 10;

  public Evidence {
    recent = List.copyOf(recent);
  }

  /** Evidence judged only now: the next day's windows are judged at its very start. */
  public Evidence(
      Instant now,
      ZoneId zone,
      Instant planStart,
      Optional<SessionFacts> subject,
      List<SessionFacts> recent) {
    this(now, zone, planStart, subject, recent, Duration.ZERO);
  }

  /** The patient's today. */
  public LocalDate today() {
    return now.atZone(zone).toLocalDate();
  }

  /** The first whole day of the plan. */
  public LocalDate firstPlanDay() {
    return planStart.atZone(zone).toLocalDate().plusDays(1);
  }

  /** Sessions that count (not switch-ons), newest first. */
  public List<SessionFacts> counted() {
    return recent.stream().filter(s -> s.durationSec() >= MIN_SESSION_SEC).toList();
  }

  /** When the day windows are judged next: {@link #dayJudgedAfter} into the patient's next day. */
  public Instant nextDayJudged() {
    return startOf(today().plusDays(1)).plus(dayJudgedAfter);
  }

  public Instant startOf(LocalDate day) {
    return day.atStartOfDay(zone).toInstant();
  }
}
