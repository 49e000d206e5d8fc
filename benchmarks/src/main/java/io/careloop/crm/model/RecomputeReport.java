package io.careloop.crm.model;

import io.careloop.crm.model.churn.ChurnModel;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.RfmHealth;
import io.careloop.crm.model.synthetic.SyntheticChain;
import io.careloop.crm.model.tier.TierClustering;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Fits the models on a generated chain, judges every patient, and prints what came out and how fast
 * the pure judging ran (not a test: it asserts nothing; reading facts from Cassandra is the record
 * side's part of a recompute). Run: {@code ./careloop bench RecomputeReport [patients]}.
 */
public final class RecomputeReport {

  /** A program, not a test: the build does not run it. */
  public static void main(String[] args) {
    if (args.length > 0) {
      System.setProperty("patients", args[0]);
    }
    new RecomputeReport().report();
  }

  void report() {
    int n = Integer.getInteger("patients", 100_000);
    Instant now = Instant.parse("2026-06-01T00:00:00Z");
    long t0 = System.nanoTime();
    List<PatientFacts> chain = new SyntheticChain(2026).patients(n, now);
    long t1 = System.nanoTime();
    CrmJudge seeded = CrmJudge.seeded();
    List<double[]> points =
        chain.stream().map(p -> seeded.scorer().score(p, now)).map(RfmHealth::features).toList();
    TierClustering.Fit tiers = new TierClustering(42).fit(points, 5_000);
    long t2 = System.nanoTime();
    ChurnModel churn = ChurnModel.train(ChurnModel.examples(chain, now));
    long t3 = System.nanoTime();
    CrmJudge judge = seeded.withTierModel(tiers.model()).withChurnModel(churn);
    List<PatientJudgement> judged =
        chain.parallelStream().map(p -> judge.judge(p, now, Optional.empty())).toList();
    long t4 = System.nanoTime();

    System.out.printf(
        Locale.ROOT,
        "%nRecompute of %,d generated patients on %d cores%n",
        n,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        Locale.ROOT,
        "generate %.1f s, fit tiers %.1f s (silhouette %.3f), fit churn %.1f s, "
            + "judge all %.1f s = %,.0f patients/s%n",
        s(t1 - t0),
        s(t2 - t1),
        tiers.silhouette(),
        s(t3 - t2),
        s(t4 - t3),
        n / s(t4 - t3));
    print(
        "stages",
        judged.stream()
            .collect(
                Collectors.groupingBy(
                    j -> j.stage().stage().json(), TreeMap::new, Collectors.counting())),
        n);
    print(
        "tiers",
        judged.stream()
            .collect(
                Collectors.groupingBy(
                    j -> j.tier().orElseThrow().json(), TreeMap::new, Collectors.counting())),
        n);
    print(
        "tags",
        judged.stream()
            .flatMap(j -> j.tags().tags().stream())
            .collect(Collectors.groupingBy(t -> t, TreeMap::new, Collectors.counting())),
        n);
  }

  private static void print(String what, Map<String, Long> counts, int n) {
    System.out.println(what + ":");
    counts.forEach(
        (k, v) -> System.out.printf(Locale.ROOT, "  %-28s %8d %5.1f%%%n", k, v, 100.0 * v / n));
  }

  private static double s(long nanos) {
    return nanos / 1e9;
  }
}
