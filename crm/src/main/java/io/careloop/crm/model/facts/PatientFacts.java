package io.careloop.crm.model.facts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Everything the CRM's rules and models judge about one patient, as plain values: the record side
 * fills it from its projections, and every judgement (tags, RFM-Health, tier, churn risk, stage) is
 * a pure function of it and the current time. Lists need no order; the judges sort what they need.
 *
 * @param birthDate for the age; empty when the clinic does not know it
 * @param region the patient's region (city, district), as the chain names it
 * @param registeredAt when the patient became known to the chain (the first record of any channel)
 * @param appointments past and future appointments with status, service, price and booking channel
 * @param brushing the smart-brush figures per day, if the patient has a brush
 * @param openAlerts the follow-up alerts open now
 * @param carePlan the care plan in force, if any
 * @param reminders messages sent to the patient (reminders, recalls, nudges) and whether read
 * @param feedback sentiments of feedback after visits and of staff notes
 * @param referrals people this patient referred
 * @param lastActivity the last time of each kind of activity the record saw (app opens live only
 *     here)
 * @param judgements the latest scores, tier and stage, which tag rules such as key-customer read
 */
public record PatientFacts(
    String patientId,
    Optional<LocalDate> birthDate,
    Optional<String> region,
    Instant registeredAt,
    List<Appointment> appointments,
    Optional<Brushing> brushing,
    List<OpenAlert> openAlerts,
    Optional<CarePlan> carePlan,
    List<Reminder> reminders,
    List<Feedback> feedback,
    List<Referral> referrals,
    Map<Activity, Instant> lastActivity,
    Judgements judgements) {

  public PatientFacts {
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(registeredAt, "registeredAt");
    appointments = List.copyOf(appointments);
    openAlerts = List.copyOf(openAlerts);
    reminders = List.copyOf(reminders);
    feedback = List.copyOf(feedback);
    referrals = List.copyOf(referrals);
    lastActivity = lastActivity.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(lastActivity));
    Objects.requireNonNull(judgements, "judgements");
  }

  /** One appointment. {@code price} is what a completed visit cost, in the chain's currency. */
  public record Appointment(
      Instant at,
      VisitStatus status,
      String service,
      double price,
      Channel bookedVia,
      Instant bookedAt) {
    public Appointment {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(bookedVia, "bookedVia");
      Objects.requireNonNull(bookedAt, "bookedAt");
    }
  }

  /**
   * The brush's daily figures (device-ingest's {@code DailyBrushing}): a day missing from {@code
   * days} on or after {@code pairedOn} is a day without brushing (score 0).
   */
  public record Brushing(LocalDate pairedOn, List<BrushingDay> days) {
    public Brushing {
      Objects.requireNonNull(pairedOn, "pairedOn");
      days = List.copyOf(days);
    }
  }

  /** One day: score 0-100, sessions, and the worst plaque index (Silness-Löe 0-3) when measured. */
  public record BrushingDay(LocalDate date, int score, int sessions, OptionalDouble plaqueIndex) {}

  /** An open follow-up alert. */
  public record OpenAlert(String rule, AlertSeverity severity, Instant openedAt) {}

  /**
   * The care plan in force: its template ({@code standard}, {@code periodontal}, ...) and start.
   */
  public record CarePlan(String template, Instant since) {}

  /** A message sent to the patient; {@code readAt} is empty while unread. */
  public record Reminder(Instant sentAt, Optional<Instant> readAt) {}

  /** A judged feedback or note; {@code rating} 1-5 only for feedback that had one. */
  public record Feedback(
      Instant at, FeedbackSource source, OptionalInt rating, Sentiment sentiment) {}

  /** Someone this patient referred; {@code becamePatient} once they had a first visit. */
  public record Referral(Instant at, boolean becamePatient) {}

  /** The latest judgements, fed back so that rules can combine them (empty until first scored). */
  public record Judgements(
      Optional<RfmHealth> rfmHealth,
      OptionalDouble churnRisk,
      Optional<ValueTier> tier,
      Optional<LifecycleStage> stage) {
    public static final Judgements NONE =
        new Judgements(
            Optional.empty(), OptionalDouble.empty(), Optional.empty(), Optional.empty());
  }

  /** The age in whole years at {@code now} (UTC date), if the birth date is known. */
  public OptionalInt ageAt(Instant now) {
    return birthDate
        .map(
            b ->
                OptionalInt.of(
                    java.time.Period.between(b, now.atZone(ZoneOffset.UTC).toLocalDate())
                        .getYears()))
        .orElse(OptionalInt.empty());
  }

  public PatientFacts withJudgements(Judgements newJudgements) {
    return new PatientFacts(
        patientId,
        birthDate,
        region,
        registeredAt,
        appointments,
        brushing,
        openAlerts,
        carePlan,
        reminders,
        feedback,
        referrals,
        lastActivity,
        newJudgements);
  }

  /**
   * What was known at {@code t}: for training the churn model on history. Appointments after {@code
   * t} booked before it count as booked; alerts and the care plan are approximations (only today's
   * open ones are known); judgements are dropped, they are outputs.
   */
  public PatientFacts asOf(Instant t) {
    List<Appointment> past = new ArrayList<>();
    for (Appointment a : appointments) {
      if (!a.at().isAfter(t)) {
        past.add(a);
      } else if (!a.bookedAt().isAfter(t) && a.status() != VisitStatus.CANCELLED) {
        past.add(
            new Appointment(
                a.at(), VisitStatus.BOOKED, a.service(), a.price(), a.bookedVia(), a.bookedAt()));
      }
    }
    LocalDate day = t.atZone(ZoneOffset.UTC).toLocalDate();
    Optional<Brushing> brush =
        brushing
            .filter(b -> !b.pairedOn().isAfter(day))
            .map(
                b ->
                    new Brushing(
                        b.pairedOn(),
                        b.days().stream().filter(d -> d.date().isBefore(day)).toList()));
    Map<Activity, Instant> activity = new EnumMap<>(Activity.class);
    lastActivity.forEach(
        (k, v) -> {
          if (!v.isAfter(t)) {
            activity.put(k, v);
          }
        });
    return new PatientFacts(
        patientId,
        birthDate,
        region,
        registeredAt,
        past,
        brush,
        openAlerts.stream().filter(a -> !a.openedAt().isAfter(t)).toList(),
        carePlan.filter(c -> !c.since().isAfter(t)),
        reminders.stream()
            .filter(r -> !r.sentAt().isAfter(t))
            .map(r -> new Reminder(r.sentAt(), r.readAt().filter(at -> !at.isAfter(t))))
            .toList(),
        feedback.stream().filter(f -> !f.at().isAfter(t)).toList(),
        referrals.stream().filter(r -> !r.at().isAfter(t)).toList(),
        activity,
        Judgements.NONE);
  }

  public static Builder builder(String patientId, Instant registeredAt) {
    return new Builder(patientId, registeredAt);
  }

  /** Fills the facts piece by piece, as the record side reads its projections. */
  public static final class Builder {
    private final String patientId;
    private final Instant registeredAt;
    private Optional<LocalDate> birthDate = Optional.empty();
    private Optional<String> region = Optional.empty();
    private final List<Appointment> appointments = new ArrayList<>();
    private Optional<Brushing> brushing = Optional.empty();
    private final List<OpenAlert> openAlerts = new ArrayList<>();
    private Optional<CarePlan> carePlan = Optional.empty();
    private final List<Reminder> reminders = new ArrayList<>();
    private final List<Feedback> feedback = new ArrayList<>();
    private final List<Referral> referrals = new ArrayList<>();
    private final Map<Activity, Instant> lastActivity = new EnumMap<>(Activity.class);
    private Judgements judgements = Judgements.NONE;

    private Builder(String patientId, Instant registeredAt) {
      this.patientId = patientId;
      this.registeredAt = registeredAt;
    }

    public Builder birthDate(LocalDate date) {
      this.birthDate = Optional.ofNullable(date);
      return this;
    }

    public Builder region(String name) {
      this.region = Optional.ofNullable(name);
      return this;
    }

    public Builder appointment(Appointment appointment) {
      appointments.add(appointment);
      return this;
    }

    public Builder brushing(Brushing figures) {
      this.brushing = Optional.ofNullable(figures);
      return this;
    }

    public Builder openAlert(OpenAlert alert) {
      openAlerts.add(alert);
      return this;
    }

    public Builder carePlan(CarePlan plan) {
      this.carePlan = Optional.ofNullable(plan);
      return this;
    }

    public Builder reminder(Reminder reminder) {
      reminders.add(reminder);
      return this;
    }

    public Builder feedback(Feedback item) {
      feedback.add(item);
      return this;
    }

    public Builder referral(Referral referral) {
      referrals.add(referral);
      return this;
    }

    public Builder lastActivity(Activity kind, Instant at) {
      lastActivity.merge(kind, at, (a, b) -> a.isAfter(b) ? a : b);
      return this;
    }

    public Builder judgements(Judgements latest) {
      this.judgements = latest;
      return this;
    }

    public PatientFacts build() {
      return new PatientFacts(
          patientId,
          birthDate,
          region,
          registeredAt,
          appointments,
          brushing,
          openAlerts,
          carePlan,
          reminders,
          feedback,
          referrals,
          lastActivity,
          judgements);
    }
  }
}
