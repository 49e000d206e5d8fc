package io.careloop.crm.judgement;

import io.careloop.crm.model.facts.LifecycleStage;
import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.patient.SearchRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A clinic's patients by stage and by tier (each a count of one partition of the clinic's labelled
 * patients) and the stage transitions of its patients over the last {@value #DAYS} days (one
 * partition a day), for the admin.
 */
public final class ClinicSummary {

  public static final int DAYS = 30;

  private final SearchRepository labels;
  private final StageHistoryRepository history;
  private final Clock clock;

  public ClinicSummary(SearchRepository labels, StageHistoryRepository history, Clock clock) {
    this.labels = labels;
    this.history = history;
    this.clock = clock;
  }

  public Future<JsonObject> of(UUID clinicId) {
    Future<JsonObject> stages =
        counts(
            clinicId,
            "stage:",
            Arrays.stream(LifecycleStage.values()).map(LifecycleStage::json).toList());
    Future<JsonObject> tiers =
        counts(clinicId, "tier:", Arrays.stream(ValueTier.values()).map(ValueTier::json).toList());
    Future<JsonObject> moves = transitions(clinicId);
    return Future.all(stages, tiers, moves)
        .map(
            all ->
                new JsonObject()
                    .put("clinicId", clinicId.toString())
                    .put("byStage", stages.result())
                    .put("byTier", tiers.result())
                    .put("transitions", moves.result()));
  }

  private Future<JsonObject> counts(UUID clinicId, String prefix, List<String> names) {
    List<Future<Long>> counted =
        names.stream().map(n -> labels.countLabelled(clinicId, prefix + n)).toList();
    return Future.all(counted)
        .map(
            all -> {
              JsonObject json = new JsonObject();
              for (int i = 0; i < names.size(); i++) {
                json.put(names.get(i), counted.get(i).result());
              }
              return json;
            });
  }

  private Future<JsonObject> transitions(UUID clinicId) {
    LocalDate today = StageHistoryRepository.day(clock.instant());
    List<Future<List<StageHistoryRepository.Transition>>> days = new ArrayList<>();
    for (int back = 0; back < DAYS; back++) {
      days.add(history.ofClinic(clinicId, today.minusDays(back)));
    }
    return Future.all(days)
        .map(
            all -> {
              Map<String, Integer> byMove = new TreeMap<>();
              days.forEach(
                  d ->
                      d.result()
                          .forEach(
                              t ->
                                  byMove.merge(
                                      (t.from() == null ? "none" : t.from()) + ">" + t.to(),
                                      1,
                                      Integer::sum)));
              JsonArray moves = new JsonArray();
              byMove.forEach(
                  (move, count) ->
                      moves.add(
                          new JsonObject()
                              .put("from", move.substring(0, move.indexOf('>')))
                              .put("to", move.substring(move.indexOf('>') + 1))
                              .put("patients", count)));
              return new JsonObject()
                  .put("days", DAYS)
                  .put("from", today.minusDays(DAYS - 1).toString())
                  .put("total", byMove.values().stream().mapToInt(Integer::intValue).sum())
                  .put("moves", moves);
            });
  }
}
