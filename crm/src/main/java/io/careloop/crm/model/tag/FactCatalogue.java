package io.careloop.crm.model.tag;

import static io.careloop.crm.model.tag.FactType.NUMBER;
import static io.careloop.crm.model.tag.FactType.TEXT;
import static io.careloop.crm.model.tag.FactType.TEXT_SET;
import static io.careloop.crm.model.tag.Family.CHANNEL;
import static io.careloop.crm.model.tag.Family.CONSUMPTION;
import static io.careloop.crm.model.tag.Family.DEMOGRAPHIC;
import static io.careloop.crm.model.tag.Family.HEALTH;
import static io.careloop.crm.model.tag.Family.SOCIAL;
import static io.careloop.crm.model.tag.Param.BOOKING_CHANNEL;
import static io.careloop.crm.model.tag.Param.SENTIMENT;
import static io.careloop.crm.model.tag.Param.SERVICE;
import static io.careloop.crm.model.tag.Param.SEVERITY;
import static io.careloop.crm.model.tag.Param.SHIFT;
import static io.careloop.crm.model.tag.Param.SOURCE;
import static io.careloop.crm.model.tag.Param.STATUS;
import static io.careloop.crm.model.tag.Param.WINDOW;

import io.careloop.crm.model.facts.PatientFacts;
import java.time.Instant;
import java.time.Period;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The facts tag rules and stage rules may name, by family. A rule naming anything else is refused
 * at parsing, so the catalogue is the whole vocabulary of the rule language (see {@link
 * Condition}).
 */
public final class FactCatalogue {

  private static final Map<String, FactDefinition> FACTS = new LinkedHashMap<>();

  static {
    // demographic
    add(
        "age",
        DEMOGRAPHIC,
        NUMBER,
        Set.of(),
        null,
        "age in whole years; unknown without a birth date",
        (f, now, q) -> f.ageAt(now).stream().mapToObj(a -> (Object) (double) a).findFirst());
    add(
        "region",
        DEMOGRAPHIC,
        TEXT,
        Set.of(),
        null,
        "the patient's region",
        (f, now, q) -> f.region().map(r -> r));
    add(
        "tenure.days",
        DEMOGRAPHIC,
        NUMBER,
        Set.of(),
        null,
        "days since the patient became known to the chain",
        (f, now, q) -> FactFunctions.number(FactFunctions.days(f.registeredAt(), now)));
    // health
    add(
        "brushing.score.mean",
        HEALTH,
        NUMBER,
        Set.of(WINDOW, SHIFT),
        "P28D",
        "mean daily brushing score 0-100 since the brush was paired (a day without brushing scores 0)",
        FactFunctions::meanBrushingScore);
    add(
        "brushing.score.trend",
        HEALTH,
        NUMBER,
        Set.of(WINDOW, SHIFT),
        "P28D",
        "slope of the daily brushing score, points per week (negative: worsening); needs 7 days",
        FactFunctions::brushingScoreTrend);
    add(
        "brushing.days",
        HEALTH,
        NUMBER,
        Set.of(WINDOW, SHIFT),
        "P28D",
        "days with at least one brushing session",
        FactFunctions::brushingDays);
    add(
        "brushing.days_since_last",
        HEALTH,
        NUMBER,
        Set.of(),
        null,
        "days since the last brushing (or pairing)",
        FactFunctions::daysSinceBrushing);
    add(
        "plaque.mean",
        HEALTH,
        NUMBER,
        Set.of(WINDOW, SHIFT),
        "P28D",
        "mean measured plaque index (0-3)",
        FactFunctions::meanPlaque);
    add(
        "plaque.trend",
        HEALTH,
        NUMBER,
        Set.of(WINDOW, SHIFT),
        "P28D",
        "slope of the measured plaque index per week (positive: worsening); needs 3 measured days",
        FactFunctions::plaqueTrend);
    add(
        "alerts.open",
        HEALTH,
        NUMBER,
        Set.of(SEVERITY),
        null,
        "open alerts of the severity or above (default low)",
        FactFunctions::openAlerts);
    add(
        "care_plan",
        HEALTH,
        TEXT,
        Set.of(),
        null,
        "the care plan's template (standard, periodontal, ...)",
        (f, now, q) -> f.carePlan().map(p -> p.template()));
    // consumption
    add(
        "visits.count",
        CONSUMPTION,
        NUMBER,
        Set.of(WINDOW, SHIFT, STATUS, SERVICE),
        "P1Y",
        "appointments of the status (default completed) and service",
        FactFunctions::visitCount);
    add(
        "visits.per_year",
        CONSUMPTION,
        NUMBER,
        Set.of(WINDOW, SHIFT, STATUS, SERVICE),
        "P2Y",
        "appointments of the status (default completed) per year over the window",
        FactFunctions::visitsPerYear);
    add(
        "visits.no_show_rate",
        CONSUMPTION,
        NUMBER,
        Set.of(WINDOW, SHIFT),
        "P1Y",
        "no-shows among completed and missed appointments; unknown without any",
        FactFunctions::noShowRate);
    add(
        "visits.days_since_last",
        CONSUMPTION,
        NUMBER,
        Set.of(STATUS, SERVICE),
        null,
        "days since the last appointment of the status (default completed) and service",
        FactFunctions::daysSinceLastVisit);
    add(
        "visits.interval.median",
        CONSUMPTION,
        NUMBER,
        Set.of(WINDOW, SHIFT, STATUS, SERVICE),
        "P3Y",
        "median days between consecutive visits; unknown with fewer than two",
        FactFunctions::medianInterval);
    add(
        "appointments.upcoming",
        CONSUMPTION,
        NUMBER,
        Set.of(SERVICE),
        null,
        "booked appointments still ahead",
        FactFunctions::upcoming);
    add(
        "spend.total",
        CONSUMPTION,
        NUMBER,
        Set.of(WINDOW, SHIFT, SERVICE),
        "P1Y",
        "paid for completed visits",
        FactFunctions::spend);
    add(
        "services.used",
        CONSUMPTION,
        TEXT_SET,
        Set.of(WINDOW, SHIFT, STATUS),
        "P2Y",
        "services of the visits",
        FactFunctions::servicesUsed);
    add(
        "services.preferred",
        CONSUMPTION,
        TEXT,
        Set.of(WINDOW, SHIFT, STATUS),
        "P2Y",
        "the most used service",
        FactFunctions::preferredService);
    add(
        "rfm.recency",
        CONSUMPTION,
        NUMBER,
        Set.of(),
        null,
        "RFM-Health recency score 1-5",
        (f, now, q) -> f.judgements().rfmHealth().map(r -> (double) r.recency()));
    add(
        "rfm.frequency",
        CONSUMPTION,
        NUMBER,
        Set.of(),
        null,
        "RFM-Health frequency score 1-5",
        (f, now, q) -> f.judgements().rfmHealth().map(r -> (double) r.frequency()));
    add(
        "rfm.monetary",
        CONSUMPTION,
        NUMBER,
        Set.of(),
        null,
        "RFM-Health monetary score 1-5",
        (f, now, q) -> f.judgements().rfmHealth().map(r -> (double) r.monetary()));
    add(
        "rfm.health_risk",
        HEALTH,
        NUMBER,
        Set.of(),
        null,
        "RFM-Health oral-health risk score 1-5 (5: highest)",
        (f, now, q) -> f.judgements().rfmHealth().map(r -> (double) r.healthRisk()));
    add(
        "rfm.value",
        CONSUMPTION,
        NUMBER,
        Set.of(),
        null,
        "weighted mean of the R, F and M scores (1-5)",
        (f, now, q) -> f.judgements().rfmHealth().map(r -> r.value()));
    add(
        "churn.risk",
        CONSUMPTION,
        NUMBER,
        Set.of(),
        null,
        "chance of lapsing within a year (0-1)",
        (f, now, q) -> f.judgements().churnRisk().stream().mapToObj(r -> (Object) r).findFirst());
    add(
        "tier",
        CONSUMPTION,
        TEXT,
        Set.of(),
        null,
        "value tier (strategic, growth, maintain, potential)",
        (f, now, q) -> f.judgements().tier().map(t -> t.json()));
    add(
        "stage",
        CONSUMPTION,
        TEXT,
        Set.of(),
        null,
        "lifecycle stage as last judged",
        (f, now, q) -> f.judgements().stage().map(s -> s.json()));
    // channel
    add(
        "bookings.count",
        CHANNEL,
        NUMBER,
        Set.of(WINDOW, SHIFT, BOOKING_CHANNEL),
        "P1Y",
        "appointments booked in the window, through the channel if given",
        FactFunctions::bookingCount);
    add(
        "bookings.app_share",
        CHANNEL,
        NUMBER,
        Set.of(WINDOW, SHIFT),
        "P1Y",
        "share of bookings made in the app or mini-program; unknown without bookings",
        FactFunctions::appShare);
    add(
        "reminders.sent",
        CHANNEL,
        NUMBER,
        Set.of(WINDOW, SHIFT),
        "P90D",
        "messages sent",
        FactFunctions::remindersSent);
    add(
        "reminders.read",
        CHANNEL,
        NUMBER,
        Set.of(WINDOW, SHIFT),
        "P90D",
        "messages sent in the window and read",
        FactFunctions::remindersRead);
    add(
        "reminders.read_rate",
        CHANNEL,
        NUMBER,
        Set.of(WINDOW, SHIFT),
        "P90D",
        "share of the messages read; unknown when none were sent",
        FactFunctions::readRate);
    add(
        "app.days_since_last_open",
        CHANNEL,
        NUMBER,
        Set.of(),
        null,
        "days since the app was last opened",
        FactFunctions::daysSinceAppOpen);
    add(
        "activity.days_since_last",
        CHANNEL,
        NUMBER,
        Set.of(),
        null,
        "days since any activity: visit, booking, brushing, app, read message, feedback",
        FactFunctions::daysSinceAnyActivity);
    // social
    add(
        "referrals.count",
        SOCIAL,
        NUMBER,
        Set.of(WINDOW, SHIFT),
        "P1Y",
        "people referred",
        FactFunctions::referralCount);
    add(
        "feedback.count",
        SOCIAL,
        NUMBER,
        Set.of(WINDOW, SHIFT, SENTIMENT, SOURCE),
        "P1Y",
        "feedback and notes of the sentiment and source",
        FactFunctions::feedbackCount);
    add(
        "feedback.last_sentiment",
        SOCIAL,
        TEXT,
        Set.of(SOURCE),
        null,
        "sentiment of the latest feedback or note (satisfied, doubt, complaint)",
        FactFunctions::lastSentiment);
    add(
        "feedback.mean_rating",
        SOCIAL,
        NUMBER,
        Set.of(WINDOW, SHIFT),
        "P1Y",
        "mean rating 1-5 of feedback",
        FactFunctions::meanRating);
  }

  private FactCatalogue() {}

  private static void add(
      String name,
      Family family,
      FactType type,
      Set<Param> params,
      String window,
      String description,
      FactDefinition.Function function) {
    FACTS.put(
        name,
        new FactDefinition(
            name,
            family,
            type,
            params,
            Optional.ofNullable(window).map(Period::parse),
            description,
            function));
  }

  /**
   * Whether an observation of this fact (its label, parameters in brackets or not) is clinical
   * detail: a fact of the health family, or one the catalogue no longer knows (safe by default).
   */
  public static boolean clinical(String label) {
    int bracket = label.indexOf('[');
    String name = bracket < 0 ? label : label.substring(0, bracket);
    return find(name).map(d -> d.family() == HEALTH).orElse(true);
  }

  public static Optional<FactDefinition> find(String name) {
    return Optional.ofNullable(FACTS.get(name));
  }

  public static Collection<FactDefinition> all() {
    return FACTS.values();
  }

  /**
   * Reads a fact with its default parameters: for reports and for judges that share the vocabulary.
   */
  public static Optional<Object> read(String name, PatientFacts facts, Instant now) {
    return FactQuery.of(
            find(name).orElseThrow(() -> new IllegalArgumentException("unknown fact " + name)))
        .value(facts, now);
  }
}
