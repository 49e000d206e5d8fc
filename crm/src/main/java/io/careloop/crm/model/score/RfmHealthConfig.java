package io.careloop.crm.model.score;

import io.careloop.crm.model.facts.AlertSeverity;
import io.careloop.crm.model.input.InvalidModelInputException;
import io.careloop.crm.model.input.JsonInput;
import java.time.Period;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The cut points and weights of RFM-Health. Each score is 1 to 5; four ascending cut points per
 * score say where it steps:
 *
 * <ul>
 *   <li><b>recency</b>: days since the last completed visit; 5 at or under the first cut, one less
 *       for each cut passed (default 90, 180, 365, 730 days); 1 without any visit.
 *   <li><b>frequency</b>: completed visits in {@code frequencyWindow} (default two years); 1, plus
 *       one for each cut reached (default 1, 2, 4, 6 visits).
 *   <li><b>monetary</b>: paid for completed visits in {@code monetaryWindow} (default two years);
 *       1, plus one per cut reached (default 200, 600, 1500, 4000).
 *   <li><b>health risk</b> (5 = highest): risk points summed from the last {@code healthWindow}
 *       (default 28 days): one per brushing-score cut the mean daily score is below (default 20,
 *       40, 60, 80), one per plaque cut the mean plaque index reaches (default 1.0, 1.5, 2.0, 2.5),
 *       the points of each open alert by severity (default low 1, medium 2, high 3) up to {@code
 *       maxAlertPoints} (default 4), and the care plan's points (default periodontal 2,
 *       post_surgery 1, orthodontic 1); then 1, plus one per risk cut reached (default 1, 3, 5, 8).
 *       A patient without a brush gets no brushing or plaque points: unknown is not risky.
 * </ul>
 *
 * {@code value} weighs R, F and M with their weights; {@code index} also weighs in the health risk,
 * read as clinical need: a patient at risk deserves the clinic's attention (default weights 0.25,
 * 0.25, 0.3 and 0.2).
 */
public record RfmHealthConfig(
    List<Double> recencyCutsDays,
    Period frequencyWindow,
    List<Double> frequencyCuts,
    Period monetaryWindow,
    List<Double> monetaryCuts,
    Period healthWindow,
    List<Double> brushingScoreCuts,
    List<Double> plaqueCuts,
    Map<AlertSeverity, Integer> alertPoints,
    int maxAlertPoints,
    Map<String, Integer> carePlanPoints,
    List<Double> riskCuts,
    Weights weights) {

  public static final int CUTS = 4;

  /** How much each score counts in the value and the index; none negative. */
  public record Weights(double recency, double frequency, double monetary, double health) {
    public Weights {
      if (recency < 0
          || frequency < 0
          || monetary < 0
          || health < 0
          || recency + frequency + monetary <= 0) {
        throw new IllegalArgumentException(
            "weights must not be negative, and R, F, M must not all be 0");
      }
    }
  }

  public RfmHealthConfig {
    recencyCutsDays = List.copyOf(recencyCutsDays);
    frequencyCuts = List.copyOf(frequencyCuts);
    monetaryCuts = List.copyOf(monetaryCuts);
    brushingScoreCuts = List.copyOf(brushingScoreCuts);
    plaqueCuts = List.copyOf(plaqueCuts);
    alertPoints = Map.copyOf(alertPoints);
    carePlanPoints = Map.copyOf(carePlanPoints);
    riskCuts = List.copyOf(riskCuts);
    for (List<Double> cuts :
        List.of(
            recencyCutsDays,
            frequencyCuts,
            monetaryCuts,
            brushingScoreCuts,
            plaqueCuts,
            riskCuts)) {
      if (cuts.size() != CUTS
          || IntStream.range(1, CUTS).anyMatch(i -> cuts.get(i) <= cuts.get(i - 1))) {
        throw new IllegalArgumentException(
            "each score needs " + CUTS + " ascending cut points, got " + cuts);
      }
    }
  }

  public static RfmHealthConfig defaults() {
    Map<AlertSeverity, Integer> alerts = new EnumMap<>(AlertSeverity.class);
    alerts.put(AlertSeverity.LOW, 1);
    alerts.put(AlertSeverity.MEDIUM, 2);
    alerts.put(AlertSeverity.HIGH, 3);
    return new RfmHealthConfig(
        List.of(90.0, 180.0, 365.0, 730.0),
        Period.ofYears(2),
        List.of(1.0, 2.0, 4.0, 6.0),
        Period.ofYears(2),
        List.of(200.0, 600.0, 1500.0, 4000.0),
        Period.ofDays(28),
        List.of(20.0, 40.0, 60.0, 80.0),
        List.of(1.0, 1.5, 2.0, 2.5),
        alerts,
        4,
        Map.of("periodontal", 2, "post_surgery", 1, "orthodontic", 1),
        List.of(1.0, 3.0, 5.0, 8.0),
        new Weights(0.25, 0.25, 0.3, 0.2));
  }

  /**
   * Reads a configuration; every member is optional and falls back to {@link #defaults()}:
   *
   * <pre>{@code {"recency": {"cutsDays": [90,180,365,730], "weight": 0.25},
   *  "frequency": {"window": "P2Y", "cuts": [1,2,4,6], "weight": 0.25},
   *  "monetary": {"window": "P2Y", "cuts": [200,600,1500,4000], "weight": 0.3},
   *  "health": {"window": "P28D", "brushingScoreCuts": [20,40,60,80], "plaqueCuts": [1,1.5,2,2.5],
   *             "alertPoints": {"low":1,"medium":2,"high":3}, "maxAlertPoints": 4,
   *             "carePlanPoints": {"periodontal":2}, "cuts": [1,3,5,8], "weight": 0.2}}}</pre>
   *
   * @throws InvalidModelInputException naming the JSON pointer of what is wrong
   */
  public static RfmHealthConfig parse(String json) {
    RfmHealthConfig d = defaults();
    JsonInput root =
        JsonInput.parse(json).onlyMembers(Set.of("recency", "frequency", "monetary", "health"));
    JsonInput r = section(root, "recency", Set.of("cutsDays", "weight"));
    JsonInput f = section(root, "frequency", Set.of("window", "cuts", "weight"));
    JsonInput m = section(root, "monetary", Set.of("window", "cuts", "weight"));
    JsonInput h =
        section(
            root,
            "health",
            Set.of(
                "window",
                "brushingScoreCuts",
                "plaqueCuts",
                "alertPoints",
                "maxAlertPoints",
                "carePlanPoints",
                "cuts",
                "weight"));
    Weights weights = weights(root, r, f, m, h, d.weights());
    return new RfmHealthConfig(
        cuts(r, "cutsDays", d.recencyCutsDays()),
        period(f, d.frequencyWindow()),
        cuts(f, "cuts", d.frequencyCuts()),
        period(m, d.monetaryWindow()),
        cuts(m, "cuts", d.monetaryCuts()),
        period(h, d.healthWindow()),
        cuts(h, "brushingScoreCuts", d.brushingScoreCuts()),
        cuts(h, "plaqueCuts", d.plaqueCuts()),
        alertPoints(h, d.alertPoints()),
        h.has("maxAlertPoints") ? h.member("maxAlertPoints").integer(0, 100) : d.maxAlertPoints(),
        carePlanPoints(h, d.carePlanPoints()),
        cuts(h, "cuts", d.riskCuts()),
        weights);
  }

  private static JsonInput section(JsonInput root, String name, Set<String> members) {
    JsonInput section = root.member(name);
    return root.has(name) ? section.onlyMembers(members) : section;
  }

  private static List<Double> cuts(JsonInput section, String name, List<Double> fallback) {
    if (!section.has(name)) {
      return fallback;
    }
    return java.util.Arrays.stream(section.member(name).increasing(CUTS)).boxed().toList();
  }

  private static Period period(JsonInput section, Period fallback) {
    return section.has("window") ? section.member("window").period() : fallback;
  }

  private static double weight(JsonInput section, double fallback) {
    return section.has("weight") ? section.member("weight").number(0, 100) : fallback;
  }

  private static Weights weights(
      JsonInput root, JsonInput r, JsonInput f, JsonInput m, JsonInput h, Weights d) {
    double wr = weight(r, d.recency());
    double wf = weight(f, d.frequency());
    double wm = weight(m, d.monetary());
    if (wr + wf + wm <= 0) {
      throw root.error("the recency, frequency and monetary weights must not all be 0");
    }
    return new Weights(wr, wf, wm, weight(h, d.health()));
  }

  private static Map<AlertSeverity, Integer> alertPoints(
      JsonInput h, Map<AlertSeverity, Integer> fallback) {
    if (!h.has("alertPoints")) {
      return fallback;
    }
    JsonInput points = h.member("alertPoints").onlyMembers(Set.copyOf(AlertSeverity.names()));
    Map<AlertSeverity, Integer> out = new EnumMap<>(fallback);
    for (AlertSeverity s : AlertSeverity.values()) {
      if (points.has(s.json())) {
        out.put(s, points.member(s.json()).integer(0, 100));
      }
    }
    return out;
  }

  private static Map<String, Integer> carePlanPoints(JsonInput h, Map<String, Integer> fallback) {
    if (!h.has("carePlanPoints")) {
      return fallback;
    }
    JsonInput plans = h.member("carePlanPoints").requireObject();
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String plan : plans.memberNames()) {
      out.put(plan, plans.member(plan).integer(0, 100));
    }
    return out;
  }
}
