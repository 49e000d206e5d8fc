package io.careloop.crm.model.tag;

import static io.careloop.crm.model.Patients.NOW;
import static io.careloop.crm.model.Patients.daysAgo;
import static io.careloop.crm.model.Patients.patient;
import static io.careloop.crm.model.Patients.visit;
import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.input.JsonInput;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionTest {

  private static Condition condition(String json) {
    return ConditionParser.parse(JsonInput.parse(json));
  }

  private static PatientFacts agedSixtyFive() {
    return patient().birthDate(LocalDate.of(1961, 6, 1)).build();
  }

  @ParameterizedTest(name = "age 65 {0} {1}: {2}")
  @CsvSource({
    "<,65,false",
    "<,66,true",
    "<=,65,true",
    "<=,64,false",
    ">,65,false",
    ">,64,true",
    ">=,65,true",
    ">=,66,false",
    "==,65,true",
    "==,64,false",
    "!=,65,false",
    "!=,64,true"
  })
  @DisplayName("Each number comparison holds exactly at its threshold")
  void numberComparisonsAtTheThreshold(String op, int value, boolean holds) {
    Condition c =
        condition(
            "{\"kind\":\"compare\",\"fact\":\"age\",\"op\":\""
                + op
                + "\",\"value\":"
                + value
                + "}");

    Condition.Outcome outcome = c.test(agedSixtyFive(), NOW);

    assertThat(outcome.holds()).isEqualTo(holds);
    assertThat(outcome.observations()).containsExactly(new Observation("age", Optional.of(65.0)));
  }

  @Test
  @DisplayName("A fact without a value fails every comparison, so that 'not' of it holds")
  void unknownFactFailsComparisons() {
    PatientFacts noBirthDate = patient().build();

    assertThat(
            condition("{\"kind\":\"compare\",\"fact\":\"age\",\"op\":\">=\",\"value\":0}")
                .test(noBirthDate, NOW)
                .holds())
        .isFalse();
    assertThat(
            condition(
                    "{\"kind\":\"not\",\"of\":{\"kind\":\"compare\",\"fact\":\"age\",\"op\":\">=\",\"value\":0}}")
                .test(noBirthDate, NOW)
                .holds())
        .isTrue();
    assertThat(condition("{\"kind\":\"known\",\"fact\":\"age\"}").test(noBirthDate, NOW).holds())
        .isFalse();
    assertThat(
            condition("{\"kind\":\"known\",\"fact\":\"age\"}").test(agedSixtyFive(), NOW).holds())
        .isTrue();
  }

  @Test
  @DisplayName("Text facts compare with == and in, sets with contains")
  void textAndSetComparisons() {
    PatientFacts p = patient().region("Pudong").appointment(visit(30, "whitening", 300)).build();

    assertThat(
            condition(
                    "{\"kind\":\"compare\",\"fact\":\"region\",\"op\":\"==\",\"value\":\"Pudong\"}")
                .test(p, NOW)
                .holds())
        .isTrue();
    assertThat(
            condition(
                    "{\"kind\":\"compare\",\"fact\":\"region\",\"op\":\"in\",\"value\":[\"Xuhui\",\"Pudong\"]}")
                .test(p, NOW)
                .holds())
        .isTrue();
    assertThat(
            condition(
                    "{\"kind\":\"compare\",\"fact\":\"region\",\"op\":\"!=\",\"value\":\"Pudong\"}")
                .test(p, NOW)
                .holds())
        .isFalse();
    assertThat(
            condition(
                    "{\"kind\":\"compare\",\"fact\":\"services.used\",\"op\":\"contains\",\"value\":\"whitening\"}")
                .test(p, NOW)
                .holds())
        .isTrue();
    assertThat(
            condition(
                    "{\"kind\":\"compare\",\"fact\":\"services.used\",\"op\":\"contains\",\"value\":\"implant\"}")
                .test(p, NOW)
                .holds())
        .isFalse();
  }

  @Test
  @DisplayName("A window counts from its start inclusive to now exclusive; a shift moves it back")
  void windowsAndShifts() {
    PatientFacts p =
        patient()
            .appointment(visit(365, "cleaning", 80))
            .appointment(visit(366, "cleaning", 80))
            .appointment(visit(500, "cleaning", 80))
            .build();
    Condition thisYear =
        condition(
            "{\"kind\":\"compare\",\"fact\":\"visits.count\",\"service\":\"cleaning\","
                + "\"window\":\"P1Y\",\"op\":\"==\",\"value\":1}");
    Condition yearBefore =
        condition(
            "{\"kind\":\"compare\",\"fact\":\"visits.count\",\"service\":\"cleaning\","
                + "\"window\":\"P1Y\",\"shift\":\"P1Y\",\"op\":\"==\",\"value\":2}");

    assertThat(thisYear.test(p, NOW).holds())
        .isTrue(); // 2025-06-01 12:00 is exactly one year back: inside
    assertThat(yearBefore.test(p, NOW).holds()).isTrue();
  }

  @Test
  @DisplayName("A fact compares with another fact times a factor, and both values are evidence")
  void factAgainstFact() {
    PatientFacts p =
        patient()
            .appointment(visit(100, "cleaning", 80))
            .appointment(visit(300, "cleaning", 80))
            .appointment(visit(400, "cleaning", 80))
            .appointment(visit(500, "cleaning", 80))
            .build();
    String rule =
        "{\"kind\":\"compare\",\"fact\":\"visits.days_since_last\",\"service\":\"cleaning\",\"op\":\">\","
            + "\"to\":{\"fact\":\"visits.interval.median\",\"service\":\"cleaning\",\"times\":%s}}";

    // intervals 200, 100, 100: median 100; 100 days since the last
    assertThat(condition(rule.formatted("0.99")).test(p, NOW).holds()).isTrue();
    Condition.Outcome atThreshold = condition(rule.formatted("1")).test(p, NOW);
    assertThat(atThreshold.holds()).isFalse();
    assertThat(atThreshold.observations())
        .extracting(Observation::fact)
        .containsExactly(
            "visits.days_since_last[service=cleaning]", "visits.interval.median[service=cleaning]");
  }

  @Test
  @DisplayName("all, any and not combine, with the evidence of what decided")
  void combinations() {
    PatientFacts p = patient().birthDate(LocalDate.of(1961, 6, 1)).region("Pudong").build();
    String old = "{\"kind\":\"compare\",\"fact\":\"age\",\"op\":\">=\",\"value\":65}";
    String pudong = "{\"kind\":\"compare\",\"fact\":\"region\",\"op\":\"==\",\"value\":\"Pudong\"}";
    String xuhui = "{\"kind\":\"compare\",\"fact\":\"region\",\"op\":\"==\",\"value\":\"Xuhui\"}";

    Condition.Outcome all =
        condition("{\"kind\":\"all\",\"of\":[" + old + "," + pudong + "]}").test(p, NOW);
    Condition.Outcome allFails =
        condition("{\"kind\":\"all\",\"of\":[" + old + "," + xuhui + "]}").test(p, NOW);
    Condition.Outcome any =
        condition("{\"kind\":\"any\",\"of\":[" + xuhui + "," + old + "]}").test(p, NOW);
    Condition.Outcome not = condition("{\"kind\":\"not\",\"of\":" + xuhui + "}").test(p, NOW);

    assertThat(all.holds()).isTrue();
    assertThat(all.observations()).extracting(Observation::fact).containsExactly("age", "region");
    assertThat(allFails.holds()).isFalse();
    assertThat(any.holds()).isTrue();
    assertThat(any.observations()).extracting(Observation::fact).containsExactly("age");
    assertThat(not.holds()).isTrue();
    assertThat(not.observations())
        .containsExactly(new Observation("region", Optional.of("Pudong")));
  }

  @Test
  @DisplayName("A condition written back to JSON reads to an equal condition")
  void roundTrip() {
    Condition c =
        condition(
            "{\"kind\":\"any\",\"of\":[{\"kind\":\"compare\",\"fact\":\"visits.count\","
                + "\"status\":\"no_show\",\"window\":\"P6M\",\"shift\":\"P1M\",\"op\":\">=\",\"value\":2.5},"
                + "{\"kind\":\"not\",\"of\":{\"kind\":\"known\",\"fact\":\"plaque.mean\"}},"
                + "{\"kind\":\"compare\",\"fact\":\"region\",\"op\":\"in\",\"value\":[\"a\",\"b\"]}]}");

    assertThat(ConditionParser.parse(JsonInput.parse(c.toJson().toString()))).isEqualTo(c);
    assertThat(List.of(c)).hasSize(1);
    assertThat(daysAgo(0)).isEqualTo(NOW);
  }
}
