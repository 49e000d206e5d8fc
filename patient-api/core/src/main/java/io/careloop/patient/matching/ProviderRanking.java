package io.careloop.patient.matching;

import io.careloop.patient.booking.Appointment;
import io.careloop.patient.clinic.Provider;
import io.careloop.platform.bus.ProviderRatings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Ranks a clinic's providers for one patient and service, with the reasons. Providers whose
 * declared expertise is below the service's complexity come after all who meet it (an implant case
 * goes to an experienced implantologist, whoever else the patient saw); within each group the score
 * decides: continuity 35 % (the patient saw them before), expertise 30 % (level over 3),
 * availability 20 % (how soon they are free within {@link #HORIZON}), feedback 15 % (mean rating,
 * from {@link #MIN_RATINGS} ratings on).
 */
public final class ProviderRanking {

  static final double CONTINUITY = 0.35;
  static final double EXPERTISE = 0.30;
  static final double AVAILABILITY = 0.20;
  static final double FEEDBACK = 0.15;
  public static final Duration HORIZON = Duration.ofDays(14);
  static final int MIN_RATINGS = 3;
  private static final String[] LEVELS = {"", "offers this service", "experienced", "specialist"};

  /** What is known of one provider for this patient and service. */
  public record Candidate(
      Provider provider,
      List<Appointment> visitsWithPatient,
      int level,
      Optional<Instant> soonest,
      Optional<ProviderRatings.Rating> rating) {}

  /** One reason behind a rank: {@code continuity}, {@code expertise}, {@code availability}... */
  public record Reason(String kind, String detail) {
    JsonObject toJson() {
      return new JsonObject().put("kind", kind).put("detail", detail);
    }
  }

  public record Ranked(
      Provider provider,
      double score,
      boolean meetsComplexity,
      Optional<Instant> soonest,
      List<Reason> reasons) {

    public JsonObject toJson(ZoneId zone) {
      JsonObject json =
          new JsonObject()
              .put("provider", provider.toJson())
              .put("score", Math.round(score * 1000) / 1000.0)
              .put("meetsComplexity", meetsComplexity)
              .put("reasons", new JsonArray(reasons.stream().map(Reason::toJson).toList()));
      soonest.ifPresent(s -> json.put("soonest", Appointment.rfc3339(s, zone)));
      return json;
    }
  }

  private ProviderRanking() {}

  public static List<Ranked> rank(List<Candidate> candidates, int complexity, Instant now) {
    List<Ranked> ranked = new ArrayList<>();
    for (Candidate c : candidates) {
      ranked.add(judge(c, complexity, now));
    }
    ranked.sort(
        Comparator.comparing(Ranked::meetsComplexity)
            .thenComparingDouble(Ranked::score)
            .reversed()
            .thenComparing(r -> r.provider().name()));
    return ranked;
  }

  private static Ranked judge(Candidate c, int complexity, Instant now) {
    List<Reason> reasons = new ArrayList<>();
    double score = 0;
    if (!c.visitsWithPatient().isEmpty()) {
      Appointment last =
          c.visitsWithPatient().stream().max(Comparator.comparing(Appointment::start)).get();
      score += CONTINUITY;
      reasons.add(
          new Reason(
              "continuity",
              "Saw you "
                  + times(c.visitsWithPatient().size())
                  + ", last on "
                  + last.start().atZone(last.zone()).toLocalDate()));
    }
    boolean meets = c.level() >= complexity;
    score += meets ? EXPERTISE * c.level() / 3.0 : 0;
    reasons.add(
        new Reason(
            "expertise",
            meets
                ? capitalised(LEVELS[c.level()])
                : "Less experienced than this treatment asks (" + LEVELS[c.level()] + ")"));
    score += availability(c.soonest(), now, reasons);
    score += feedback(c.rating(), reasons);
    return new Ranked(c.provider(), score, meets, c.soonest(), reasons);
  }

  private static double availability(Optional<Instant> soonest, Instant now, List<Reason> reasons) {
    if (soonest.isEmpty()) {
      reasons.add(new Reason("availability", "No free time in the next 14 days"));
      return 0;
    }
    double days = Duration.between(now, soonest.get()).toMinutes() / (24.0 * 60);
    reasons.add(
        new Reason(
            "availability", "Free in " + (days < 1 ? "less than a day" : (int) days + " days")));
    return AVAILABILITY * Math.max(0, 1 - days / HORIZON.toDays());
  }

  private static double feedback(Optional<ProviderRatings.Rating> rating, List<Reason> reasons) {
    if (rating.isEmpty() || rating.get().count() < MIN_RATINGS) {
      return 0;
    }
    ProviderRatings.Rating r = rating.get();
    reasons.add(
        new Reason(
            "feedback",
            String.format(Locale.ROOT, "Rated %.1f of 5 by %d patients", r.mean(), r.count())));
    return FEEDBACK * (r.mean() - 1) / 4;
  }

  private static String times(int n) {
    return n == 1 ? "once" : n + " times";
  }

  private static String capitalised(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
