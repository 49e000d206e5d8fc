package io.careloop.ingest.session;

import io.careloop.platform.bus.PatientDailyBrushing.Day;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A patient's brushing per day, in the patient's time zone, computed from the stored sessions (so
 * that a duplicate can never be counted twice).
 *
 * <p>Sessions shorter than {@link #MIN_SESSION_SEC} are accidental switch-ons (the contract says
 * brushes send them anyway): they are counted as {@code shortSessions} and left out of every other
 * figure.
 *
 * <p>The brushing score (0–100) follows the clinical reference of twice a day, two minutes each,
 * without pressing too hard:
 *
 * <ul>
 *   <li>40 points for frequency: 20 per session, at most two;
 *   <li>30 points for time: the day's total against 240 s, capped;
 *   <li>20 points for coverage: the day's mean coverage;
 *   <li>10 points for gentleness: full without high pressure, none when 20 % or more of the
 *       brushing time was spent pressing too hard, linear in between.
 * </ul>
 *
 * A day without sessions scores 0.
 */
public final class DailyBrushing {

  public static final int MIN_SESSION_SEC = 10;
  static final int TARGET_DAILY_SEC = 240;

  private DailyBrushing() {}

  /** One entry per calendar day from {@code from} to {@code to} inclusive, oldest first. */
  public static List<Day> of(
      List<BrushingSession> sessions, ZoneId zone, LocalDate from, LocalDate to) {
    Map<LocalDate, List<BrushingSession>> byDay = new TreeMap<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      byDay.put(d, new ArrayList<>());
    }
    for (BrushingSession s : sessions) {
      List<BrushingSession> day = byDay.get(s.placedAt().atZone(zone).toLocalDate());
      if (day != null) {
        day.add(s);
      }
    }
    List<Day> days = new ArrayList<>(byDay.size());
    byDay.forEach((date, list) -> days.add(summarize(date, list)));
    return days;
  }

  static Day summarize(LocalDate date, List<BrushingSession> all) {
    List<BrushingSession> counted =
        all.stream().filter(s -> s.durationSec() >= MIN_SESSION_SEC).toList();
    int n = counted.size();
    int total = counted.stream().mapToInt(BrushingSession::durationSec).sum();
    int coverage =
        n == 0
            ? 0
            : (int)
                Math.round(
                    counted.stream().mapToInt(BrushingSession::coveragePct).average().orElse(0));
    // the contract bounds a session's count only below: added as longs, held at the int range
    int highEvents =
        (int)
            Math.min(
                Integer.MAX_VALUE,
                counted.stream().mapToLong(BrushingSession::pressureHighEvents).sum());
    int highSec = counted.stream().mapToInt(BrushingSession::pressureHighSec).sum();
    OptionalDouble worstPlaque =
        counted.stream()
            .map(BrushingSession::plaqueIndex)
            .filter(OptionalDouble::isPresent)
            .mapToDouble(OptionalDouble::getAsDouble)
            .max();
    return new Day(
        date,
        n,
        all.size() - n,
        total,
        n == 0 ? 0 : Math.round((float) total / n),
        coverage,
        highEvents,
        highSec,
        worstPlaque,
        score(n, total, coverage, highSec));
  }

  static int score(int sessions, int totalSec, int meanCoveragePct, int highPressureSec) {
    if (sessions == 0) {
      return 0;
    }
    double frequency = 20.0 * Math.min(sessions, 2);
    double time = 30.0 * Math.min(1.0, totalSec / (double) TARGET_DAILY_SEC);
    double coverage = 20.0 * meanCoveragePct / 100.0;
    double pressureShare = totalSec == 0 ? 0 : highPressureSec / (double) totalSec;
    double gentleness = 10.0 * Math.max(0.0, 1.0 - pressureShare / 0.2);
    return (int) Math.round(frequency + time + coverage + gentleness);
  }
}
