package io.careloop.crm.model.churn;

import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.Sentiment;
import io.careloop.crm.model.facts.VisitStatus;
import io.careloop.crm.model.tag.FactCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the churn model reads from a patient, as numbers: recency, frequency and spend of visits,
 * reliability, engagement with the app and messages, brushing, and sentiment. Unknown values are
 * imputed with a neutral number and flagged where the absence itself says something.
 */
public final class ChurnFeatures {

  /** The names, in the order of {@link #of}; shown beside the model's coefficients. */
  public static final List<String> NAMES =
      List.of(
          "log_days_since_visit",
          "no_visit_yet",
          "visits_2y",
          "log_spend_2y",
          "no_show_rate_1y",
          "upcoming",
          "app_share_1y",
          "read_rate_90d",
          "has_brush",
          "brushing_score_28d",
          "open_alerts",
          "complaints_1y",
          "mean_rating_1y",
          "referrals_1y",
          "tenure_years");

  private ChurnFeatures() {}

  public static double[] of(PatientFacts f, Instant now) {
    Optional<Double> daysSince = number("visits.days_since_last", f, now);
    double visits2y =
        f.appointments().stream()
            .filter(
                a ->
                    a.status() == VisitStatus.COMPLETED
                        && !a.at().isAfter(now)
                        && a.at().isAfter(now.minus(Duration.ofDays(730))))
            .count();
    double spend2y =
        f.appointments().stream()
            .filter(
                a ->
                    a.status() == VisitStatus.COMPLETED
                        && !a.at().isAfter(now)
                        && a.at().isAfter(now.minus(Duration.ofDays(730))))
            .mapToDouble(a -> a.price())
            .sum();
    long complaints =
        f.feedback().stream()
            .filter(
                fb ->
                    fb.sentiment() == Sentiment.COMPLAINT
                        && !fb.at().isAfter(now)
                        && fb.at().isAfter(now.minus(Duration.ofDays(365))))
            .count();
    return new double[] {
      Math.log1p(daysSince.orElse(0.0)),
      daysSince.isEmpty() ? 1 : 0,
      visits2y,
      Math.log1p(spend2y),
      number("visits.no_show_rate", f, now).orElse(0.0),
      number("appointments.upcoming", f, now).orElse(0.0),
      number("bookings.app_share", f, now).orElse(0.0),
      number("reminders.read_rate", f, now).orElse(0.5),
      f.brushing().isPresent() ? 1 : 0,
      number("brushing.score.mean", f, now).orElse(0.0),
      number("alerts.open", f, now).orElse(0.0),
      complaints,
      number("feedback.mean_rating", f, now).orElse(4.0),
      number("referrals.count", f, now).orElse(0.0),
      Duration.between(f.registeredAt(), now).toDays() / 365.25
    };
  }

  private static Optional<Double> number(String fact, PatientFacts f, Instant now) {
    return FactCatalogue.read(fact, f, now).map(v -> (Double) v);
  }
}
