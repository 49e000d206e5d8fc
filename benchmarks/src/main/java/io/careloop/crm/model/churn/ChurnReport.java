package io.careloop.crm.model.churn;

import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.synthetic.SyntheticChain;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Trains the churn model on generated history and prints how it does on held-out patients (not a
 * test: it asserts nothing). Run: {@code ./careloop bench ChurnReport [patients]}.
 */
public final class ChurnReport {

  /** A program, not a test: the build does not run it. */
  public static void main(String[] args) {
    if (args.length > 0) {
      System.setProperty("patients", args[0]);
    }
    new ChurnReport().report();
  }

  void report() {
    int n = Integer.getInteger("patients", 10_000);
    Instant now = Instant.parse("2026-06-01T00:00:00Z");
    List<PatientFacts> chain = new SyntheticChain(2026).patients(n, now);
    List<ChurnModel.Example> examples = ChurnModel.examples(chain, now);
    int cut = examples.size() * 7 / 10; // patients are independent: the last 30 % are held out
    List<ChurnModel.Example> train = examples.subList(0, cut);
    List<ChurnModel.Example> held = examples.subList(cut, examples.size());

    ChurnModel model = ChurnModel.train(train);
    ChurnEvaluation e =
        ChurnEvaluation.of(
            held.stream().map(x -> model.risk(x.features())).toList(),
            held.stream().map(ChurnModel.Example::lapsed).toList(),
            10);

    System.out.printf(
        Locale.ROOT,
        "%nChurn risk on %,d generated patients: %,d with history a year ago, trained on %,d,"
            + " held out %,d (%,d lapsed, %.1f%%)%n",
        n,
        examples.size(),
        train.size(),
        held.size(),
        e.lapsed(),
        100.0 * e.lapsed() / e.patients());
    System.out.printf(
        Locale.ROOT,
        "AUC %.3f   Brier %.3f (a constant guess of the base rate: %.3f)%n",
        e.auc(),
        e.brier(),
        base(e));
    System.out.printf(
        Locale.ROOT, "%-11s %8s %10s %9s%n", "predicted", "patients", "mean pred.", "observed");
    e.calibration()
        .forEach(
            b ->
                System.out.printf(
                    Locale.ROOT,
                    "%.1f - %.1f   %8d %10s %9s%n",
                    b.from(),
                    b.to(),
                    b.patients(),
                    pct(b.meanPredicted()),
                    pct(b.observed())));
    System.out.println("coefficients (standardised features):");
    model.explain().forEach(line -> System.out.println("  " + line));
  }

  private static double base(ChurnEvaluation e) {
    double p = (double) e.lapsed() / e.patients();
    return p * (1 - p);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }
}
