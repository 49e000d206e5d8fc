package io.careloop.crm.judgement;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.crm.model.CrmJudge;
import io.careloop.crm.model.PatientJudgement;
import io.careloop.crm.model.facts.Channel;
import io.careloop.crm.model.facts.LifecycleStage;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.model.facts.VisitStatus;
import io.careloop.crm.model.tier.TierModel;
import io.careloop.crm.sheet.LastJudgement;
import io.careloop.crm.sheet.StageState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JudgementChangesTest {

  private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

  private static PatientFacts senior(int visitsDaysAgo) {
    PatientFacts.Builder b =
        PatientFacts.builder("p", NOW.minus(Duration.ofDays(900)))
            .birthDate(LocalDate.of(1950, 1, 1));
    Instant at = NOW.minus(Duration.ofDays(visitsDaysAgo));
    return b.appointment(
            new PatientFacts.Appointment(
                at, VisitStatus.COMPLETED, "check-up", 100, Channel.IMPORT, at))
        .build();
  }

  private static TierModel tiers(double shift) {
    Map<ValueTier, double[]> centres = new EnumMap<>(ValueTier.class);
    centres.put(ValueTier.STRATEGIC, new double[] {5, 5, 5, 1});
    centres.put(ValueTier.GROWTH, new double[] {5, 2, 1, 1});
    centres.put(ValueTier.POTENTIAL, new double[] {1 + shift, 1, 1, 1});
    centres.put(ValueTier.MAINTAIN, new double[] {3 - shift, 2, 2, 1});
    return new TierModel(centres);
  }

  private static JudgementChanges judge(
      LastJudgement before,
      CrmJudge judge,
      PatientFacts facts,
      Instant now,
      Optional<Instant> fittedAt) {
    PatientJudgement judged = judge.judge(facts, now, before.stage().map(StageState::stage));
    return JudgementChanges.between(before, judged, now, fittedAt);
  }

  @Test
  @DisplayName(
      "A first judgement is material: tags gained since now, a first stage, a first tier without a move to record")
  void first() {
    JudgementChanges c =
        judge(
            LastJudgement.NONE,
            CrmJudge.seeded().withTierModel(tiers(0)),
            senior(300),
            NOW,
            Optional.of(NOW));

    assertThat(c.material()).isTrue();
    assertThat(c.gained()).extracting(t -> t.tag()).contains("senior");
    assertThat(c.gained()).allSatisfy(t -> assertThat(t.since()).isEqualTo(NOW));
    assertThat(c.transition())
        .hasValueSatisfying(
            t -> {
              assertThat(t.from()).isEmpty();
              assertThat(t.to()).isEqualTo(LifecycleStage.DECLINE);
            });
    assertThat(c.after().labels()).contains("tag:senior", "stage:decline");
    assertThat(c.tierMove()).hasValueSatisfying(m -> assertThat(m.from()).isEmpty());
  }

  @Test
  @DisplayName(
      "Judged again a day later on the same facts: nothing worth writing (evidence values alone do not count), tags keep their since")
  void sameFactsNextDay() {
    CrmJudge judge = CrmJudge.seeded().withTierModel(tiers(0));
    LastJudgement before =
        judge(LastJudgement.NONE, judge, senior(300), NOW, Optional.of(NOW)).after();

    JudgementChanges c =
        judge(before, judge, senior(301), NOW.plus(Duration.ofDays(1)), Optional.of(NOW));

    assertThat(c.material()).isFalse();
    assertThat(c.gained()).isEmpty();
    assertThat(c.lost()).isEmpty();
    assertThat(c.transition()).isEmpty();
    assertThat(c.after().tags().get("senior").since()).isEqualTo(NOW);
  }

  @Test
  @DisplayName(
      "A tier that changes under new centres is a refit's move; one that changes under the same centres is the scores'")
  void tierMoves() {
    LastJudgement before =
        judge(
                LastJudgement.NONE,
                CrmJudge.seeded().withTierModel(tiers(0)),
                senior(300),
                NOW,
                Optional.of(NOW))
            .after();
    Instant refit = NOW.plus(Duration.ofHours(1));

    JudgementChanges refitted =
        judge(
            before,
            CrmJudge.seeded().withTierModel(tiers(1.5)),
            senior(300),
            refit,
            Optional.of(refit));
    JudgementChanges scored =
        judge(
            before, CrmJudge.seeded().withTierModel(tiers(0)), senior(10), refit, Optional.of(NOW));

    assertThat(before.tier()).contains(ValueTier.MAINTAIN);
    assertThat(refitted.tierMove())
        .hasValueSatisfying(
            m -> {
              assertThat(m.from()).contains(ValueTier.MAINTAIN);
              assertThat(m.to()).isEqualTo(ValueTier.POTENTIAL);
              assertThat(m.reason()).isEqualTo(JudgementChanges.TierMove.REFIT);
            });
    assertThat(scored.tierMove())
        .hasValueSatisfying(
            m -> assertThat(m.reason()).isEqualTo(JudgementChanges.TierMove.SCORES));
  }
}
