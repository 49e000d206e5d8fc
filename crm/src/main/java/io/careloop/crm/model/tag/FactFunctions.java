package io.careloop.crm.model.tag;

import io.careloop.crm.model.facts.Activity;
import io.careloop.crm.model.facts.AlertSeverity;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.PatientFacts.Appointment;
import io.careloop.crm.model.facts.PatientFacts.Brushing;
import io.careloop.crm.model.facts.PatientFacts.BrushingDay;
import io.careloop.crm.model.facts.VisitStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * How each catalogued fact is read from a patient's facts; pure functions of the facts, the time
 * and the query.
 */
final class FactFunctions {

  /** Fewer measured plaque days than this make no trend. */
  static final int MIN_PLAQUE_DAYS_FOR_TREND = 3;

  /** Fewer brushing days than this in the window make no trend. */
  static final int MIN_BRUSHING_DAYS_FOR_TREND = 7;

  private FactFunctions() {}

  static Optional<Object> number(double value) {
    return Optional.of(value);
  }

  // ---- appointments

  /**
   * The appointments the query means: its status (completed by default) and service, optionally in
   * its window.
   */
  static Stream<Appointment> appointments(PatientFacts f, FactQuery q, Optional<Window> window) {
    VisitStatus status = q.status().orElse(VisitStatus.COMPLETED);
    return f.appointments().stream()
        .filter(a -> a.status() == status)
        .filter(a -> q.service().map(s -> s.equals(a.service())).orElse(true))
        .filter(a -> window.map(w -> w.contains(a.at())).orElse(true));
  }

  static Optional<Object> visitCount(PatientFacts f, Instant now, FactQuery q) {
    return number(appointments(f, q, Optional.of(q.span(now))).count());
  }

  static Optional<Object> visitsPerYear(PatientFacts f, Instant now, FactQuery q) {
    Window w = q.span(now);
    return number(appointments(f, q, Optional.of(w)).count() / w.years());
  }

  static Optional<Object> noShowRate(PatientFacts f, Instant now, FactQuery q) {
    Window w = q.span(now);
    long due =
        f.appointments().stream()
            .filter(a -> w.contains(a.at()) && !a.at().isAfter(now))
            .filter(a -> a.status() == VisitStatus.COMPLETED || a.status() == VisitStatus.NO_SHOW)
            .count();
    long missed =
        f.appointments().stream()
            .filter(a -> w.contains(a.at()) && a.status() == VisitStatus.NO_SHOW)
            .count();
    return due == 0 ? Optional.empty() : number((double) missed / due);
  }

  static Optional<Object> daysSinceLastVisit(PatientFacts f, Instant now, FactQuery q) {
    return appointments(f, q, Optional.empty())
        .map(Appointment::at)
        .filter(at -> !at.isAfter(now))
        .max(Comparator.naturalOrder())
        .map(at -> days(at, now));
  }

  /**
   * The median number of days between consecutive visits in the window; unknown with fewer than
   * two.
   */
  static Optional<Object> medianInterval(PatientFacts f, Instant now, FactQuery q) {
    List<Instant> times =
        appointments(f, q, Optional.of(q.span(now))).map(Appointment::at).sorted().toList();
    if (times.size() < 2) {
      return Optional.empty();
    }
    double[] gaps = new double[times.size() - 1];
    for (int i = 1; i < times.size(); i++) {
      gaps[i - 1] = Duration.between(times.get(i - 1), times.get(i)).toHours() / 24.0;
    }
    java.util.Arrays.sort(gaps);
    int mid = gaps.length / 2;
    return number(gaps.length % 2 == 1 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2);
  }

  static Optional<Object> upcoming(PatientFacts f, Instant now, FactQuery q) {
    return number(
        f.appointments().stream()
            .filter(a -> a.status() == VisitStatus.BOOKED && a.at().isAfter(now))
            .filter(a -> q.service().map(s -> s.equals(a.service())).orElse(true))
            .count());
  }

  static Optional<Object> spend(PatientFacts f, Instant now, FactQuery q) {
    Window w = q.span(now);
    return number(
        f.appointments().stream()
            .filter(a -> a.status() == VisitStatus.COMPLETED && w.contains(a.at()))
            .filter(a -> q.service().map(s -> s.equals(a.service())).orElse(true))
            .mapToDouble(Appointment::price)
            .sum());
  }

  static Optional<Object> servicesUsed(PatientFacts f, Instant now, FactQuery q) {
    return Optional.of(
        List.copyOf(
            appointments(f, q, Optional.of(q.span(now)))
                .map(Appointment::service)
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new))));
  }

  /** The most used service in the window (ties: the first by name); unknown without visits. */
  static Optional<Object> preferredService(PatientFacts f, Instant now, FactQuery q) {
    Map<String, Long> counts = new TreeMap<>();
    appointments(f, q, Optional.of(q.span(now)))
        .forEach(a -> counts.merge(a.service(), 1L, Long::sum));
    return counts.entrySet().stream()
        .max(
            Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .map(Map.Entry::getKey);
  }

  // ---- bookings and messages

  static Optional<Object> bookingCount(PatientFacts f, Instant now, FactQuery q) {
    Window w = q.span(now);
    return number(
        f.appointments().stream()
            .filter(a -> w.contains(a.bookedAt()))
            .filter(a -> q.channel().map(c -> c == a.bookedVia()).orElse(true))
            .count());
  }

  static Optional<Object> appShare(PatientFacts f, Instant now, FactQuery q) {
    Window w = q.span(now);
    List<Appointment> booked =
        f.appointments().stream().filter(a -> w.contains(a.bookedAt())).toList();
    long app = booked.stream().filter(a -> a.bookedVia().isApp()).count();
    return booked.isEmpty() ? Optional.empty() : number((double) app / booked.size());
  }

  static Optional<Object> remindersSent(PatientFacts f, Instant now, FactQuery q) {
    Window w = q.span(now);
    return number(f.reminders().stream().filter(r -> w.contains(r.sentAt())).count());
  }

  static Optional<Object> remindersRead(PatientFacts f, Instant now, FactQuery q) {
    Window w = q.span(now);
    return number(
        f.reminders().stream()
            .filter(r -> w.contains(r.sentAt()) && r.readAt().isPresent())
            .count());
  }

  static Optional<Object> readRate(PatientFacts f, Instant now, FactQuery q) {
    double sent = (Double) remindersSent(f, now, q).orElseThrow();
    return sent == 0
        ? Optional.empty()
        : number((Double) remindersRead(f, now, q).orElseThrow() / sent);
  }

  static Optional<Object> daysSinceAppOpen(PatientFacts f, Instant now, FactQuery q) {
    return Optional.ofNullable(f.lastActivity().get(Activity.APP_OPEN)).map(at -> days(at, now));
  }

  /**
   * Days since anything at all: a visit, a booking, brushing, the app, a read message, feedback.
   */
  static Optional<Object> daysSinceAnyActivity(PatientFacts f, Instant now, FactQuery q) {
    return lastActivity(f, now).map(at -> days(at, now));
  }

  static Optional<Instant> lastActivity(PatientFacts f, Instant now) {
    List<Instant> times = new ArrayList<>(f.lastActivity().values());
    f.appointments().stream()
        .filter(a -> a.status() == VisitStatus.COMPLETED)
        .map(Appointment::at)
        .forEach(times::add);
    f.appointments().stream().map(Appointment::bookedAt).forEach(times::add);
    f.brushing()
        .flatMap(
            b ->
                b.days().stream()
                    .filter(d -> d.sessions() > 0)
                    .map(BrushingDay::date)
                    .max(Comparator.naturalOrder()))
        .map(d -> d.atStartOfDay(java.time.ZoneOffset.UTC).toInstant())
        .ifPresent(times::add);
    f.reminders().forEach(r -> r.readAt().ifPresent(times::add));
    f.feedback().forEach(fb -> times.add(fb.at()));
    return times.stream().filter(t -> !t.isAfter(now)).max(Comparator.naturalOrder());
  }

  // ---- health

  /**
   * The brushing score of each day in the window since the brush was paired, 0 for a day without
   * brushing.
   */
  static Optional<double[]> dailyScores(PatientFacts f, Window w) {
    if (f.brushing().isEmpty()) {
      return Optional.empty();
    }
    Brushing b = f.brushing().get();
    LocalDate first = w.firstDay().isBefore(b.pairedOn()) ? b.pairedOn() : w.firstDay();
    int n = (int) ChronoUnit.DAYS.between(first, w.lastDay()) + 1;
    if (n <= 0) {
      return Optional.empty();
    }
    Map<LocalDate, Integer> byDay = new HashMap<>();
    b.days().forEach(d -> byDay.put(d.date(), d.score()));
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      scores[i] = byDay.getOrDefault(first.plusDays(i), 0);
    }
    return Optional.of(scores);
  }

  static Optional<Object> meanBrushingScore(PatientFacts f, Instant now, FactQuery q) {
    return dailyScores(f, q.span(now)).map(s -> java.util.Arrays.stream(s).average().orElseThrow());
  }

  /** Least-squares slope of the daily score, in points per week; negative is worsening. */
  static Optional<Object> brushingScoreTrend(PatientFacts f, Instant now, FactQuery q) {
    return dailyScores(f, q.span(now))
        .filter(s -> s.length >= MIN_BRUSHING_DAYS_FOR_TREND)
        .map(
            s -> {
              double[] x = new double[s.length];
              for (int i = 0; i < s.length; i++) {
                x[i] = i;
              }
              return slope(x, s) * 7;
            });
  }

  static Optional<Object> brushingDays(PatientFacts f, Instant now, FactQuery q) {
    return dailyScores(f, q.span(now))
        .map(
            s ->
                (double)
                    f.brushing().orElseThrow().days().stream()
                        .filter(
                            d ->
                                d.sessions() > 0
                                    && q.span(now)
                                        .contains(
                                            d.date()
                                                .atStartOfDay(java.time.ZoneOffset.UTC)
                                                .toInstant()))
                        .count());
  }

  static Optional<Object> daysSinceBrushing(PatientFacts f, Instant now, FactQuery q) {
    return f.brushing()
        .map(
            b ->
                b.days().stream()
                    .filter(d -> d.sessions() > 0)
                    .map(BrushingDay::date)
                    .max(Comparator.naturalOrder())
                    .orElse(b.pairedOn()))
        .map(
            d ->
                (double)
                    ChronoUnit.DAYS.between(d, now.atZone(java.time.ZoneOffset.UTC).toLocalDate()));
  }

  static List<BrushingDay> plaqueDays(PatientFacts f, Window w) {
    return f.brushing()
        .map(
            b ->
                b.days().stream()
                    .filter(d -> d.plaqueIndex().isPresent())
                    .filter(d -> !d.date().isBefore(w.firstDay()) && !d.date().isAfter(w.lastDay()))
                    .sorted(Comparator.comparing(BrushingDay::date))
                    .toList())
        .orElse(List.of());
  }

  static Optional<Object> meanPlaque(PatientFacts f, Instant now, FactQuery q) {
    List<BrushingDay> days = plaqueDays(f, q.span(now));
    return days.isEmpty()
        ? Optional.empty()
        : number(
            days.stream().mapToDouble(d -> d.plaqueIndex().getAsDouble()).average().orElseThrow());
  }

  /** Least-squares slope of the measured plaque index, per week; positive is worsening. */
  static Optional<Object> plaqueTrend(PatientFacts f, Instant now, FactQuery q) {
    List<BrushingDay> days = plaqueDays(f, q.span(now));
    if (days.size() < MIN_PLAQUE_DAYS_FOR_TREND) {
      return Optional.empty();
    }
    LocalDate first = days.get(0).date();
    double[] x = days.stream().mapToDouble(d -> ChronoUnit.DAYS.between(first, d.date())).toArray();
    double[] y = days.stream().mapToDouble(d -> d.plaqueIndex().getAsDouble()).toArray();
    return number(slope(x, y) * 7);
  }

  static Optional<Object> openAlerts(PatientFacts f, Instant now, FactQuery q) {
    AlertSeverity least = q.severity().orElse(AlertSeverity.LOW);
    return number(f.openAlerts().stream().filter(a -> a.severity().compareTo(least) >= 0).count());
  }

  // ---- social

  static Optional<Object> referralCount(PatientFacts f, Instant now, FactQuery q) {
    Window w = q.span(now);
    return number(f.referrals().stream().filter(r -> w.contains(r.at())).count());
  }

  static Stream<PatientFacts.Feedback> feedback(PatientFacts f, FactQuery q) {
    return f.feedback().stream().filter(fb -> q.source().map(s -> s == fb.source()).orElse(true));
  }

  static Optional<Object> feedbackCount(PatientFacts f, Instant now, FactQuery q) {
    Window w = q.span(now);
    return number(
        feedback(f, q)
            .filter(fb -> w.contains(fb.at()))
            .filter(fb -> q.sentiment().map(s -> s == fb.sentiment()).orElse(true))
            .count());
  }

  static Optional<Object> lastSentiment(PatientFacts f, Instant now, FactQuery q) {
    return feedback(f, q)
        .filter(fb -> !fb.at().isAfter(now))
        .max(Comparator.comparing(PatientFacts.Feedback::at))
        .map(fb -> fb.sentiment().json());
  }

  static Optional<Object> meanRating(PatientFacts f, Instant now, FactQuery q) {
    Window w = q.span(now);
    var ratings =
        f.feedback().stream()
            .filter(fb -> w.contains(fb.at()) && fb.rating().isPresent())
            .mapToInt(fb -> fb.rating().getAsInt())
            .summaryStatistics();
    return ratings.getCount() == 0 ? Optional.empty() : number(ratings.getAverage());
  }

  // ---- arithmetic

  static double days(Instant from, Instant to) {
    return Math.floor(Duration.between(from, to).toHours() / 24.0);
  }

  static double slope(double[] x, double[] y) {
    double mx = java.util.Arrays.stream(x).average().orElse(0);
    double my = java.util.Arrays.stream(y).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    return sxx == 0 ? 0 : sxy / sxx;
  }
}
