package io.careloop.crm.model.score;

import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.PatientFacts.Appointment;
import io.careloop.crm.model.facts.RfmHealth;
import io.careloop.crm.model.facts.VisitStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Scores RFM-Health from a patient's facts by the cut points and weights of its {@link
 * RfmHealthConfig}.
 */
public final class RfmHealthScorer {

  private final RfmHealthConfig config;

  public RfmHealthScorer(RfmHealthConfig config) {
    this.config = config;
  }

  public RfmHealthConfig config() {
    return config;
  }

  /**
   * What the scores are computed from, shown beside them in the record and used by the churn model.
   */
  public record Inputs(
      OptionalDouble daysSinceVisit,
      int visits,
      double spend,
      OptionalDouble meanBrushingScore,
      OptionalDouble meanPlaque,
      int riskPoints) {}

  public RfmHealth score(PatientFacts facts, Instant now) {
    return score(inputs(facts, now));
  }

  public RfmHealth score(Inputs in) {
    int r =
        in.daysSinceVisit().isEmpty()
            ? 1
            : 5 - passed(config.recencyCutsDays(), in.daysSinceVisit().getAsDouble());
    int f = 1 + reached(config.frequencyCuts(), in.visits());
    int m = 1 + reached(config.monetaryCuts(), in.spend());
    int h = 1 + reached(config.riskCuts(), in.riskPoints());
    RfmHealthConfig.Weights w = config.weights();
    double value =
        (w.recency() * r + w.frequency() * f + w.monetary() * m)
            / (w.recency() + w.frequency() + w.monetary());
    double index =
        (w.recency() * r + w.frequency() * f + w.monetary() * m + w.health() * h)
            / (w.recency() + w.frequency() + w.monetary() + w.health());
    return new RfmHealth(r, f, m, h, value, index);
  }

  public Inputs inputs(PatientFacts facts, Instant now) {
    List<Appointment> done =
        facts.appointments().stream()
            .filter(a -> a.status() == VisitStatus.COMPLETED && !a.at().isAfter(now))
            .toList();
    OptionalDouble days =
        done.stream().mapToDouble(a -> Duration.between(a.at(), now).toHours() / 24.0).min();
    Instant frequencyFrom = now.atZone(ZoneOffset.UTC).minus(config.frequencyWindow()).toInstant();
    Instant monetaryFrom = now.atZone(ZoneOffset.UTC).minus(config.monetaryWindow()).toInstant();
    int visits = (int) done.stream().filter(a -> !a.at().isBefore(frequencyFrom)).count();
    double spend =
        done.stream()
            .filter(a -> !a.at().isBefore(monetaryFrom))
            .mapToDouble(Appointment::price)
            .sum();
    OptionalDouble brushing = meanBrushingScore(facts, now);
    OptionalDouble plaque = meanPlaque(facts, now);
    return new Inputs(days, visits, spend, brushing, plaque, riskPoints(facts, brushing, plaque));
  }

  private int riskPoints(PatientFacts facts, OptionalDouble brushing, OptionalDouble plaque) {
    int points = 0;
    if (brushing.isPresent()) {
      points +=
          (int)
              config.brushingScoreCuts().stream()
                  .filter(cut -> brushing.getAsDouble() < cut)
                  .count();
    }
    if (plaque.isPresent()) {
      points += reached(config.plaqueCuts(), plaque.getAsDouble());
    }
    int alertPoints =
        facts.openAlerts().stream()
            .mapToInt(a -> config.alertPoints().getOrDefault(a.severity(), 0))
            .sum();
    points += Math.min(alertPoints, config.maxAlertPoints());
    points +=
        facts.carePlan().map(p -> config.carePlanPoints().getOrDefault(p.template(), 0)).orElse(0);
    return points;
  }

  /** The mean daily score over the health window since pairing; a day without brushing scores 0. */
  private OptionalDouble meanBrushingScore(PatientFacts facts, Instant now) {
    if (facts.brushing().isEmpty()) {
      return OptionalDouble.empty();
    }
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate first = today.minus(config.healthWindow());
    if (first.isBefore(facts.brushing().get().pairedOn())) {
      first = facts.brushing().get().pairedOn();
    }
    long days = java.time.temporal.ChronoUnit.DAYS.between(first, today);
    if (days <= 0) {
      return OptionalDouble.empty();
    }
    Map<LocalDate, Integer> scores = new HashMap<>();
    facts.brushing().get().days().forEach(d -> scores.put(d.date(), d.score()));
    double sum = 0;
    for (LocalDate d = first; d.isBefore(today); d = d.plusDays(1)) {
      sum += scores.getOrDefault(d, 0);
    }
    return OptionalDouble.of(sum / days);
  }

  private OptionalDouble meanPlaque(PatientFacts facts, Instant now) {
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate first = today.minus(config.healthWindow());
    return facts.brushing().stream()
        .flatMap(b -> b.days().stream())
        .filter(
            d ->
                d.plaqueIndex().isPresent()
                    && !d.date().isBefore(first)
                    && d.date().isBefore(today))
        .mapToDouble(d -> d.plaqueIndex().getAsDouble())
        .average();
  }

  private static int reached(List<Double> cuts, double value) {
    return (int) cuts.stream().filter(cut -> value >= cut).count();
  }

  private static int passed(List<Double> cuts, double value) {
    return (int) cuts.stream().filter(cut -> value > cut).count();
  }
}
