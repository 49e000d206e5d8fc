package io.careloop.alerts.rule;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A condition on a patient's brushing, stored as JSON data ({@code {"kind": "duration_below",
 * "seconds": 90}}) and judged by {@link #test}, a pure function of the {@link Evidence}.
 *
 * <p>Kinds: per session ({@code duration_below}, {@code pressure_events_at_least}, {@code
 * coverage_below}, {@code plaque_at_least}); over a window in the patient's time zone ({@code
 * sessions_per_day_below}, {@code mean_duration_below}, {@code plaque_rising}, {@code
 * quadrant_underbrushed}); absence ({@code no_session_for}); and the combinations {@code all} (AND)
 * and {@code any} (OR) of other conditions.
 */
public sealed interface Condition
    permits Condition.PerSession,
        Condition.SessionsPerDayBelow,
        Condition.MeanDurationBelow,
        Condition.PlaqueRising,
        Condition.QuadrantUnderbrushed,
        Condition.NoSessionFor,
        Condition.All,
        Condition.Any {

  /** The breach, when the condition holds on this evidence. */
  Optional<Breach> test(Evidence evidence);

  /**
   * The first instant after the evidence's {@code now} at which the verdict of {@link #test} can
   * change while the sessions stay as they are: the next day of a day window (as late as the
   * evidence's {@link Evidence#dayJudgedAfter}), the end of an allowed absence. {@link Instant#MAX}
   * when only a session stored (or one leaving the look-back) can change it. The sweep judges a
   * patient again then rather than every time it passes.
   */
  Instant changesAt(Evidence evidence);

  JsonObject toJson();

  /** How far back the sessions it needs go. */
  Duration lookback();

  /**
   * The look-back of a sessions-counted condition: a patient brushing twice a day fills it in days.
   */
  Duration SESSION_TREND_LOOKBACK = Duration.ofDays(30);

  int MAX_DAYS = 60;
  int MAX_SESSIONS = 30;

  // ---- per session: judged on the evidence's subject

  /** A condition of one session, the evidence's subject: it needs no history. */
  sealed interface PerSession extends Condition
      permits DurationBelow, PressureEventsAtLeast, CoverageBelow, PlaqueAtLeast {

    @Override
    default Duration lookback() {
      return Duration.ZERO;
    }

    @Override
    default Instant changesAt(Evidence e) {
      return Instant.MAX;
    }

    /** A breach of the subject session when it is {@code breached}, told by {@code detail}. */
    static Optional<Breach> judge(
        Evidence e, Predicate<SessionFacts> breached, Function<SessionFacts, String> detail) {
      return e.subject()
          .filter(breached)
          .map(s -> Breach.inSession("session:" + s.key(), s, detail.apply(s)));
    }
  }

  /** The session lasted less than {@code seconds}. */
  record DurationBelow(int seconds) implements PerSession {
    public DurationBelow {
      requireRange("seconds", seconds, 1, 1800);
    }

    public Optional<Breach> test(Evidence e) {
      return PerSession.judge(
          e,
          s -> s.durationSec() < seconds,
          s -> "Brushed " + s.durationSec() + " s (less than " + seconds + " s)");
    }

    public JsonObject toJson() {
      return kind("duration_below").put("seconds", seconds);
    }
  }

  /** The brush was pressed too hard at least {@code events} times in the session. */
  record PressureEventsAtLeast(int events) implements PerSession {
    public PressureEventsAtLeast {
      requireRange("events", events, 1, 1000);
    }

    public Optional<Breach> test(Evidence e) {
      return PerSession.judge(
          e,
          s -> s.pressureHighEvents() >= events,
          s -> "Pressed too hard " + s.pressureHighEvents() + " times (" + events + " or more)");
    }

    public JsonObject toJson() {
      return kind("pressure_events_at_least").put("events", events);
    }
  }

  /** The session reached less than {@code percent} % of tooth surfaces. */
  record CoverageBelow(int percent) implements PerSession {
    public CoverageBelow {
      requireRange("percent", percent, 1, 100);
    }

    public Optional<Breach> test(Evidence e) {
      return PerSession.judge(
          e,
          s -> s.coveragePct() < percent,
          s -> "Coverage " + s.coveragePct() + " % (less than " + percent + " %)");
    }

    public JsonObject toJson() {
      return kind("coverage_below").put("percent", percent);
    }
  }

  /**
   * The session's plaque index was {@code index} or more; a brush without the sensor never breaches
   * it.
   */
  record PlaqueAtLeast(double index) implements PerSession {
    public PlaqueAtLeast {
      if (!(index > 0 && index <= 3)) {
        throw new IllegalArgumentException(
            "index must be above 0 and at most 3 (Silness-Löe), got " + index);
      }
    }

    public Optional<Breach> test(Evidence e) {
      return PerSession.judge(
          e,
          s -> s.plaqueIndex().isPresent() && s.plaqueIndex().getAsDouble() >= index,
          s -> "Plaque index " + s.plaqueIndex().getAsDouble() + " (" + index + " or more)");
    }

    public JsonObject toJson() {
      return kind("plaque_at_least").put("index", index);
    }
  }

  // ---- over a window

  /**
   * Fewer than {@code sessions} sessions a day on each of the last {@code days} whole days (the
   * patient's days before today, all of them after the plan's first day).
   */
  record SessionsPerDayBelow(int sessions, int days) implements Condition {
    public SessionsPerDayBelow {
      requireRange("sessions", sessions, 1, 10);
      requireRange("days", days, 1, MAX_DAYS);
    }

    public Optional<Breach> test(Evidence e) {
      LocalDate last = e.today().minusDays(1);
      LocalDate first = last.minusDays(days - 1L);
      if (first.isBefore(e.firstPlanDay())) {
        return Optional.empty();
      }
      int fewest = Integer.MAX_VALUE;
      for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
        LocalDate day = d;
        int n =
            (int)
                e.counted().stream()
                    .filter(s -> s.placedAt().atZone(e.zone()).toLocalDate().equals(day))
                    .count();
        if (n >= sessions) {
          return Optional.empty();
        }
        fewest = Math.min(fewest, n);
      }
      return Optional.of(
          new Breach(
              "days:" + first + ".." + last,
              e.startOf(e.today()),
              "Fewer than "
                  + sessions
                  + " sessions a day on "
                  + days
                  + " days in a row ("
                  + first
                  + " to "
                  + last
                  + ")"));
    }

    public JsonObject toJson() {
      return kind("sessions_per_day_below").put("sessions", sessions).put("days", days);
    }

    public Duration lookback() {
      return Duration.ofDays(days + 2L);
    }

    public Instant changesAt(Evidence e) {
      return e.nextDayJudged();
    }
  }

  /**
   * The mean duration of the sessions of the last {@code days} whole days is under {@code seconds}.
   */
  record MeanDurationBelow(int seconds, int days) implements Condition {
    public MeanDurationBelow {
      requireRange("seconds", seconds, 1, 1800);
      requireRange("days", days, 1, MAX_DAYS);
    }

    public Optional<Breach> test(Evidence e) {
      LocalDate last = e.today().minusDays(1);
      LocalDate first = last.minusDays(days - 1L);
      if (first.isBefore(e.firstPlanDay())) {
        return Optional.empty();
      }
      var from = e.startOf(first);
      var to = e.startOf(e.today());
      List<SessionFacts> window =
          e.counted().stream()
              .filter(s -> !s.placedAt().isBefore(from) && s.placedAt().isBefore(to))
              .toList();
      if (window.isEmpty()) {
        return Optional.empty(); // no brushing at all is the frequency and absence rules' business
      }
      double mean = window.stream().mapToInt(SessionFacts::durationSec).average().orElse(0);
      if (mean >= seconds) {
        return Optional.empty();
      }
      return Optional.of(
          new Breach(
              "mean:" + first + ".." + last,
              to,
              String.format(
                  Locale.ROOT,
                  "Mean brushing time %.0f s over %d days (less than %d s)",
                  mean,
                  days,
                  seconds)));
    }

    public JsonObject toJson() {
      return kind("mean_duration_below").put("seconds", seconds).put("days", days);
    }

    public Duration lookback() {
      return Duration.ofDays(days + 2L);
    }

    public Instant changesAt(Evidence e) {
      return e.nextDayJudged();
    }
  }

  /**
   * The plaque index rose from each session to the next over the last {@code sessions} measured
   * sessions.
   */
  record PlaqueRising(int sessions) implements Condition {
    public PlaqueRising {
      requireRange("sessions", sessions, 2, MAX_SESSIONS);
    }

    public Optional<Breach> test(Evidence e) {
      List<SessionFacts> measured =
          e.counted().stream().filter(s -> s.plaqueIndex().isPresent()).limit(sessions).toList();
      if (measured.size() < sessions) {
        return Optional.empty();
      }
      for (int i = 0;
          i + 1 < measured.size();
          i++) { // newest first: each must be above the one before it
        if (!(measured.get(i).plaqueIndex().getAsDouble()
            > measured.get(i + 1).plaqueIndex().getAsDouble())) {
          return Optional.empty();
        }
      }
      SessionFacts newest = measured.get(0);
      return Optional.of(
          Breach.inSession(
              "plaque:" + newest.key(),
              newest,
              "Plaque index rose over "
                  + sessions
                  + " sessions in a row, from "
                  + measured.get(sessions - 1).plaqueIndex().getAsDouble()
                  + " to "
                  + newest.plaqueIndex().getAsDouble()));
    }

    public JsonObject toJson() {
      return kind("plaque_rising").put("sessions", sessions);
    }

    public Duration lookback() {
      return SESSION_TREND_LOOKBACK;
    }

    public Instant changesAt(Evidence e) {
      return Instant.MAX;
    }
  }

  /**
   * One quadrant got less than {@code seconds} in {@code times} or more of the last {@code of}
   * sessions.
   */
  record QuadrantUnderbrushed(int seconds, int times, int of) implements Condition {
    public QuadrantUnderbrushed {
      requireRange("seconds", seconds, 1, 600);
      requireRange("of", of, 1, MAX_SESSIONS);
      requireRange("times", times, 1, of);
    }

    public Optional<Breach> test(Evidence e) {
      List<SessionFacts> last = e.counted().stream().limit(of).toList();
      if (last.size() < times) {
        return Optional.empty();
      }
      for (int q = 0; q < 4; q++) {
        int quadrant = q;
        long under = last.stream().filter(s -> s.zonesSec()[quadrant] < seconds).count();
        if (under >= times) {
          SessionFacts newest = last.get(0);
          return Optional.of(
              Breach.inSession(
                  "quadrant:" + SessionFacts.QUADRANTS[q] + ":" + newest.key(),
                  newest,
                  "Quadrant "
                      + SessionFacts.QUADRANTS[q]
                      + " under "
                      + seconds
                      + " s in "
                      + under
                      + " of the last "
                      + last.size()
                      + " sessions"));
        }
      }
      return Optional.empty();
    }

    public JsonObject toJson() {
      return kind("quadrant_underbrushed")
          .put("seconds", seconds)
          .put("times", times)
          .put("of", of);
    }

    public Duration lookback() {
      return SESSION_TREND_LOOKBACK;
    }

    public Instant changesAt(Evidence e) {
      return Instant.MAX;
    }
  }

  // ---- absence

  /**
   * No session for {@code hours} hours, counted from the latest session or the plan's start,
   * whichever is later.
   */
  record NoSessionFor(int hours) implements Condition {
    public NoSessionFor {
      requireRange("hours", hours, 1, 24 * MAX_DAYS);
    }

    public Optional<Breach> test(Evidence e) {
      var since = since(e);
      var limit = since.plus(Duration.ofHours(hours));
      if (e.now().isBefore(limit)) {
        return Optional.empty();
      }
      return Optional.of(
          new Breach(
              "absence:" + since,
              limit,
              "No brushing for "
                  + Duration.between(since, e.now()).toHours()
                  + " hours (limit "
                  + hours
                  + " h)"));
    }

    public JsonObject toJson() {
      return kind("no_session_for").put("hours", hours);
    }

    public Duration lookback() {
      return Duration.ofHours(hours + 24L);
    }

    /** Once breached, it stays so until the next session. */
    public Instant changesAt(Evidence e) {
      var limit = since(e).plus(Duration.ofHours(hours));
      return e.now().isBefore(limit) ? limit : Instant.MAX;
    }

    /** The latest session or the plan's start, whichever is later. */
    private static Instant since(Evidence e) {
      return e.recent().stream()
          .map(SessionFacts::placedAt)
          .max(java.util.Comparator.naturalOrder())
          .filter(last -> last.isAfter(e.planStart()))
          .orElse(e.planStart());
    }
  }

  // ---- combinations

  /** Every condition holds (AND). */
  record All(List<Condition> of) implements Condition {
    public All {
      of = List.copyOf(of);
      if (of.isEmpty()) {
        throw new IllegalArgumentException("all needs at least one condition");
      }
    }

    public Optional<Breach> test(Evidence e) {
      List<Breach> breaches = new ArrayList<>();
      for (Condition c : of) {
        Optional<Breach> b = c.test(e);
        if (b.isEmpty()) {
          return Optional.empty();
        }
        breaches.add(b.get());
      }
      return Optional.of(combine(breaches, " and "));
    }

    public JsonObject toJson() {
      return kind("all").put("of", new JsonArray(of.stream().map(Condition::toJson).toList()));
    }

    public Duration lookback() {
      return of.stream().map(Condition::lookback).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    public Instant changesAt(Evidence e) {
      return soonest(of, e);
    }
  }

  /** At least one condition holds (OR). */
  record Any(List<Condition> of) implements Condition {
    public Any {
      of = List.copyOf(of);
      if (of.isEmpty()) {
        throw new IllegalArgumentException("any needs at least one condition");
      }
    }

    public Optional<Breach> test(Evidence e) {
      List<Breach> breaches = of.stream().map(c -> c.test(e)).flatMap(Optional::stream).toList();
      return breaches.isEmpty() ? Optional.empty() : Optional.of(combine(breaches, "; "));
    }

    public JsonObject toJson() {
      return kind("any").put("of", new JsonArray(of.stream().map(Condition::toJson).toList()));
    }

    public Duration lookback() {
      return of.stream().map(Condition::lookback).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    public Instant changesAt(Evidence e) {
      return soonest(of, e);
    }
  }

  // ---- reading and writing

  /**
   * Reads a stored or submitted condition; a wrong one fails with a message naming what is wrong.
   */
  static Condition fromJson(JsonObject json) {
    if (json == null) {
      throw new IllegalArgumentException("a condition must be a JSON object");
    }
    String kind = json.getString("kind");
    if (kind == null) {
      throw new IllegalArgumentException("a condition needs a kind");
    }
    Condition condition =
        switch (kind) {
          case "duration_below" -> new DurationBelow(integer(json, "seconds"));
          case "pressure_events_at_least" -> new PressureEventsAtLeast(integer(json, "events"));
          case "coverage_below" -> new CoverageBelow(integer(json, "percent"));
          case "plaque_at_least" -> new PlaqueAtLeast(number(json, "index"));
          case "sessions_per_day_below" ->
              new SessionsPerDayBelow(integer(json, "sessions"), integer(json, "days"));
          case "mean_duration_below" ->
              new MeanDurationBelow(integer(json, "seconds"), integer(json, "days"));
          case "plaque_rising" -> new PlaqueRising(integer(json, "sessions"));
          case "quadrant_underbrushed" ->
              new QuadrantUnderbrushed(
                  integer(json, "seconds"), integer(json, "times"), integer(json, "of"));
          case "no_session_for" -> new NoSessionFor(integer(json, "hours"));
          case "all" -> new All(list(json));
          case "any" -> new Any(list(json));
          default -> throw new IllegalArgumentException("unknown condition kind '" + kind + "'");
        };
    for (String field : json.fieldNames()) {
      if (!field.equals("kind") && !fieldsOf(kind).contains(field)) {
        throw new IllegalArgumentException(kind + " takes no field '" + field + "'");
      }
    }
    return condition;
  }

  /**
   * What a kind reads besides {@code kind}: another field is refused, as an unknown field is
   * everywhere in the API.
   */
  private static Set<String> fieldsOf(String kind) {
    return switch (kind) {
      case "duration_below" -> Set.of("seconds");
      case "pressure_events_at_least" -> Set.of("events");
      case "coverage_below" -> Set.of("percent");
      case "plaque_at_least" -> Set.of("index");
      case "sessions_per_day_below" -> Set.of("sessions", "days");
      case "mean_duration_below" -> Set.of("seconds", "days");
      case "plaque_rising" -> Set.of("sessions");
      case "quadrant_underbrushed" -> Set.of("seconds", "times", "of");
      case "no_session_for" -> Set.of("hours");
      case "all", "any" -> Set.of("of");
      default -> Set.of();
    };
  }

  private static List<Condition> list(JsonObject json) {
    Object of = json.getValue("of");
    if (!(of instanceof JsonArray array)) {
      throw new IllegalArgumentException(
          json.getString("kind") + " needs an array 'of' conditions");
    }
    List<Condition> conditions = new ArrayList<>();
    for (Object o : array) {
      if (!(o instanceof JsonObject c)) {
        throw new IllegalArgumentException("each condition must be a JSON object");
      }
      conditions.add(fromJson(c));
    }
    return conditions;
  }

  private static int integer(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new IllegalArgumentException(
          json.getString("kind") + " needs a whole number '" + field + "'");
    }
    return n.intValue();
  }

  private static double number(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (!(value instanceof Number n)) {
      throw new IllegalArgumentException(
          json.getString("kind") + " needs a number '" + field + "'");
    }
    return n.doubleValue();
  }

  private static JsonObject kind(String kind) {
    return new JsonObject().put("kind", kind);
  }

  private static void requireRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  private static Instant soonest(List<Condition> conditions, Evidence e) {
    return conditions.stream().map(c -> c.changesAt(e)).min(Instant::compareTo).orElse(Instant.MAX);
  }

  private static Breach combine(List<Breach> breaches, String separator) {
    if (breaches.size() == 1) {
      return breaches.get(0);
    }
    return new Breach(
        String.join("+", breaches.stream().map(Breach::key).toList()),
        breaches.stream().map(Breach::at).max(java.time.Instant::compareTo).orElseThrow(),
        breaches.stream().map(Breach::knownAt).max(java.time.Instant::compareTo).orElseThrow(),
        String.join(separator, breaches.stream().map(Breach::detail).toList()));
  }
}
