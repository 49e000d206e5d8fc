package io.careloop.crm.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.crm.model.facts.LifecycleStage;
import io.careloop.crm.model.tag.Family;
import io.careloop.crm.sheet.LastJudgement;
import io.careloop.crm.sheet.StageState;
import io.careloop.crm.sheet.TagState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FiringAgainTest {

  private static final Instant NOW = Instant.parse("2027-05-10T12:00:00Z");

  private static LastJudgement judged(Instant stageSince, Map<String, Instant> tagsSince) {
    Map<String, TagState> tags =
        tagsSince.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    Map.Entry::getKey,
                    e -> new TagState(e.getKey(), Family.HEALTH, e.getValue(), List.of())));
    return new LastJudgement(
        Optional.of(NOW),
        Optional.empty(),
        OptionalDouble.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        tags,
        Optional.of(new StageState(LifecycleStage.DECLINE, stageSince, "rule", "reason")));
  }

  private static List<String> again(LastJudgement judged) {
    return CampaignTriggers.enteredBefore(judged, NOW).stream()
        .map(CampaignTriggers.Occurrence::name)
        .toList();
  }

  @Test
  @DisplayName(
      "A stage or tag entered a minute to a day ago is fired again under the name of its first firing")
  void withinTheWindow() {
    Instant stage = NOW.minus(Duration.ofHours(3));
    Instant tag = NOW.minus(CampaignTriggers.REFIRE_AFTER);
    assertThat(again(judged(stage, Map.of("bleeding-gums", tag))))
        .containsExactlyInAnyOrder(
            "stage:decline:" + stage.toEpochMilli(),
            "tag-gained:bleeding-gums:" + tag.toEpochMilli());
  }

  @Test
  @DisplayName(
      "What this judgement entered is left to its own firing, and what is a day old or older is not fired again")
  void outsideTheWindow() {
    assertThat(again(judged(NOW, Map.of("new", NOW.minusSeconds(59))))).isEmpty();
    assertThat(
            again(
                judged(
                    NOW.minus(CampaignTriggers.REFIRE_WITHIN),
                    Map.of("old", NOW.minus(Duration.ofDays(30))))))
        .isEmpty();
    assertThat(again(LastJudgement.NONE)).isEmpty();
  }

  @Test
  @DisplayName("A firing fired again fires the triggers its first firing did, and no other")
  void sameTriggers() {
    CampaignTriggers.Occurrence stage =
        CampaignTriggers.enteredBefore(judged(NOW.minus(Duration.ofHours(1)), Map.of()), NOW)
            .get(0);
    assertThat(stage.fires().test(new CampaignTrigger.StageEntered("decline"))).isTrue();
    assertThat(stage.fires().test(new CampaignTrigger.StageEntered("churned"))).isFalse();
    assertThat(stage.fires().test(new CampaignTrigger.TagGained("decline"))).isFalse();
  }

  @Test
  @DisplayName(
      "A completed visit is fired again under its appointment's name, for the service in any case")
  void visitAgain() {
    java.util.UUID appointment = java.util.UUID.randomUUID();
    Instant start = NOW.minus(Duration.ofHours(2));
    CampaignTriggers.Occurrence visit =
        CampaignTriggers.Occurrence.visit(appointment, start, " Cleaning ");
    assertThat(visit.name()).isEqualTo("visit:" + appointment);
    assertThat(visit.fires().test(new CampaignTrigger.VisitOf("cleaning"))).isTrue();
    assertThat(visit.fires().test(new CampaignTrigger.VisitOf("check-up"))).isFalse();
    assertThat(CampaignTriggers.refireDue(start, NOW)).isTrue();
    assertThat(CampaignTriggers.refireDue(NOW.minus(Duration.ofDays(2)), NOW)).isFalse();
  }
}
