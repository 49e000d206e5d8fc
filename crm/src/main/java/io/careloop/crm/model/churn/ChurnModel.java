package io.careloop.crm.model.churn;

import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.VisitStatus;
import io.careloop.crm.model.input.JsonInput;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The chance that a patient lapses within a year: no completed visit in the next twelve months.
 * Trained on the chain's own history: the record as it stood a year ago ({@link PatientFacts#asOf})
 * against whether each patient then came back, for every patient who had had a visit by then; a
 * {@link LogisticRegression} over {@link ChurnFeatures}. Kept as JSON between refits.
 */
public final class ChurnModel {

  public static final Period HORIZON = Period.ofYears(1);

  /** Mild: the features are few and standardised, the histories many. */
  public static final double RIDGE = 1.0;

  private final LogisticRegression regression;

  public ChurnModel(LogisticRegression regression) {
    this.regression = regression;
  }

  /**
   * One patient of the history: the features a year before {@code now} and whether they lapsed
   * since.
   */
  public record Example(String patientId, double[] features, boolean lapsed) {}

  /** The examples history gives at {@code now}: patients with a completed visit by a year ago. */
  public static List<Example> examples(List<PatientFacts> patients, Instant now) {
    Instant then = now.atZone(ZoneOffset.UTC).minus(HORIZON).toInstant();
    List<Example> out = new ArrayList<>();
    for (PatientFacts p : patients) {
      if (p.appointments().stream()
          .anyMatch(a -> a.status() == VisitStatus.COMPLETED && !a.at().isAfter(then))) {
        boolean returned =
            p.appointments().stream()
                .anyMatch(
                    a ->
                        a.status() == VisitStatus.COMPLETED
                            && a.at().isAfter(then)
                            && !a.at().isAfter(now));
        out.add(new Example(p.patientId(), ChurnFeatures.of(p.asOf(then), then), !returned));
      }
    }
    return out;
  }

  public static ChurnModel train(List<Example> examples) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException(
          "no history to learn from: no patient had a visit a year ago");
    }
    return new ChurnModel(
        LogisticRegression.fit(
            examples.stream().map(Example::features).toList(),
            examples.stream().map(Example::lapsed).toList(),
            RIDGE));
  }

  /** The chance (0-1) that the patient has no completed visit in the year after {@code now}. */
  public double risk(PatientFacts facts, Instant now) {
    return regression.probability(ChurnFeatures.of(facts, now));
  }

  public double risk(double[] features) {
    return regression.probability(features);
  }

  /**
   * Each feature with its coefficient on the standardised scale, largest effect first: why the
   * model says what it says.
   */
  public List<String> explain() {
    double[] w = regression.weights();
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "intercept %+.3f", w[0]));
    java.util.stream.IntStream.range(0, ChurnFeatures.NAMES.size())
        .boxed()
        .sorted((a, b) -> Double.compare(Math.abs(w[b + 1]), Math.abs(w[a + 1])))
        .forEach(
            j ->
                lines.add(
                    String.format(
                        Locale.ROOT, "%-22s %+.3f", ChurnFeatures.NAMES.get(j), w[j + 1])));
    return lines;
  }

  /**
   * {@code {"features": [...], "means": [...], "scales": [...], "weights": [...]}}: how a fitted
   * model is stored.
   */
  public String toJson() {
    return "{\"features\":"
        + ChurnFeatures.NAMES.stream().map(n -> "\"" + n + "\"").toList()
        + ",\"means\":"
        + java.util.Arrays.toString(regression.means())
        + ",\"scales\":"
        + java.util.Arrays.toString(regression.scales())
        + ",\"weights\":"
        + java.util.Arrays.toString(regression.weights())
        + "}";
  }

  /** Reads a stored model; one made for other features fails, naming the place. */
  public static ChurnModel parse(String json) {
    JsonInput root =
        JsonInput.parse(json).onlyMembers(Set.of("features", "means", "scales", "weights"));
    List<String> features =
        root.required("features").elements().stream().map(JsonInput::text).toList();
    if (!features.equals(ChurnFeatures.NAMES)) {
      throw root.member("features").error("the model was trained on other features: retrain it");
    }
    int d = features.size();
    return new ChurnModel(
        new LogisticRegression(
            numbers(root.required("means"), d),
            numbers(root.required("scales"), d),
            numbers(root.required("weights"), d + 1)));
  }

  private static double[] numbers(JsonInput json, int size) {
    List<JsonInput> items = json.elements();
    if (items.size() != size) {
      throw json.error("must hold " + size + " numbers, got " + items.size());
    }
    return items.stream().mapToDouble(JsonInput::number).toArray();
  }
}
