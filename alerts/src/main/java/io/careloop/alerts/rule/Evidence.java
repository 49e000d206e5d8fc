package io.careloop.alerts.rule;

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
 */
public record Evidence(
    Instant now,
    ZoneId zone,
    Instant planStart,
    Optional<SessionFacts> subject,
    List<SessionFacts> recent) {

  /** Sessions shorter than this are accidental switch-ons (the daily view leaves them out too). */
  public static final int MIN_SESSION_SEC = 10;

  public Evidence {
    recent = List.copyOf(recent);
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

  /** When the patient's next day starts. */
  public Instant nextDay() {
    return startOf(today().plusDays(1));
  }

  public Instant startOf(LocalDate day) {
    return day.atStartOfDay(zone).toInstant();
  }
}
