package io.careloop.crm.model.stage;

import static io.careloop.crm.model.Patients.NOW;
import static io.careloop.crm.model.Patients.booked;
import static io.careloop.crm.model.Patients.daysAgo;
import static io.careloop.crm.model.Patients.visit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.careloop.crm.model.facts.Activity;
import io.careloop.crm.model.facts.Channel;
import io.careloop.crm.model.facts.LifecycleStage;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.PatientFacts.BrushingDay;
import io.careloop.crm.model.input.InvalidModelInputException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecycleRulesTest {

  private static final LifecycleRules SEED = LifecycleRules.seed();

  private static PatientFacts.Builder knownFor(double days) {
    return PatientFacts.builder("p", daysAgo(days));
  }

  private static StageJudgement judge(PatientFacts p) {
    return SEED.judge(p, NOW, Optional.empty());
  }

  @Test
  @DisplayName("The seed parses and reads back equal from its own JSON")
  void seed() {
    assertThat(LifecycleRules.parse(SEED.toJson())).isEqualTo(SEED);
    assertThat(SEED.otherwise()).isEqualTo(LifecycleStage.GROWTH);
  }

  @Test
  @DisplayName("Churned after 541 days without any activity, not after 540, not with a booking")
  void churned() {
    assertThat(judge(knownFor(2000).appointment(visit(541, "checkup", 50)).build()).ruleId())
        .isEqualTo("churned-no-activity");
    assertThat(
            judge(
                    knownFor(2000)
                        .appointment(visit(560, "checkup", 50))
                        .lastActivity(Activity.APP_OPEN, daysAgo(540))
                        .build())
                .stage())
        .isEqualTo(LifecycleStage.DECLINE);
    assertThat(
            judge(
                    knownFor(2000)
                        .appointment(visit(600, "checkup", 50))
                        .appointment(booked(3, "checkup", Channel.APP))
                        .build())
                .stage())
        .isNotEqualTo(LifecycleStage.CHURNED);
  }

  @Test
  @DisplayName("Acquisition: no visit yet, or known under six months with at most one visit")
  void acquisition() {
    assertThat(judge(knownFor(400).lastActivity(Activity.APP_OPEN, daysAgo(2)).build()).ruleId())
        .isEqualTo("acquisition-no-visit-yet");
    assertThat(judge(knownFor(182).appointment(visit(100, "checkup", 50)).build()).ruleId())
        .isEqualTo("acquisition-new");
    assertThat(judge(knownFor(183).appointment(visit(100, "checkup", 50)).build()).stage())
        .isEqualTo(LifecycleStage.GROWTH);
    assertThat(
            judge(
                    knownFor(182)
                        .appointment(visit(100, "checkup", 50))
                        .appointment(visit(50, "checkup", 50))
                        .build())
                .stage())
        .isEqualTo(LifecycleStage.GROWTH);
  }

  @ParameterizedTest(name = "last visit {0} days ago: {1}")
  @CsvSource({"270,growth", "271,decline"})
  @DisplayName("Decline after 270 days without a visit")
  void declineNoVisit(int days, String stage) {
    assertThat(judge(knownFor(800).appointment(visit(days, "checkup", 50)).build()).stage().json())
        .isEqualTo(stage);
  }

  @Test
  @DisplayName("Decline when the visits of the year fall below half of the year before")
  void declineFewerVisits() {
    PatientFacts.Builder p =
        knownFor(700)
            .appointment(visit(400, "checkup", 50))
            .appointment(visit(450, "checkup", 50))
            .appointment(visit(500, "checkup", 50))
            .appointment(visit(100, "checkup", 50));
    assertThat(judge(p.build()).ruleId()).isEqualTo("decline-fewer-visits"); // 1 < 3 x 0.5
    p.appointment(visit(120, "checkup", 50));
    assertThat(judge(p.build()).stage()).isEqualTo(LifecycleStage.GROWTH); // 2 is not below 1.5
  }

  @Test
  @DisplayName("Decline when brushing halves and the app is not opened for a month")
  void declineBrushing() {
    LocalDate today = NOW.atZone(ZoneOffset.UTC).toLocalDate();
    List<BrushingDay> days = new ArrayList<>();
    for (int i = 29; i <= 56; i++) {
      days.add(new BrushingDay(today.minusDays(i), 80, 2, OptionalDouble.empty()));
    }
    for (int i = 1; i <= 13; i++) {
      days.add(new BrushingDay(today.minusDays(i * 2), 80, 2, OptionalDouble.empty()));
    }
    PatientFacts.Builder p =
        knownFor(300)
            .appointment(visit(60, "checkup", 50))
            .brushing(new PatientFacts.Brushing(today.minusDays(100), days));

    assertThat(judge(p.build()).ruleId()).isEqualTo("decline-brushing-dropped"); // 13 < 28 x 0.5
    assertThat(judge(p.lastActivity(Activity.APP_OPEN, daysAgo(30)).build()).stage())
        .isEqualTo(LifecycleStage.GROWTH);
  }

  @Test
  @DisplayName("Maturity after two years with four visits in two and one in the last year")
  void maturity() {
    PatientFacts.Builder p =
        knownFor(730)
            .appointment(visit(100, "cleaning", 80))
            .appointment(visit(300, "cleaning", 80))
            .appointment(visit(500, "cleaning", 80));
    assertThat(judge(p.build()).stage()).isEqualTo(LifecycleStage.GROWTH);
    p.appointment(visit(700, "cleaning", 80));
    assertThat(judge(p.build()).ruleId()).isEqualTo("maturity-regular");
  }

  @Test
  @DisplayName(
      "A change of stage is a transition that says from, to and why; the same stage is none")
  void transitions() {
    PatientFacts p = knownFor(800).appointment(visit(300, "checkup", 50)).build();

    StageJudgement first = SEED.judge(p, NOW, Optional.empty());
    StageJudgement moved = SEED.judge(p, NOW, Optional.of(LifecycleStage.MATURITY));
    StageJudgement same = SEED.judge(p, NOW, Optional.of(LifecycleStage.DECLINE));

    assertThat(first.transition())
        .contains(
            new StageTransition(
                Optional.empty(), LifecycleStage.DECLINE, "decline-no-visit", first.reason()));
    assertThat(moved.transition().orElseThrow().from()).contains(LifecycleStage.MATURITY);
    assertThat(moved.transition().orElseThrow().reason())
        .isEqualTo("decline-no-visit: visits.days_since_last=300; appointments.upcoming=0");
    assertThat(same.transition()).isEmpty();
    assertThat(
            SEED.judge(
                    knownFor(300).appointment(visit(3, "checkup", 50)).build(),
                    NOW,
                    Optional.of(LifecycleStage.CHURNED))
                .transition()
                .orElseThrow()
                .ruleId())
        .isEqualTo(LifecycleRules.OTHERWISE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown stage | {\"rules\":[],\"otherwise\":\"loyal\"} | /otherwise | must be one of acquisition, growth",
        "no otherwise | {\"rules\":[]} | /otherwise | is required",
        "unknown fact | {\"rules\":[{\"id\":\"a\",\"stage\":\"decline\",\"when\":{\"kind\":\"known\",\"fact\":\"visits\"}}],\"otherwise\":\"growth\"} | /rules/0/when/fact | unknown fact 'visits'",
        "reserved id | {\"rules\":[{\"id\":\"otherwise\",\"stage\":\"decline\",\"when\":{\"kind\":\"known\",\"fact\":\"age\"}}],\"otherwise\":\"growth\"} | /rules/0/id | other than 'otherwise'",
        "typo | {\"rules\":[{\"id\":\"a\",\"stage\":\"decline\",\"wen\":{}}],\"otherwise\":\"growth\"} | /rules/0/wen | unknown member"
      })
  @DisplayName("A stage configuration that does not parse is refused with its place")
  void refused(String why, String json, String pointer, String reason) {
    InvalidModelInputException e =
        catchThrowableOfType(InvalidModelInputException.class, () -> LifecycleRules.parse(json));

    assertThat(e).as(why).isNotNull();
    assertThat(e.pointer()).as(why).isEqualTo(pointer);
    assertThat(e.reason()).as(why).contains(reason);
  }
}
