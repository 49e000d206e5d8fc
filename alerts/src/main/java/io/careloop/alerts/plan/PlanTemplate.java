package io.careloop.alerts.plan;

import io.careloop.alerts.rule.Condition;
import io.careloop.alerts.rule.Rule;
import io.careloop.alerts.rule.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The care plans a nurse chooses from. Each is a set of rules whose thresholds have defaults from
 * the clinical references of the device contract (twice a day, two minutes each, Silness–Löe plaque
 * banding: 1.0–1.9 fair, 2.0–3.0 poor; too much pressure harms healing gums); a nurse may override
 * any threshold for one patient.
 */
public enum PlanTemplate {

  /** Keeping the habit: the reference routine, with room for a bad day. */
  STANDARD(
      defaults(
          "minSessionsPerDay",
          2,
          "missedDays",
          3,
          "meanDurationSec",
          100,
          "meanDays",
          7,
          "absenceHours",
          48),
      t ->
          List.of(
              new Rule(
                  "missed-brushing",
                  "Brushing less than twice a day",
                  Severity.MEDIUM,
                  new Condition.SessionsPerDayBelow(t.i("minSessionsPerDay"), t.i("missedDays"))),
              new Rule(
                  "short-brushing",
                  "Brushing too short",
                  Severity.LOW,
                  new Condition.MeanDurationBelow(t.i("meanDurationSec"), t.i("meanDays"))),
              new Rule(
                  "no-brushing",
                  "No brushing",
                  Severity.HIGH,
                  new Condition.NoSessionFor(t.i("absenceHours"))))),

  /** After surgery: gentle but thorough, every day; a slip matters within a day. */
  POST_SURGERY(
      defaults(
          "maxPressureEvents",
          3,
          "minDurationSec",
          90,
          "minCoveragePct",
          60,
          "minSessionsPerDay",
          2,
          "missedDays",
          2,
          "absenceHours",
          24),
      t ->
          List.of(
              new Rule(
                  "too-much-pressure",
                  "Pressing too hard on healing gums",
                  Severity.HIGH,
                  new Condition.PressureEventsAtLeast(t.i("maxPressureEvents"))),
              new Rule(
                  "rushed-session",
                  "Rushed brushing",
                  Severity.MEDIUM,
                  new Condition.Any(
                      List.of(
                          new Condition.DurationBelow(t.i("minDurationSec")),
                          new Condition.CoverageBelow(t.i("minCoveragePct"))))),
              new Rule(
                  "missed-brushing",
                  "Brushing less than twice a day",
                  Severity.HIGH,
                  new Condition.SessionsPerDayBelow(t.i("minSessionsPerDay"), t.i("missedDays"))),
              new Rule(
                  "no-brushing",
                  "No brushing",
                  Severity.HIGH,
                  new Condition.NoSessionFor(t.i("absenceHours"))))),

  /**
   * Periodontal treatment: plaque is what is treated; its level and its trend, and the neglected
   * quadrant.
   */
  PERIODONTAL(
      defaults(
          "maxPlaqueIndex",
          2.0,
          "risingSessions",
          4,
          "quadrantMinSec",
          20,
          "quadrantTimes",
          4,
          "quadrantOf",
          6,
          "absenceHours",
          36),
      t ->
          List.of(
              new Rule(
                  "plaque-high",
                  "Plaque index poor",
                  Severity.HIGH,
                  new Condition.PlaqueAtLeast(t.d("maxPlaqueIndex"))),
              new Rule(
                  "plaque-rising",
                  "Plaque index rising",
                  Severity.MEDIUM,
                  new Condition.PlaqueRising(t.i("risingSessions"))),
              new Rule(
                  "quadrant-missed",
                  "A quadrant neglected",
                  Severity.MEDIUM,
                  new Condition.QuadrantUnderbrushed(
                      t.i("quadrantMinSec"), t.i("quadrantTimes"), t.i("quadrantOf"))),
              new Rule(
                  "no-brushing",
                  "No brushing",
                  Severity.HIGH,
                  new Condition.NoSessionFor(t.i("absenceHours"))))),

  /** Orthodontics: brackets trap plaque; a short session with poor coverage misses what matters. */
  ORTHODONTIC(
      defaults(
          "minDurationSec",
          120,
          "minCoveragePct",
          70,
          "maxPlaqueIndex",
          1.5,
          "quadrantMinSec",
          20,
          "quadrantTimes",
          3,
          "quadrantOf",
          5,
          "absenceHours",
          48),
      t ->
          List.of(
              new Rule(
                  "poor-session",
                  "Short session with poor coverage",
                  Severity.MEDIUM,
                  new Condition.All(
                      List.of(
                          new Condition.DurationBelow(t.i("minDurationSec")),
                          new Condition.CoverageBelow(t.i("minCoveragePct"))))),
              new Rule(
                  "plaque-high",
                  "Plaque index high around brackets",
                  Severity.HIGH,
                  new Condition.PlaqueAtLeast(t.d("maxPlaqueIndex"))),
              new Rule(
                  "quadrant-missed",
                  "A quadrant neglected",
                  Severity.MEDIUM,
                  new Condition.QuadrantUnderbrushed(
                      t.i("quadrantMinSec"), t.i("quadrantTimes"), t.i("quadrantOf"))),
              new Rule(
                  "no-brushing",
                  "No brushing",
                  Severity.MEDIUM,
                  new Condition.NoSessionFor(t.i("absenceHours")))));

  /** Threshold values by name. */
  public record Thresholds(Map<String, Number> values) {
    int i(String name) {
      Number n = values.get(name);
      if (n.doubleValue() != Math.rint(n.doubleValue())) {
        throw new IllegalArgumentException(
            "threshold " + name + " must be a whole number, got " + n);
      }
      return n.intValue();
    }

    double d(String name) {
      return values.get(name).doubleValue();
    }
  }

  private final Map<String, Number> defaults;
  private final Function<Thresholds, List<Rule>> rules;

  PlanTemplate(Map<String, Number> defaults, Function<Thresholds, List<Rule>> rules) {
    this.defaults = defaults;
    this.rules = rules;
  }

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PlanTemplate fromJson(String plan) {
    for (PlanTemplate t : values()) {
      if (t.json().equals(plan)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "plan must be one of standard, post_surgery, periodontal, orthodontic, got '" + plan + "'");
  }

  public Map<String, Number> defaults() {
    return defaults;
  }

  /**
   * The defaults with the nurse's overrides; an unknown name is refused (a typo must not pass
   * silently).
   */
  public Map<String, Number> thresholds(Map<String, Number> overrides) {
    Map<String, Number> merged = new LinkedHashMap<>(defaults);
    overrides.forEach(
        (name, value) -> {
          if (!defaults.containsKey(name)) {
            throw new IllegalArgumentException(
                "the "
                    + json()
                    + " plan has no threshold '"
                    + name
                    + "'; it has "
                    + String.join(", ", defaults.keySet()));
          }
          merged.put(name, value);
        });
    return merged;
  }

  /**
   * Each override the plan refuses, with the reason. Tried one at a time on the defaults, so that
   * each reason belongs to its own field (a clash between two is left to {@link #rules}).
   */
  public Map<String, String> refusedThresholds(Map<String, Number> overrides) {
    Map<String, String> refused = new LinkedHashMap<>();
    overrides.forEach(
        (name, value) -> {
          try {
            rules(thresholds(Map.of(name, value)));
          } catch (IllegalArgumentException e) {
            refused.put(name, e.getMessage());
          }
        });
    return refused;
  }

  /** The plan's rules with these thresholds; fails with the reason when a value is out of range. */
  public List<Rule> rules(Map<String, Number> thresholds) {
    return rules.apply(new Thresholds(thresholds));
  }

  private static Map<String, Number> defaults(Object... pairs) {
    Map<String, Number> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (Number) pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
