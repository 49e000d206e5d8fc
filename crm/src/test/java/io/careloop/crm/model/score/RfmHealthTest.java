package io.careloop.crm.model.score;

import static io.careloop.crm.model.Patients.NOW;
import static io.careloop.crm.model.Patients.daysAgo;
import static io.careloop.crm.model.Patients.patient;
import static io.careloop.crm.model.Patients.visit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.careloop.crm.model.facts.AlertSeverity;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.PatientFacts.Brushing;
import io.careloop.crm.model.facts.PatientFacts.BrushingDay;
import io.careloop.crm.model.facts.RfmHealth;
import io.careloop.crm.model.input.InvalidModelInputException;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RfmHealthTest {

  private static final RfmHealthScorer SCORER = new RfmHealthScorer(RfmHealthConfig.defaults());
  private static final LocalDate TODAY = NOW.atZone(ZoneOffset.UTC).toLocalDate();

  @ParameterizedTest(name = "last visit {0} days ago: recency {1}")
  @CsvSource({"90,5", "91,4", "180,4", "181,3", "365,3", "366,2", "730,2", "731,1"})
  @DisplayName("Recency steps down just past each cut")
  void recency(int days, int score) {
    assertThat(
            SCORER.score(patient().appointment(visit(days, "checkup", 0)).build(), NOW).recency())
        .isEqualTo(score);
  }

  @ParameterizedTest(name = "{0} visits: frequency {1}, spend {2}: monetary {3}")
  @CsvSource({
    "0,1,0,1",
    "1,2,199,1",
    "2,3,200,2",
    "3,3,599,2",
    "4,4,600,3",
    "5,4,1500,4",
    "6,5,3999,4",
    "7,5,4000,5"
  })
  @DisplayName("Frequency and monetary step up at each cut")
  void frequencyAndMonetary(int visits, int frequency, double spend, int monetary) {
    PatientFacts.Builder p = patient();
    for (int i = 0; i < visits; i++) {
      p.appointment(visit(10 + i * 30, "checkup", 0));
    }
    PatientFacts paid =
        patient()
            .appointment(visit(20, "checkup", spend))
            .appointment(visit(800, "implant", 5000))
            .build(); // the implant is outside the two-year window

    assertThat(SCORER.score(p.build(), NOW).frequency()).isEqualTo(frequency);
    assertThat(SCORER.score(paid, NOW).monetary()).isEqualTo(monetary);
  }

  @Test
  @DisplayName("No visit at all scores 1 on R, F and M")
  void noVisits() {
    assertThat(SCORER.score(patient().build(), NOW)).isEqualTo(new RfmHealth(1, 1, 1, 1, 1.0, 1.0));
  }

  @Test
  @DisplayName(
      "Health risk adds brushing, plaque, alert and care-plan points, then steps at the risk cuts")
  void healthRisk() {
    List<BrushingDay> days = new ArrayList<>();
    for (int i = 1; i <= 28; i++) {
      days.add(new BrushingDay(TODAY.minusDays(i), 50, 2, OptionalDouble.of(1.6)));
    }
    PatientFacts.Builder p = patient().brushing(new Brushing(TODAY.minusDays(100), days));
    // brushing 50: below 60 and 80 = 2 points; plaque 1.6: reaches 1.0 and 1.5 = 2 points; 4 points
    // -> score 3
    assertThat(SCORER.inputs(p.build(), NOW).riskPoints()).isEqualTo(4);
    assertThat(SCORER.score(p.build(), NOW).healthRisk()).isEqualTo(3);

    p.openAlert(new PatientFacts.OpenAlert("a", AlertSeverity.LOW, daysAgo(1))); // 5 points -> 4
    assertThat(SCORER.score(p.build(), NOW).healthRisk()).isEqualTo(4);
    p.openAlert(
        new PatientFacts.OpenAlert(
            "b", AlertSeverity.HIGH, daysAgo(1))); // alerts capped at 4: 8 -> 5
    p.openAlert(new PatientFacts.OpenAlert("c", AlertSeverity.HIGH, daysAgo(1)));
    assertThat(SCORER.inputs(p.build(), NOW).riskPoints()).isEqualTo(8);
    assertThat(SCORER.score(p.build(), NOW).healthRisk()).isEqualTo(5);
  }

  @Test
  @DisplayName("Days without brushing since pairing count as 0; a care plan adds its points")
  void brushingGapsAndPlan() {
    PatientFacts p =
        patient()
            .brushing(
                new Brushing(
                    TODAY.minusDays(10),
                    List.of(new BrushingDay(TODAY.minusDays(1), 100, 2, OptionalDouble.empty()))))
            .carePlan(new PatientFacts.CarePlan("periodontal", daysAgo(30)))
            .build();

    RfmHealthScorer.Inputs in = SCORER.inputs(p, NOW);

    assertThat(in.meanBrushingScore().getAsDouble()).isEqualTo(10.0);
    assertThat(in.riskPoints()).isEqualTo(4 + 2);
  }

  @Test
  @DisplayName("Value and index are the weighted means of the scores")
  void weightedMeans() {
    RfmHealth s =
        new RfmHealthScorer(RfmHealthConfig.defaults())
            .score(
                new RfmHealthScorer.Inputs(
                    OptionalDouble.of(10),
                    6,
                    4000,
                    OptionalDouble.empty(),
                    OptionalDouble.empty(),
                    0));

    assertThat(s.value()).isEqualTo(5.0);
    assertThat(s.index()).isEqualTo((0.25 * 5 + 0.25 * 5 + 0.3 * 5 + 0.2 * 1) / 1.0);
  }

  @Test
  @DisplayName("An empty configuration is the defaults; members override one by one")
  void parsing() {
    assertThat(RfmHealthConfig.parse("{}")).isEqualTo(RfmHealthConfig.defaults());

    RfmHealthConfig c =
        RfmHealthConfig.parse(
            "{\"frequency\":{\"window\":\"P1Y\",\"cuts\":[1,2,3,4]},"
                + "\"health\":{\"alertPoints\":{\"high\":4},\"carePlanPoints\":{\"periodontal\":3},\"weight\":0}}");

    assertThat(c.frequencyWindow()).isEqualTo(Period.ofYears(1));
    assertThat(c.frequencyCuts()).containsExactly(1.0, 2.0, 3.0, 4.0);
    assertThat(c.alertPoints())
        .containsEntry(AlertSeverity.HIGH, 4)
        .containsEntry(AlertSeverity.LOW, 1);
    assertThat(c.carePlanPoints()).containsOnlyKeys("periodontal");
    assertThat(c.weights().health()).isZero();
    assertThat(c.recencyCutsDays()).isEqualTo(RfmHealthConfig.defaults().recencyCutsDays());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown section | {\"recent\":{}} | /recent | unknown member 'recent'",
        "typo in a member | {\"recency\":{\"cutDays\":[1,2,3,4]}} | /recency/cutDays | unknown member",
        "three cuts | {\"monetary\":{\"cuts\":[1,2,3]}} | /monetary/cuts | must hold 4 numbers",
        "cuts not ascending | {\"monetary\":{\"cuts\":[100,50,300,400]}} | /monetary/cuts/1 | greater than the number before",
        "bad window | {\"frequency\":{\"window\":\"two years\"}} | /frequency/window | ISO-8601 period",
        "negative weight | {\"health\":{\"weight\":-1}} | /health/weight | between 0.0 and 100.0",
        "unknown severity | {\"health\":{\"alertPoints\":{\"urgent\":5}}} | /health/alertPoints/urgent | unknown member",
        "fractional points | {\"health\":{\"carePlanPoints\":{\"periodontal\":1.5}}} | /health/carePlanPoints/periodontal | whole number",
        "R, F and M all zero | {\"recency\":{\"weight\":0},\"frequency\":{\"weight\":0},\"monetary\":{\"weight\":0}} | '' | must not all be 0",
        "not JSON | {recency: | '' | not JSON"
      })
  @DisplayName("A configuration that does not parse is refused with its place")
  void refused(String why, String json, String pointer, String reason) {
    InvalidModelInputException e =
        catchThrowableOfType(InvalidModelInputException.class, () -> RfmHealthConfig.parse(json));

    assertThat(e).as(why).isNotNull();
    assertThat(e.pointer()).as(why).isEqualTo(pointer);
    assertThat(e.reason()).as(why).contains(reason);
  }
}
