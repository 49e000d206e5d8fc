package io.careloop.crm.model.churn;

import static io.careloop.crm.model.Patients.NOW;
import static io.careloop.crm.model.Patients.booked;
import static io.careloop.crm.model.Patients.patient;
import static io.careloop.crm.model.Patients.visit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.careloop.crm.model.facts.Channel;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.input.InvalidModelInputException;
import io.careloop.crm.model.synthetic.SyntheticChain;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChurnModelTest {

  @Test
  @DisplayName("Logistic regression recovers the coefficients that generated the labels")
  void recoversCoefficients() {
    SplittableRandom rnd = new SplittableRandom(1);
    List<double[]> x = new ArrayList<>();
    List<Boolean> y = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      double a = rnd.nextDouble(-2, 2);
      double b = rnd.nextDouble(-2, 2);
      x.add(new double[] {a, b});
      y.add(rnd.nextDouble() < 1 / (1 + Math.exp(-(0.5 + 1.5 * a - 1.0 * b))));
    }

    LogisticRegression fit = LogisticRegression.fit(x, y, 0);

    assertThat(fit.probability(new double[] {0, 0}))
        .isCloseTo(1 / (1 + Math.exp(-0.5)), within(0.03));
    assertThat(fit.probability(new double[] {1, 1}))
        .isCloseTo(1 / (1 + Math.exp(-1.0)), within(0.03));
    assertThat(fit.probability(new double[] {-1, 1}))
        .isCloseTo(1 / (1 + Math.exp(2.0)), within(0.03));
  }

  @Test
  @DisplayName("AUC is 1 for a perfect ranking, 0.5 for ties, and counts tied pairs as half")
  void auc() {
    assertThat(ChurnEvaluation.auc(List.of(0.1, 0.2, 0.8, 0.9), List.of(false, false, true, true)))
        .isEqualTo(1.0);
    assertThat(ChurnEvaluation.auc(List.of(0.5, 0.5, 0.5, 0.5), List.of(false, true, false, true)))
        .isEqualTo(0.5);
    assertThat(ChurnEvaluation.auc(List.of(0.1, 0.5, 0.5, 0.9), List.of(false, true, false, true)))
        .isEqualTo(0.875);
  }

  @Test
  @DisplayName("The calibration table puts each prediction in its band")
  void calibration() {
    ChurnEvaluation e =
        ChurnEvaluation.of(List.of(0.05, 0.15, 0.95, 1.0), List.of(false, true, true, true), 10);

    assertThat(e.calibration()).hasSize(10);
    assertThat(e.calibration().get(0).patients()).isEqualTo(1);
    assertThat(e.calibration().get(1).observed()).isEqualTo(1.0);
    assertThat(e.calibration().get(9).patients()).isEqualTo(2);
    assertThat(e.brier()).isCloseTo((0.05 * 0.05 + 0.85 * 0.85 + 0.05 * 0.05) / 4, within(1e-12));
  }

  @Test
  @DisplayName(
      "History gives one example per patient with a visit a year ago, labelled by whether they came back")
  void examples() {
    PatientFacts returned =
        PatientFacts.builder("back", NOW.minusSeconds(86400L * 900))
            .appointment(visit(400, "cleaning", 80))
            .appointment(visit(100, "cleaning", 80))
            .build();
    PatientFacts gone =
        PatientFacts.builder("gone", NOW.minusSeconds(86400L * 900))
            .appointment(visit(400, "cleaning", 80))
            .appointment(booked(10, "cleaning", Channel.APP))
            .build();
    PatientFacts recent = patient().appointment(visit(100, "cleaning", 80)).build();

    List<ChurnModel.Example> examples = ChurnModel.examples(List.of(returned, gone, recent), NOW);

    assertThat(examples).extracting(ChurnModel.Example::patientId).containsExactly("back", "gone");
    assertThat(examples).extracting(ChurnModel.Example::lapsed).containsExactly(false, true);
    assertThat(examples.get(0).features()[0])
        .isCloseTo(Math.log1p(35), within(0.01)); // as it stood a year ago
  }

  @Test
  @DisplayName("A stored model scores alike; one trained on other features is refused")
  void storedModel() {
    List<PatientFacts> chain = new SyntheticChain(3).patients(1500, NOW);
    ChurnModel model = ChurnModel.train(ChurnModel.examples(chain, NOW));

    ChurnModel read = ChurnModel.parse(model.toJson());

    chain
        .subList(0, 50)
        .forEach(p -> assertThat(read.risk(p, NOW)).isCloseTo(model.risk(p, NOW), within(1e-12)));
    assertThat(model.explain()).hasSize(ChurnFeatures.NAMES.size() + 1);
    Assertions.assertThatThrownBy(
            () -> ChurnModel.parse(model.toJson().replace("tenure_years", "age")))
        .isInstanceOf(InvalidModelInputException.class)
        .hasMessageStartingWith("at /features:");
  }
}
