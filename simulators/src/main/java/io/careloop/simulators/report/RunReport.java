package io.careloop.simulators.report;

import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.alerts.rule.Rule;
import io.careloop.simulators.clinical.ClinicalTable;
import io.careloop.simulators.clinical.Judgeable;
import io.careloop.simulators.fleet.Enrolled;
import io.careloop.simulators.fleet.FleetMember;
import io.careloop.simulators.profile.Course;
import io.careloop.simulators.profile.Profile;
import io.careloop.simulators.profile.Upload;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A run's report as JSON: sessions sent, acknowledged, stored, lost and stored twice; latencies;
 * alerts expected (the clinical table, for the rules this run's plan ages can judge), judged (the
 * real rules over what reached CareLoop) and raised (the nurse's list); precision and recall per
 * rule; the faults and the app traffic; throughput and latency second by second.
 */
public final class RunReport {

  /** What the report is made of. */
  public record Inputs(
      String name,
      JsonObject meta,
      Instant end,
      List<FleetMember> members,
      Map<String, Enrolled> enrolled,
      RunLog log,
      Observed observed,
      Map<UUID, Set<String>> judged) {}

  private final Inputs in;
  private final Latency toStored = new Latency();
  private final Latency toAlert = new Latency();
  private final Map<Long, List<Long>> storeLatencyBySecond = new TreeMap<>();
  private final Map<Long, Long> storedBySecond = new TreeMap<>();

  private RunReport(Inputs in) {
    this.in = in;
  }

  public static JsonObject build(Inputs in) {
    return new RunReport(in).json();
  }

  private JsonObject json() {
    JsonObject sessions = sessions();
    JsonObject alerts = alerts();
    return new JsonObject()
        .put("scenario", in.name())
        .put("meta", in.meta())
        .put("startedAt", in.log().start().toString())
        .put("endedAt", in.end().toString())
        .put("sessions", sessions)
        .put(
            "latencyMs",
            new JsonObject()
                .put("publishToStored", toStored.json())
                .put("publishToAlert", toAlert.json()))
        .put("alerts", alerts)
        .put("traffic", new JsonObject(new LinkedHashMap<>(in.log().trafficCounts())))
        .put("faults", faults())
        .put("timeline", timeline());
  }

  // ---------------------------------------------------------------- sessions

  private JsonObject sessions() {
    Set<String> due = new LinkedHashSet<>();
    in.members()
        .forEach(
            m ->
                m.uploads().stream()
                    .filter(u -> !u.copy())
                    .map(Upload::sessionKey)
                    .forEach(due::add));
    Map<String, RunLog.Track> tracks = in.log().tracks();
    List<String> lost = new ArrayList<>();
    long lostNoSubscribers = 0;
    long noSubscribers = 0;
    List<String> twice = new ArrayList<>();
    long stored = 0;
    long storedUnacknowledged = 0;
    for (String key : due) {
      List<Observed.StoredCopy> copies = in.observed().stored().getOrDefault(key, List.of());
      RunLog.Track track = tracks.get(key);
      boolean acked = track != null && track.acknowledged != null;
      stored += copies.isEmpty() ? 0 : 1;
      storedUnacknowledged += !copies.isEmpty() && !acked ? 1 : 0;
      noSubscribers += track != null && track.noSubscribers() ? 1 : 0;
      if (acked && copies.isEmpty()) {
        lost.add(key);
        lostNoSubscribers += track.noSubscribers() ? 1 : 0;
      }
      if (copies.size() > 1) {
        twice.add(key);
      }
      if (!copies.isEmpty() && track != null) {
        latencyToStored(track, copies.get(0));
      }
    }
    return new JsonObject()
        .put("due", due.size())
        .put("published", in.log().sessionsPublished())
        .put("publishes", in.log().publishedCount())
        .put("acknowledged", in.log().sessionsAcknowledged())
        .put("stored", stored)
        .put("lost", lost.size())
        .put("lostAfterNoMatchingSubscribers", lostNoSubscribers)
        .put("acknowledgedNoMatchingSubscribers", noSubscribers)
        .put("storedTwice", twice.size())
        .put("unacknowledged", in.log().sessionsPublished() - in.log().sessionsAcknowledged())
        .put("storedWithoutPuback", storedUnacknowledged)
        .put("failedPublishes", in.log().failedCount())
        .put("droppedByBrushes", in.log().droppedCount())
        .put("failedConnects", in.log().connectFailures())
        .put("lostKeys", new JsonArray(lost.stream().limit(20).toList()))
        .put("storedTwiceKeys", new JsonArray(twice.stream().limit(20).toList()));
  }

  private void latencyToStored(RunLog.Track track, Observed.StoredCopy copy) {
    long millis = Duration.between(track.firstPublish, copy.receivedAt()).toMillis();
    toStored.record(millis);
    long second = second(track.firstPublish);
    storeLatencyBySecond.computeIfAbsent(second, s -> new ArrayList<>()).add(Math.max(0, millis));
    storedBySecond.merge(second(copy.receivedAt()), 1L, Long::sum);
  }

  private long second(Instant at) {
    return Math.max(0, Duration.between(in.log().start(), at).getSeconds());
  }

  // ---------------------------------------------------------------- alerts

  /** Counts of one rule over every patient with a row in the clinical table. */
  private static final class RuleScore {
    int truePositives;
    int falsePositives;
    int knownFalseAlarms;
    int falseNegatives;

    JsonObject json(String rule) {
      JsonObject json =
          new JsonObject()
              .put("rule", rule)
              .put("tp", truePositives)
              .put("fp", falsePositives)
              .put("fn", falseNegatives)
              .put("knownFalseAlarms", knownFalseAlarms);
      if (truePositives + falsePositives > 0) {
        json.put("precision", (double) truePositives / (truePositives + falsePositives));
      }
      if (truePositives + falseNegatives > 0) {
        json.put("recall", (double) truePositives / (truePositives + falseNegatives));
      }
      return json;
    }
  }

  private JsonObject alerts() {
    Map<String, RuleScore> scores = new TreeMap<>();
    Map<String, JsonObject> rows = new LinkedHashMap<>();
    int expectedTotal = 0;
    int raisedTotal = 0;
    int judgedMismatches = 0;
    for (FleetMember m : in.members()) {
      Enrolled e = in.enrolled().get(m.deviceId());
      if (e == null) {
        continue;
      }
      for (int w = 0; w < e.tenures().size(); w++) {
        Enrolled.Tenure tenure = e.tenures().get(w);
        PlanTemplate plan = m.spec().plan();
        Set<String> raised =
            in.observed().alerts().getOrDefault(tenure.patient().id(), Map.of()).keySet();
        Set<String> judged = in.judged().getOrDefault(tenure.patient().id(), Set.of());
        judgedMismatches += symmetricDifference(raised, judged);
        raisedTotal += raised.size();
        latencyToAlerts(tenure.patient().id());
        Profile profile = w == 0 ? m.spec().profile() : Course.SECOND_WEARER;
        var row = ClinicalTable.rowOf(profile, m.spec().quirks(), w);
        if (row.isEmpty()) {
          continue;
        }
        Set<String> judgeable = judgeable(plan, tenure.planStart(), m);
        var expectation = ClinicalTable.expectation(row.get(), plan);
        Set<String> expected = new LinkedHashSet<>(expectation.should());
        expected.retainAll(judgeable);
        expectedTotal += expected.size();
        score(scores, plan, expected, raised, expectation.knownFalseAlarms().keySet());
        JsonObject r =
            rows.computeIfAbsent(
                row.get().id() + " / " + plan.json(),
                k -> newRow(row.get(), plan, expected, expectation, judgeable));
        r.put("patients", r.getInteger("patients") + 1);
        raised.forEach(rule -> increment(r.getJsonObject("raised"), rule));
        judged.forEach(rule -> increment(r.getJsonObject("judged"), rule));
      }
    }
    JsonArray byRule = new JsonArray();
    scores.forEach((rule, s) -> byRule.add(s.json(rule)));
    return new JsonObject()
        .put("expected", expectedTotal)
        .put("raised", raisedTotal)
        .put("raisedNotAsJudged", judgedMismatches)
        .put("byRow", new JsonArray(new ArrayList<>(rows.values())))
        .put("byRule", byRule);
  }

  private Set<String> judgeable(PlanTemplate plan, Instant planStart, FleetMember m) {
    Set<String> rules = new LinkedHashSet<>();
    for (Rule rule : plan.rules(plan.defaults())) {
      if (Judgeable.inRun(rule, planStart, in.end(), m.course().spec().zone())) {
        rules.add(rule.id());
      }
    }
    return rules;
  }

  private static JsonObject newRow(
      ClinicalTable.Row row,
      PlanTemplate plan,
      Set<String> expected,
      ClinicalTable.Expectation expectation,
      Set<String> judgeable) {
    Set<String> notJudged = new LinkedHashSet<>();
    plan.rules(plan.defaults())
        .forEach(
            r -> {
              if (!judgeable.contains(r.id())) {
                notJudged.add(r.id());
              }
            });
    return new JsonObject()
        .put("row", row.id())
        .put("plan", plan.json())
        .put("summary", row.summary())
        .put("patients", 0)
        .put("expected", new JsonArray(List.copyOf(expected)))
        .put(
            "knownFalseAlarms", new JsonObject(new LinkedHashMap<>(expectation.knownFalseAlarms())))
        .put("notJudgeable", new JsonArray(List.copyOf(notJudged)))
        .put("raised", new JsonObject())
        .put("judged", new JsonObject());
  }

  private static void score(
      Map<String, RuleScore> scores,
      PlanTemplate plan,
      Set<String> expected,
      Set<String> raised,
      Set<String> knownFalse) {
    for (Rule rule : plan.rules(plan.defaults())) {
      String id = plan.json() + "/" + rule.id();
      boolean e = expected.contains(rule.id());
      boolean r = raised.contains(rule.id());
      RuleScore s = scores.computeIfAbsent(id, k -> new RuleScore());
      if (e && r) {
        s.truePositives++;
      } else if (r) {
        s.falsePositives++;
        s.knownFalseAlarms += knownFalse.contains(rule.id()) ? 1 : 0;
      } else if (e) {
        s.falseNegatives++;
      }
    }
  }

  /**
   * Publish to alert: from the first publish of the session the alert names (its placedAt is the
   * breach time).
   */
  private void latencyToAlerts(UUID patient) {
    Map<Instant, String> byPlacement = new HashMap<>();
    in.observed()
        .stored()
        .forEach(
            (key, copies) ->
                copies.stream()
                    .filter(c -> c.patientId().equals(patient))
                    .forEach(c -> byPlacement.put(c.placedAt(), key)));
    in.observed()
        .alerts()
        .getOrDefault(patient, Map.of())
        .values()
        .forEach(
            alert -> {
              String key = byPlacement.get(Instant.parse(alert.getString("breachAt")));
              RunLog.Track track = key == null ? null : in.log().tracks().get(key);
              if (track != null) {
                toAlert.record(
                    Duration.between(track.firstPublish, Instant.parse(alert.getString("openedAt")))
                        .toMillis());
              }
            });
  }

  private static int symmetricDifference(Set<String> a, Set<String> b) {
    Set<String> union = new LinkedHashSet<>(a);
    union.addAll(b);
    Set<String> both = new LinkedHashSet<>(a);
    both.retainAll(b);
    return union.size() - both.size();
  }

  private static void increment(JsonObject counts, String key) {
    counts.put(key, counts.getInteger(key, 0) + 1);
  }

  // ---------------------------------------------------------------- faults and timeline

  private JsonArray faults() {
    JsonArray faults = new JsonArray();
    for (RunLog.Fault f : in.log().faults()) {
      faults.add(
          new JsonObject()
              .put("name", f.name())
              .put("command", f.command())
              .put("atSec", Duration.between(in.log().start(), f.startedAt()).toMillis() / 1000.0)
              .put("tookSec", Duration.between(f.startedAt(), f.endedAt()).toMillis() / 1000.0)
              .put("exitCode", f.exitCode())
              .put("output", f.output()));
    }
    return faults;
  }

  private JsonArray timeline() {
    Map<Long, long[]> published = in.log().perSecond();
    long last =
        Math.max(
            published.keySet().stream().mapToLong(Long::longValue).max().orElse(0),
            storedBySecond.keySet().stream().mapToLong(Long::longValue).max().orElse(0));
    JsonArray timeline = new JsonArray();
    for (long s = 0; s <= last; s++) {
      long[] p = published.getOrDefault(s, new long[3]);
      JsonObject point =
          new JsonObject()
              .put("t", s)
              .put("published", p[0])
              .put("acknowledged", p[1])
              .put("failed", p[2])
              .put("stored", storedBySecond.getOrDefault(s, 0L));
      List<Long> latencies = storeLatencyBySecond.get(s);
      if (latencies != null) {
        List<Long> sorted = latencies.stream().sorted().toList();
        point
            .put("storeP50Ms", sorted.get(sorted.size() / 2))
            .put("storeMaxMs", sorted.get(sorted.size() - 1));
      }
      timeline.add(point);
    }
    return timeline;
  }
}
