package io.careloop.crm.model.synthetic;

import io.careloop.crm.model.facts.Activity;
import io.careloop.crm.model.facts.AlertSeverity;
import io.careloop.crm.model.facts.Channel;
import io.careloop.crm.model.facts.FeedbackSource;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.PatientFacts.Appointment;
import io.careloop.crm.model.facts.PatientFacts.BrushingDay;
import io.careloop.crm.model.facts.Sentiment;
import io.careloop.crm.model.facts.VisitStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Generates a realistic dental chain's patients for tests, reports and benchmarks: five kinds of
 * patient (routine, occasional, treatment, cosmetic, unreliable) over up to six years of history,
 * each with a hidden engagement that drives visits, app use, brushing and feedback, and a lapse
 * time after which they stop coming. Whether a patient lapses depends on engagement and on
 * dissatisfaction that shows in feedback and no-shows, so a churn model has real but noisy signal.
 * The same seed gives the same chain.
 */
public final class SyntheticChain {

  private static final String[] REGIONS = {
    "Pudong", "Xuhui", "Jing'an", "Minhang", "Baoshan", "Songjiang"
  };
  private static final double DAY_HOURS = 24;
  private static final int BRUSH_DAYS = 56;

  private final long seed;

  public SyntheticChain(long seed) {
    this.seed = seed;
  }

  /** What kind of patient, which sets visit rate, services and prices. */
  enum Kind {
    ROUTINE(2.4, new String[] {"cleaning", "checkup"}, 90),
    OCCASIONAL(0.9, new String[] {"checkup", "cleaning", "filling"}, 120),
    TREATMENT(
        3.5, new String[] {"implant", "root_canal", "crown", "orthodontics", "cleaning"}, 900),
    COSMETIC(1.6, new String[] {"whitening", "veneers", "cleaning"}, 500),
    UNRELIABLE(1.5, new String[] {"checkup", "filling", "cleaning"}, 110);

    final double visitsPerYear;
    final String[] services;
    final double meanPrice;

    Kind(double visitsPerYear, String[] services, double meanPrice) {
      this.visitsPerYear = visitsPerYear;
      this.services = services;
      this.meanPrice = meanPrice;
    }
  }

  /** The hidden traits of one generated patient. */
  private record Traits(
      Kind kind,
      double engagement,
      double dissatisfaction,
      double digital,
      double hygiene,
      Instant registeredAt,
      Instant lapseAt) {}

  /** {@code n} patients as the record would know them at {@code now}, ids {@code syn-0} ... */
  public List<PatientFacts> patients(int n, Instant now) {
    List<PatientFacts> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(patient(i, now));
    }
    return out;
  }

  /** Patient {@code i}; independent of how many others are generated. */
  public PatientFacts patient(int i, Instant now) {
    SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + i);
    Traits t = traits(rnd, now);
    PatientFacts.Builder b =
        PatientFacts.builder("syn-" + i, t.registeredAt())
            .region(REGIONS[rnd.nextInt(REGIONS.length)]);
    if (rnd.nextDouble() > 0.05) {
      b.birthDate(birthDate(rnd, now, t));
    }
    List<Appointment> visits = visits(rnd, t, now);
    visits.forEach(b::appointment);
    feedback(rnd, t, visits, now, b);
    reminders(rnd, t, now, b);
    brushing(rnd, t, now, b);
    referrals(rnd, t, now, b);
    if (t.digital() > 0.3) {
      Instant lastOpen =
          min(now, t.lapseAt())
              .minus(hours(rnd.nextDouble(1, 40) * DAY_HOURS / (0.2 + t.digital())));
      b.lastActivity(
          Activity.APP_OPEN, lastOpen.isBefore(t.registeredAt()) ? t.registeredAt() : lastOpen);
    }
    return b.build();
  }

  private Traits traits(SplittableRandom rnd, Instant now) {
    double u = rnd.nextDouble();
    Kind kind =
        u < 0.3
            ? Kind.ROUTINE
            : u < 0.62
                ? Kind.OCCASIONAL
                : u < 0.75 ? Kind.TREATMENT : u < 0.87 ? Kind.COSMETIC : Kind.UNRELIABLE;
    double engagement =
        gaussian(rnd) + (kind == Kind.ROUTINE ? 0.6 : kind == Kind.UNRELIABLE ? -0.7 : 0);
    double dissatisfaction = Math.max(0, gaussian(rnd) * 0.8 - 0.3 - 0.3 * engagement);
    double digital = clamp(0.5 + 0.3 * gaussian(rnd), 0, 1);
    double hygiene = clamp(0.6 + 0.2 * engagement + 0.2 * gaussian(rnd), 0, 1);
    double yearsAgo = rnd.nextDouble() < 0.15 ? rnd.nextDouble(0, 0.5) : rnd.nextDouble(0, 6);
    Instant registered = now.minus(hours(yearsAgo * 365 * DAY_HOURS));
    double hazard = 0.25 * Math.exp(-0.9 * engagement + 1.1 * dissatisfaction); // lapses per year
    double lapseYears = -Math.log(1 - rnd.nextDouble()) / hazard;
    return new Traits(
        kind,
        engagement,
        dissatisfaction,
        digital,
        hygiene,
        registered,
        registered.plus(hours(lapseYears * 365 * DAY_HOURS)));
  }

  private static LocalDate birthDate(SplittableRandom rnd, Instant now, Traits t) {
    double u = rnd.nextDouble();
    double age =
        u < 0.14
            ? rnd.nextDouble(4, 13)
            : u < 0.84 ? rnd.nextDouble(18, 65) : rnd.nextDouble(65, 88);
    return now.atZone(ZoneOffset.UTC).toLocalDate().minusDays((long) (age * 365.25));
  }

  /**
   * Visits as a Poisson process from registration until the lapse, plus sometimes one booked ahead.
   */
  private static List<Appointment> visits(SplittableRandom rnd, Traits t, Instant now) {
    List<Appointment> out = new ArrayList<>();
    double rate = t.kind().visitsPerYear * Math.exp(0.25 * t.engagement());
    Instant end = min(now, t.lapseAt());
    Instant at = t.registeredAt().plus(hours(rnd.nextDouble(0, 30) * DAY_HOURS));
    while (at.isBefore(end)) {
      out.add(appointment(rnd, t, at, statusOf(rnd, t)));
      at = at.plus(hours(-Math.log(1 - rnd.nextDouble()) / rate * 365 * DAY_HOURS));
    }
    if (t.lapseAt().isAfter(now) && rnd.nextDouble() < 0.45) {
      out.add(
          appointment(
              rnd, t, now.plus(hours(rnd.nextDouble(1, 60) * DAY_HOURS)), VisitStatus.BOOKED));
    }
    return out;
  }

  private static VisitStatus statusOf(SplittableRandom rnd, Traits t) {
    double noShow = t.kind() == Kind.UNRELIABLE ? 0.3 : 0.04 + 0.05 * t.dissatisfaction();
    double u = rnd.nextDouble();
    return u < noShow
        ? VisitStatus.NO_SHOW
        : u < noShow + 0.06 ? VisitStatus.CANCELLED : VisitStatus.COMPLETED;
  }

  private static Appointment appointment(
      SplittableRandom rnd, Traits t, Instant at, VisitStatus status) {
    String service = t.kind().services[rnd.nextInt(t.kind().services.length)];
    double price =
        Math.round(
            t.kind().meanPrice
                * Math.exp(0.5 * gaussian(rnd))
                * (service.equals("cleaning") ? 0.2 : 1));
    Channel via =
        rnd.nextDouble() < t.digital()
            ? (rnd.nextBoolean() ? Channel.APP : Channel.MINI_PROGRAM)
            : rnd.nextDouble() < 0.8 ? Channel.PHONE : Channel.WALK_IN;
    Instant bookedAt = at.minus(hours(rnd.nextDouble(0.5, 30) * DAY_HOURS));
    return new Appointment(
        at,
        status,
        service,
        status == VisitStatus.COMPLETED ? price : 0,
        via,
        bookedAt.isBefore(t.registeredAt()) ? t.registeredAt() : bookedAt);
  }

  /** About a third of completed visits get feedback; dissatisfaction lowers the rating. */
  private static void feedback(
      SplittableRandom rnd,
      Traits t,
      List<Appointment> visits,
      Instant now,
      PatientFacts.Builder b) {
    for (Appointment a : visits) {
      if (a.status() != VisitStatus.COMPLETED || rnd.nextDouble() > 0.33) {
        continue;
      }
      int rating =
          (int)
              Math.round(
                  clamp(
                      4.4 - 1.6 * t.dissatisfaction() + 0.2 * t.engagement() + 0.7 * gaussian(rnd),
                      1,
                      5));
      Sentiment s =
          rating <= 2 ? Sentiment.COMPLAINT : rating == 3 ? Sentiment.DOUBT : Sentiment.SATISFIED;
      Instant at = a.at().plus(hours(rnd.nextDouble(1, 72)));
      if (at.isBefore(now)) {
        b.feedback(
            new PatientFacts.Feedback(at, FeedbackSource.FEEDBACK, OptionalInt.of(rating), s));
      }
    }
  }

  /**
   * About one message a month over the last half year while active; engaged, digital patients read
   * them.
   */
  private static void reminders(
      SplittableRandom rnd, Traits t, Instant now, PatientFacts.Builder b) {
    Instant from = max(t.registeredAt(), now.minus(Duration.ofDays(180)));
    double readChance = clamp(0.25 + 0.45 * t.digital() + 0.15 * t.engagement(), 0.02, 0.98);
    for (Instant at = from.plus(hours(rnd.nextDouble(1, 30) * DAY_HOURS));
        at.isBefore(now);
        at = at.plus(hours(rnd.nextDouble(15, 45) * DAY_HOURS))) {
      boolean read = at.isBefore(t.lapseAt()) && rnd.nextDouble() < readChance;
      Instant readAt = at.plus(hours(rnd.nextDouble(0.1, 30)));
      b.reminder(
          new PatientFacts.Reminder(
              at, read && readAt.isBefore(now) ? Optional.of(readAt) : Optional.empty()));
    }
  }

  /**
   * Four in ten patients have a brush: 8 weeks of daily figures, stopping at the lapse, some
   * declining.
   */
  private static void brushing(
      SplittableRandom rnd, Traits t, Instant now, PatientFacts.Builder b) {
    if (rnd.nextDouble() > 0.4) {
      return;
    }
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate paired =
        max(t.registeredAt(), now.minus(Duration.ofDays(700))).atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate stop =
        t.lapseAt().isBefore(now) ? t.lapseAt().atZone(ZoneOffset.UTC).toLocalDate() : today;
    boolean sensor = rnd.nextBoolean();
    double decline =
        rnd.nextDouble() < 0.2 ? rnd.nextDouble(0.3, 1.2) : 0; // score points lost per day
    List<BrushingDay> days = new ArrayList<>();
    for (int i = BRUSH_DAYS; i >= 1; i--) {
      LocalDate d = today.minusDays(i);
      if (d.isBefore(paired) || !d.isBefore(stop) || rnd.nextDouble() > 0.55 + 0.4 * t.hygiene()) {
        continue;
      }
      double score =
          clamp(45 + 45 * t.hygiene() - decline * (BRUSH_DAYS - i) + 12 * gaussian(rnd), 0, 100);
      OptionalDouble plaque =
          sensor && rnd.nextBoolean()
              ? OptionalDouble.of(
                  Math.round(clamp(2.6 - score / 40 + 0.25 * gaussian(rnd), 0, 3) * 10) / 10.0)
              : OptionalDouble.empty();
      days.add(new BrushingDay(d, (int) Math.round(score), score > 45 ? 2 : 1, plaque));
    }
    b.brushing(new PatientFacts.Brushing(paired.isAfter(today) ? today : paired, days));
    healthFollowUp(rnd, t, days, now, b);
  }

  /** Poor brushers get alerts and some a care plan, as the alerts module would give them. */
  private static void healthFollowUp(
      SplittableRandom rnd, Traits t, List<BrushingDay> days, Instant now, PatientFacts.Builder b) {
    double mean = days.stream().mapToInt(BrushingDay::score).average().orElse(0);
    if (mean < 55 && rnd.nextDouble() < 0.6) {
      AlertSeverity severity = mean < 35 ? AlertSeverity.HIGH : AlertSeverity.MEDIUM;
      b.openAlert(
          new PatientFacts.OpenAlert(
              "missed-brushing", severity, now.minus(hours(rnd.nextDouble(2, 200)))));
    }
    if (rnd.nextDouble() < 0.35) {
      String plan =
          t.hygiene() < 0.45
              ? "periodontal"
              : t.kind() == Kind.TREATMENT ? "post_surgery" : "standard";
      b.carePlan(new PatientFacts.CarePlan(plan, now.minus(Duration.ofDays(rnd.nextInt(10, 300)))));
    }
  }

  private static void referrals(
      SplittableRandom rnd, Traits t, Instant now, PatientFacts.Builder b) {
    double perYear = 0.15 * Math.exp(0.8 * t.engagement() - t.dissatisfaction());
    Instant end = min(now, t.lapseAt());
    for (Instant at = t.registeredAt(); ; ) {
      at = at.plus(hours(-Math.log(1 - rnd.nextDouble()) / perYear * 365 * DAY_HOURS));
      if (!at.isBefore(end)) {
        return;
      }
      b.referral(new PatientFacts.Referral(at, rnd.nextDouble() < 0.6));
    }
  }

  private static Duration hours(double h) {
    return Duration.ofMinutes((long) (h * 60));
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17
    return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble()))
        * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
