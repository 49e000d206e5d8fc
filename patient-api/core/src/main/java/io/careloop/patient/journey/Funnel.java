package io.careloop.patient.journey;

import io.careloop.patient.journey.JourneyRepository.Step;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A clinic's journey funnel for a period, computed from everyone's steps there. The cohort is the
 * people whose first touch with the clinic (their first step after registering) falls in the
 * period, with the access need asked for if any; for them, each stage counts who reached it (at any
 * time), the drop-off from the stage before, and the median time from the stage before among those
 * who reached both.
 */
public final class Funnel {

  private Funnel() {}

  public static JsonObject of(
      Map<JourneyStage, List<Step>> steps, Instant from, Instant to, Optional<String> need) {
    Map<UUID, Map<JourneyStage, Instant>> people = byPerson(steps);
    Set<UUID> cohort = new HashSet<>();
    people.forEach(
        (person, reached) -> {
          Optional<Instant> firstTouch =
              reached.entrySet().stream()
                  .filter(e -> e.getKey() != JourneyStage.REGISTERED)
                  .map(Map.Entry::getValue)
                  .min(Instant::compareTo);
          if (firstTouch.isPresent()
              && !firstTouch.get().isBefore(from)
              && firstTouch.get().isBefore(to)
              && need.map(n -> needsOf(steps, person).contains(n)).orElse(true)) {
            cohort.add(person);
          }
        });
    JsonArray stages = new JsonArray();
    Integer before = null;
    JourneyStage previous = null;
    for (JourneyStage stage : JourneyStage.values()) {
      List<UUID> at = cohort.stream().filter(p -> people.get(p).containsKey(stage)).toList();
      JsonObject row = new JsonObject().put("stage", stage.json()).put("people", at.size());
      if (previous != null) {
        row.put("dropOff", before - at.size())
            .put("dropOffRate", before == 0 ? 0.0 : round((before - at.size()) / (double) before));
        median(people, at, previous, stage)
            .ifPresent(d -> row.put("medianTimeFromPrevious", d.toString()));
      }
      stages.add(row);
      before = at.size();
      previous = stage;
    }
    JsonObject funnel = new JsonObject().put("people", cohort.size()).put("stages", stages);
    need.ifPresent(n -> funnel.put("need", n));
    return funnel;
  }

  private static Map<UUID, Map<JourneyStage, Instant>> byPerson(
      Map<JourneyStage, List<Step>> steps) {
    Map<UUID, Map<JourneyStage, Instant>> people = new HashMap<>();
    steps.forEach(
        (stage, list) ->
            list.forEach(
                s ->
                    people
                        .computeIfAbsent(s.personId(), p -> new EnumMap<>(JourneyStage.class))
                        .put(stage, s.at())));
    return people;
  }

  /** The needs the person had at any of their steps. */
  private static Set<String> needsOf(Map<JourneyStage, List<Step>> steps, UUID person) {
    Set<String> needs = new HashSet<>();
    steps
        .values()
        .forEach(
            list ->
                list.stream()
                    .filter(s -> s.personId().equals(person))
                    .forEach(s -> needs.addAll(s.needs())));
    return needs;
  }

  private static Optional<Duration> median(
      Map<UUID, Map<JourneyStage, Instant>> people,
      List<UUID> reached,
      JourneyStage previous,
      JourneyStage stage) {
    List<Duration> gaps = new ArrayList<>();
    for (UUID p : reached) {
      Instant before = people.get(p).get(previous);
      if (before != null) {
        gaps.add(Duration.between(before, people.get(p).get(stage)));
      }
    }
    if (gaps.isEmpty()) {
      return Optional.empty();
    }
    gaps.sort(Duration::compareTo);
    int n = gaps.size();
    return Optional.of(
        n % 2 == 1 ? gaps.get(n / 2) : gaps.get(n / 2 - 1).plus(gaps.get(n / 2)).dividedBy(2));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
