package io.careloop.simulators.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.simulators.fleet.Pace;
import io.careloop.simulators.profile.Profile;
import io.careloop.simulators.profile.Quirk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A scenario file is read whole or refused whole, every mistake named with its line. */
class ScenarioReaderTest {

  static Scenario read(String yaml) {
    return ScenarioReader.read("test.yaml", yaml, Path.of("."));
  }

  static List<String> mistakes(String yaml) {
    try {
      read(yaml);
    } catch (ScenarioException e) {
      return e.mistakes().stream().map(ScenarioException.Mistake::toString).toList();
    }
    throw new AssertionError("the scenario was accepted");
  }

  @Test
  @DisplayName("A complete file reads into the fleet, pace, traffic and faults it names")
  void complete() {
    Scenario s =
        read(
            """
        name: faults
        careloop:
          api: http://10.0.0.1:8080
          admin: {email: a@b.c, password: secret-secret}
        broker: {uri: tcp://10.0.0.2:1883}
        zone: America/New_York
        seed: 9
        fleet:
          groups:
            - {count: 2, profile: heavy-handed, quirks: [duplicates, clock-skew], plan: post_surgery}
            - {profile: declining, plan: periodontal}
          days: 10
          over: 2m
        traffic: {patients: 3, every: 2s, mix: {book: 1, cancel: 1}}
        faults:
          - {at: 30s, name: broker restart, run: ./restart.sh broker, timeout: 90s}
        settle: 45s
        """);
    assertThat(s.name()).isEqualTo("faults");
    assertThat(s.careloop().api()).isEqualTo("http://10.0.0.1:8080");
    assertThat(s.members()).hasSize(3);
    assertThat(s.members().get(0).profile()).isEqualTo(Profile.HEAVY_HANDED);
    assertThat(s.members().get(0).quirks())
        .containsExactlyInAnyOrder(Quirk.DUPLICATES, Quirk.CLOCK_SKEW);
    assertThat(s.members().get(2).plan()).isEqualTo(PlanTemplate.PERIODONTAL);
    assertThat(s.pace()).isEqualTo(new Pace.Compressed(10, Duration.ofMinutes(2)));
    assertThat(s.traffic().orElseThrow().mix()).containsOnlyKeys("book", "cancel");
    assertThat(s.faults())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.at()).isEqualTo(Duration.ofSeconds(30));
              assertThat(f.timeout()).isEqualTo(Duration.ofSeconds(90));
            });
    assertThat(s.settle()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  @DisplayName("A replay sent faster keeps its days, and its faults keep their share of the way")
  void replayedFaster() {
    Scenario s =
        read(
            """
        name: f
        fleet: {brushes: 2, days: 10, over: 80s}
        faults:
          - {at: 20s, name: broker restart, run: ./restart.sh}
          - {at: 60s, name: ingest restart, run: ./restart.sh}
        """);
    Scenario faster = s.replayedIn(Duration.ofSeconds(40));
    assertThat(faster.pace()).isEqualTo(new Pace.Compressed(10, Duration.ofSeconds(40)));
    assertThat(faster.faults())
        .extracting(Scenario.Fault::at)
        .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(30));
    assertThat(faster.members()).isEqualTo(s.members());
    assertThatThrownBy(
            () ->
                read("{\"name\": \"j\", \"fleet\": {\"brushes\": 1, \"duration\": \"1m\"}}")
                    .replayedIn(Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("JSON reads too; a mix fleet takes every profile and plan unless told")
  void jsonAndMix() {
    Scenario s = read("{\"name\": \"j\", \"fleet\": {\"brushes\": 14, \"duration\": \"10m\"}}");
    assertThat(s.members()).hasSize(14);
    assertThat(s.members()).extracting(m -> m.profile()).containsAll(List.of(Profile.values()));
    assertThat(s.pace()).isEqualTo(new Pace.Live(Duration.ofMinutes(10)));
  }

  @Test
  @DisplayName("Every mistake is named with its line and what is wrong, and nothing is returned")
  void mistakesWithLines() {
    List<String> found =
        mistakes(
            """
        name: broken
        seed: -1
        fleet:
          groups:
            - {profile: sloppy, plan: standard}
            - {profile: rushed, plan: post-surgery, count: zero}
          days: 10
          over: 2m
          brushs: 3
        faults:
          - {at: 5m, name: too late, run: "true"}
          - {at: soon, name: when, run: "true"}
        settle: forever
        """);
    assertThat(found)
        .containsExactly(
            "line 2, seed: must be a whole number from 0 to 2147483647, got '-1'",
            "line 5, fleet.groups[0].profile: unknown profile 'sloppy'; one of " + Profile.ids(),
            "line 6, fleet.groups[1].count: must be a whole number from 1 to 100000, got 'zero'",
            "line 6, fleet.groups[1].plan: plan must be one of standard, post_surgery, periodontal, orthodontic,"
                + " got 'post-surgery'",
            "line 9, fleet.brushs: unknown key; fleet takes groups, days, over, duration",
            "line 11, faults[0].at: is after the fleet's end (120 s): it would never happen",
            "line 12, faults[1].at: must be a duration such as 90s, 5m, 1h or 2d, got 'soon'",
            "line 13, settle: must be a duration such as 90s, 5m, 1h or 2d, got 'forever'");
  }

  @Test
  @DisplayName("Missing parts and contradictions are named at the line of their section")
  void missingAndContradictory() {
    assertThat(
            mistakes(
                """
        fleet:
          brushes: 3
          groups: []
          duration: 5m
          days: 2
        """))
        .contains(
            "line 1: 'name' is missing",
            "line 2, fleet: give either 'brushes' (with mix, quirks, plans) or 'groups', not both and not neither",
            "line 2, fleet: give either 'days' and 'over' (a replay of past days) or 'duration' (live), not both");
  }

  @Test
  @DisplayName(
      "A brush that changes hands cannot be replayed: the file says so at the fleet's line")
  void changesHandsNeedsALiveRun() {
    assertThat(
            mistakes(
                """
        name: hands
        fleet:
          groups: [{profile: diligent, quirks: [changes-hands], plan: standard}]
          days: 3
          over: 1m
        """))
        .containsExactly(
            "line 3, fleet: changes-hands needs a live run ('duration'): a replay's sessions all"
                + " go to the first wearer");
  }

  @Test
  @DisplayName("Broken YAML is refused at the line the parser stopped, and an empty file too")
  void notYaml() {
    assertThat(mistakes("name: x\nfleet: [unclosed\n"))
        .singleElement()
        .asString()
        .matches("line [23]: not YAML or JSON.*");
    assertThat(mistakes("")).containsExactly("line 1: the file is empty");
  }

  @Test
  @DisplayName("The message names the file and says nothing was run")
  void message() {
    assertThatThrownBy(() -> read("name: x\n"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("test.yaml: 1 mistake, nothing was run")
        .hasMessageContaining("test.yaml, line 1: 'fleet' is missing");
  }

  @Test
  @DisplayName("The shipped scenarios read without a mistake")
  void shippedScenarios() throws Exception {
    try (var files = Files.list(Path.of("scenarios"))) {
      List<Path> all = files.filter(p -> p.toString().endsWith(".yaml")).toList();
      assertThat(all).isNotEmpty();
      all.forEach(p -> assertThat(ScenarioReader.read(p).members()).as(p.toString()).isNotEmpty());
    }
  }
}
