package io.careloop.crm.model.tag;

import static io.careloop.crm.model.Patients.NOW;
import static io.careloop.crm.model.Patients.booked;
import static io.careloop.crm.model.Patients.daysAgo;
import static io.careloop.crm.model.Patients.patient;
import static io.careloop.crm.model.Patients.visit;
import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.crm.model.facts.AlertSeverity;
import io.careloop.crm.model.facts.Channel;
import io.careloop.crm.model.facts.FeedbackSource;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.PatientFacts.Brushing;
import io.careloop.crm.model.facts.PatientFacts.BrushingDay;
import io.careloop.crm.model.facts.PatientFacts.Feedback;
import io.careloop.crm.model.facts.PatientFacts.Judgements;
import io.careloop.crm.model.facts.RfmHealth;
import io.careloop.crm.model.facts.Sentiment;
import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.model.facts.VisitStatus;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SeedTagRulesTest {

  private static final TagRuleSet SEED = TagRuleSet.seed();
  private static final LocalDate TODAY = NOW.atZone(ZoneOffset.UTC).toLocalDate();

  private static Set<String> tags(PatientFacts p) {
    return SEED.evaluate(p, NOW).tags();
  }

  /**
   * Daily brushing over the last 28 days: score and plaque given per day index (0 = 28 days ago).
   */
  private static Brushing brushing(java.util.function.IntFunction<BrushingDay> day) {
    List<BrushingDay> days = new ArrayList<>();
    for (int i = 0; i < 28; i++) {
      days.add(day.apply(i));
    }
    return new Brushing(TODAY.minusDays(60), days);
  }

  @Test
  @DisplayName("The seed rules parse, and read back equal from their own JSON")
  void seedRoundTrip() {
    assertThat(SEED.rules()).hasSizeGreaterThanOrEqualTo(15);
    assertThat(TagRuleSet.parse(SEED.toJson())).isEqualTo(SEED);
    assertThat(SEED.rules()).extracting(TagRule::family).contains(Family.values());
  }

  @Test
  @DisplayName("A patient with nothing remarkable gets no tag")
  void plainPatient() {
    assertThat(
            tags(
                patient()
                    .birthDate(LocalDate.of(1990, 1, 1))
                    .appointment(visit(100, "checkup", 60))
                    .build()))
        .isEmpty();
  }

  @Test
  @DisplayName(
      "Fewer cleanings this year than last is a periodontal warning, with the counts as evidence")
  void cleaningFewerThanLastYear() {
    PatientFacts p =
        patient()
            .appointment(visit(200, "cleaning", 80))
            .appointment(visit(400, "cleaning", 80))
            .appointment(visit(600, "cleaning", 80))
            .appointment(booked(30, "cleaning", Channel.APP))
            .build();
    PatientFacts steady =
        patient()
            .appointment(visit(100, "cleaning", 80))
            .appointment(visit(280, "cleaning", 80))
            .appointment(visit(400, "cleaning", 80))
            .appointment(visit(600, "cleaning", 80))
            .build();

    TagEvaluation e = SEED.evaluate(p, NOW);
    assertThat(e.tags()).containsExactly("cleaning-frequency-falling");
    assertThat(e.hitsFor("cleaning-frequency-falling").get(0).evidenceText())
        .isEqualTo(
            "visits.count[window=P1Y,shift=P1Y,service=cleaning]=2; visits.count[window=P1Y,service=cleaning]=1; "
                + "visits.count[window=P1Y,shift=P1Y,service=cleaning]=2");
    assertThat(tags(steady)).doesNotContain("cleaning-frequency-falling");
  }

  @Test
  @DisplayName(
      "A cleaning overdue by half again the patient's habit, none booked, is a periodontal warning")
  void cleaningOverdue() {
    PatientFacts p =
        patient()
            .appointment(visit(181, "cleaning", 80))
            .appointment(visit(301, "cleaning", 80))
            .appointment(visit(421, "cleaning", 80))
            .build(); // every 120 days; 181 > 180 since the last
    PatientFacts onTime =
        patient()
            .appointment(visit(180, "cleaning", 80))
            .appointment(visit(300, "cleaning", 80))
            .appointment(visit(420, "cleaning", 80))
            .build();

    assertThat(SEED.evaluate(p, NOW).hitsFor("cleaning-frequency-falling"))
        .extracting(TagHit::ruleId)
        .containsExactly("cleaning-overdue-for-habit");
    assertThat(tags(onTime)).doesNotContain("cleaning-frequency-falling");
    assertThat(
            tags(
                patient()
                    .appointment(visit(181, "cleaning", 80))
                    .appointment(visit(301, "cleaning", 80))
                    .appointment(visit(421, "cleaning", 80))
                    .appointment(booked(10, "cleaning", Channel.PHONE))
                    .build()))
        .doesNotContain("cleaning-frequency-falling");
  }

  @Test
  @DisplayName("Plaque high and rising, or brushing poor and falling, is a perio risk")
  void perioRisk() {
    PatientFacts plaque =
        patient()
            .brushing(
                brushing(
                    i ->
                        new BrushingDay(
                            TODAY.minusDays(28 - i), 70, 2, OptionalDouble.of(1.2 + i * 0.03))))
            .build();
    PatientFacts brush =
        patient()
            .brushing(
                brushing(
                    i ->
                        new BrushingDay(
                            TODAY.minusDays(28 - i), 70 - 2 * i, 2, OptionalDouble.empty())))
            .build();
    PatientFacts good =
        patient()
            .brushing(
                brushing(
                    i -> new BrushingDay(TODAY.minusDays(28 - i), 85, 2, OptionalDouble.of(0.8))))
            .build();

    assertThat(SEED.evaluate(plaque, NOW).hitsFor("perio-risk"))
        .extracting(TagHit::ruleId)
        .containsExactly("perio-risk-plaque");
    assertThat(SEED.evaluate(brush, NOW).hitsFor("perio-risk"))
        .extracting(TagHit::ruleId)
        .containsExactly("perio-risk-brushing");
    assertThat(tags(good)).isEmpty();
  }

  @Test
  @DisplayName("An open high alert tags the patient; a medium one does not")
  void openHighAlert() {
    assertThat(
            tags(
                patient()
                    .openAlert(
                        new PatientFacts.OpenAlert("no-brushing", AlertSeverity.HIGH, daysAgo(1)))
                    .build()))
        .containsExactly("open-high-alert");
    assertThat(
            tags(
                patient()
                    .openAlert(
                        new PatientFacts.OpenAlert("short", AlertSeverity.MEDIUM, daysAgo(1)))
                    .build()))
        .isEmpty();
  }

  @Test
  @DisplayName("Two no-shows among four visits due is frequent; two among eight is not")
  void frequentNoShow() {
    PatientFacts.Builder p =
        patient()
            .appointment(visit(20, VisitStatus.NO_SHOW, Channel.PHONE))
            .appointment(visit(80, VisitStatus.NO_SHOW, Channel.PHONE));
    PatientFacts four =
        p.appointment(visit(120, VisitStatus.COMPLETED, Channel.PHONE))
            .appointment(visit(200, VisitStatus.COMPLETED, Channel.PHONE))
            .build();
    PatientFacts.Builder eight = PatientFacts.builder("p-2", daysAgo(900));
    four.appointments().forEach(eight::appointment);
    for (int i = 0; i < 4; i++) {
      eight.appointment(visit(250 + i * 20, VisitStatus.COMPLETED, Channel.PHONE));
    }

    assertThat(tags(four)).containsExactly("frequent-no-show");
    assertThat(tags(eight.build())).isEmpty();
  }

  @Test
  @DisplayName("Lapsed after 18 months without a visit, unless something is booked")
  void lapsed() {
    assertThat(tags(patient().appointment(visit(541, "checkup", 50)).build()))
        .containsExactly("lapsed");
    assertThat(tags(patient().appointment(visit(540, "checkup", 50)).build())).isEmpty();
    assertThat(
            tags(
                patient()
                    .appointment(visit(541, "checkup", 50))
                    .appointment(booked(5, "checkup", Channel.APP))
                    .build()))
        .doesNotContain("lapsed");
  }

  @Test
  @DisplayName("High spender at 1,500 in a year, cosmetic interest from whitening")
  void spending() {
    assertThat(
            tags(
                patient()
                    .appointment(visit(30, "implant", 1200))
                    .appointment(visit(60, "whitening", 300))
                    .build()))
        .containsExactly("cosmetic-interest", "high-spender");
    assertThat(tags(patient().appointment(visit(30, "implant", 1499)).build())).isEmpty();
  }

  @Test
  @DisplayName("App-first at 70 % of the bookings; not at 2 of 3")
  void appFirst() {
    PatientFacts three =
        patient()
            .appointment(visit(10, VisitStatus.COMPLETED, Channel.APP))
            .appointment(visit(40, VisitStatus.COMPLETED, Channel.MINI_PROGRAM))
            .appointment(visit(70, VisitStatus.COMPLETED, Channel.PHONE))
            .build();
    PatientFacts.Builder four = PatientFacts.builder("p-2", daysAgo(900));
    three.appointments().forEach(four::appointment);
    four.appointment(visit(100, VisitStatus.COMPLETED, Channel.APP));

    assertThat(tags(three)).isEmpty();
    assertThat(tags(four.build())).containsExactly("app-first");
  }

  @Test
  @DisplayName("Reminders ignored: 3 sent, none read")
  void remindersIgnored() {
    PatientFacts.Builder p = patient();
    for (int i = 1; i <= 3; i++) {
      p.reminder(new PatientFacts.Reminder(daysAgo(i * 10), Optional.empty()));
    }
    assertThat(tags(p.build())).containsExactly("reminders-ignored");
    p.reminder(new PatientFacts.Reminder(daysAgo(5), Optional.of(daysAgo(4))));
    assertThat(tags(p.build())).isEmpty(); // 1 of 4 read: 0.25 is not below 0.2
  }

  @Test
  @DisplayName("A complaint within 90 days tags the patient; the latest doubt tags in-doubt")
  void sentiments() {
    PatientFacts complaint =
        patient()
            .feedback(
                new Feedback(
                    daysAgo(89), FeedbackSource.FEEDBACK, OptionalInt.of(1), Sentiment.COMPLAINT))
            .build();
    PatientFacts old =
        patient()
            .feedback(
                new Feedback(
                    daysAgo(91), FeedbackSource.NOTE, OptionalInt.empty(), Sentiment.COMPLAINT))
            .build();
    PatientFacts doubt =
        patient()
            .feedback(
                new Feedback(
                    daysAgo(91), FeedbackSource.NOTE, OptionalInt.empty(), Sentiment.COMPLAINT))
            .feedback(
                new Feedback(
                    daysAgo(3), FeedbackSource.FEEDBACK, OptionalInt.of(3), Sentiment.DOUBT))
            .build();

    assertThat(tags(complaint)).containsExactly("complaint");
    assertThat(tags(old)).isEmpty();
    assertThat(tags(doubt)).containsExactly("in-doubt");
  }

  @Test
  @DisplayName("A promoter referred someone and rates 4 or more, or gave no rating")
  void promoter() {
    PatientFacts.Builder p = patient().referral(new PatientFacts.Referral(daysAgo(20), true));
    assertThat(tags(p.build())).containsExactly("promoter");
    p.feedback(
        new Feedback(daysAgo(3), FeedbackSource.FEEDBACK, OptionalInt.of(3), Sentiment.SATISFIED));
    assertThat(tags(p.build())).isEmpty();
  }

  @Test
  @DisplayName("Key customer: high value and churn risk of one half or more")
  void keyCustomer() {
    RfmHealth valuable = new RfmHealth(3, 5, 5, 2, 4.4, 4.0);
    PatientFacts risky =
        patient()
            .judgements(
                new Judgements(
                    Optional.of(valuable),
                    OptionalDouble.of(0.5),
                    Optional.of(ValueTier.GROWTH),
                    Optional.empty()))
            .build();
    PatientFacts safe =
        patient()
            .judgements(
                new Judgements(
                    Optional.of(valuable),
                    OptionalDouble.of(0.49),
                    Optional.of(ValueTier.STRATEGIC),
                    Optional.empty()))
            .build();
    PatientFacts strategic =
        patient()
            .judgements(
                new Judgements(
                    Optional.of(new RfmHealth(1, 1, 1, 1, 1, 1)),
                    OptionalDouble.of(0.9),
                    Optional.of(ValueTier.STRATEGIC),
                    Optional.empty()))
            .build();

    assertThat(tags(risky)).containsExactly("key-customer");
    assertThat(tags(safe)).isEmpty();
    assertThat(tags(strategic)).containsExactly("key-customer");
  }

  @Test
  @DisplayName("Demographic tags at their age thresholds")
  void demographic() {
    assertThat(tags(patient().birthDate(LocalDate.of(2013, 6, 2)).build()))
        .containsExactly("child");
    assertThat(tags(patient().birthDate(LocalDate.of(2013, 6, 1)).build())).isEmpty();
    assertThat(tags(patient().birthDate(LocalDate.of(1961, 6, 1)).build()))
        .containsExactly("senior");
  }

  @Test
  @DisplayName("Changes between evaluations say which tags were gained and lost")
  void changes() {
    TagEvaluation now =
        SEED.evaluate(patient().appointment(visit(541, "checkup", 50)).build(), NOW);

    TagEvaluation.TagChanges changes = now.changesFrom(Set.of("complaint"));

    assertThat(changes.gained()).containsExactly("lapsed");
    assertThat(changes.lost()).containsExactly("complaint");
  }
}
