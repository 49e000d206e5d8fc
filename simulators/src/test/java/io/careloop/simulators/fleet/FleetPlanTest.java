package io.careloop.simulators.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.simulators.profile.Profile;
import io.careloop.simulators.profile.Quirk;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a fleet sends, and when, before any of it is sent. */
class FleetPlanTest {

  static final Instant NOW = Instant.parse("2026-05-20T10:15:00Z");
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  @DisplayName(
      "A replay of 3 days in 90 s: sessions of the last 3 days up to now, as backlog, spread over the 90 s")
  void replay() {
    Pace pace = new Pace.Compressed(3, Duration.ofSeconds(90));
    Timeline timeline = Timeline.of(pace, NOW);
    List<FleetMember> members =
        FleetPlan.plan(
            FleetMix.of(
                List.of(new FleetMix.Group(2, Profile.DILIGENT, Set.of(), PlanTemplate.STANDARD))),
            Shard.WHOLE,
            pace,
            timeline,
            PARIS,
            0xBEEF,
            1);
    assertThat(members)
        .extracting(FleetMember::deviceId)
        .containsExactly("TB-BEEF0000", "TB-BEEF0001");
    assertThat(members.get(0).uploads())
        .hasSizeBetween(5, 7)
        .allSatisfy(
            u -> {
              assertThat(u.payload().getBoolean("backlog")).isTrue();
              assertThat(u.sendAt()).isBetween(NOW.minus(Duration.ofDays(3)), NOW);
              assertThat(timeline.real(u.sendAt())).isBetween(NOW, NOW.plusSeconds(90));
            });
  }

  @Test
  @DisplayName("Shards split the brushes by index; together they are the whole fleet")
  void shards() {
    List<MemberSpec> specs =
        FleetMix.of(10, Map.of(Profile.RUSHED, 1), Map.of(), List.of(PlanTemplate.STANDARD), 1);
    Pace pace = new Pace.Live(Duration.ofMinutes(5));
    List<Integer> first =
        FleetPlan.plan(specs, Shard.parse("0/3"), pace, Timeline.of(pace, NOW), PARIS, 1, 1)
            .stream()
            .map(m -> m.spec().index())
            .toList();
    List<Integer> third =
        FleetPlan.plan(specs, Shard.parse("2/3"), pace, Timeline.of(pace, NOW), PARIS, 1, 1)
            .stream()
            .map(m -> m.spec().index())
            .toList();
    assertThat(first).containsExactly(0, 3, 6, 9);
    assertThat(third).containsExactly(2, 5, 8);
    assertThatThrownBy(() -> Shard.parse("3/3")).hasMessageContaining("0 <= i < n");
  }

  @Test
  @DisplayName(
      "A mix takes profiles and plans in turn and draws quirks by share, the same for the same seed")
  void mix() {
    List<MemberSpec> specs =
        FleetMix.of(
            8,
            new java.util.LinkedHashMap<>(Map.of(Profile.DILIGENT, 1)),
            Map.of(Quirk.DUPLICATES, 0.5),
            List.of(PlanTemplate.STANDARD, PlanTemplate.PERIODONTAL),
            4);
    assertThat(specs)
        .extracting(MemberSpec::plan)
        .containsExactly(
            PlanTemplate.STANDARD,
            PlanTemplate.PERIODONTAL,
            PlanTemplate.STANDARD,
            PlanTemplate.PERIODONTAL,
            PlanTemplate.STANDARD,
            PlanTemplate.PERIODONTAL,
            PlanTemplate.STANDARD,
            PlanTemplate.PERIODONTAL);
    assertThat(specs.stream().filter(s -> s.quirks().contains(Quirk.DUPLICATES)).count())
        .isBetween(1L, 7L);
    assertThat(
            FleetMix.of(
                8,
                Map.of(Profile.DILIGENT, 1),
                Map.of(Quirk.DUPLICATES, 0.5),
                List.of(PlanTemplate.STANDARD, PlanTemplate.PERIODONTAL),
                4))
        .isEqualTo(specs);
  }
}
