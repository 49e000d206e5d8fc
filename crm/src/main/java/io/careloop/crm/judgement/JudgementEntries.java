package io.careloop.crm.judgement;

import io.careloop.crm.model.facts.LifecycleStage;
import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.model.stage.StageTransition;
import io.careloop.crm.sheet.TagState;
import io.careloop.crm.timeline.TimelineEntry;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The timeline entries of a judgement's changes: a tag gained or lost, a stage entered, a tier
 * moved. Each is named by what changed and when, so storing it twice stores it once.
 */
final class JudgementEntries {

  private JudgementEntries() {}

  static List<TimelineEntry> of(UUID patientId, JudgementChanges c, Instant at) {
    List<TimelineEntry> entries = new ArrayList<>();
    c.gained().forEach(t -> entries.add(gained(patientId, t)));
    c.lost().forEach(t -> entries.add(lost(patientId, t, at)));
    c.tierMove()
        .filter(m -> m.from().isPresent())
        .ifPresent(m -> entries.add(tier(patientId, m, at)));
    return entries;
  }

  static TimelineEntry stage(UUID patientId, StageTransition t, Instant at) {
    String summary =
        t.from()
                .map(f -> "Stage " + f.json() + " → " + t.to().json())
                .orElse("Stage " + t.to().json())
            + " ("
            + t.ruleId()
            + ")";
    JsonObject data =
        new JsonObject()
            .put("from", t.from().map(LifecycleStage::json).orElse(null))
            .put("to", t.to().json())
            .put("rule", t.ruleId())
            .put("reason", t.reason());
    return new TimelineEntry(
        patientId,
        at,
        "stage:" + at.toEpochMilli() + ":" + t.to().json(),
        "stage_changed",
        false,
        summary,
        data);
  }

  private static TimelineEntry gained(UUID patientId, TagState t) {
    return new TimelineEntry(
        patientId,
        t.since(),
        "tag:" + t.tag() + ":" + t.since().toEpochMilli() + ":added",
        "tag_added",
        false,
        "Tagged " + t.tag() + " (" + String.join(", ", t.ruleIds()) + ")",
        t.toJson());
  }

  private static TimelineEntry lost(UUID patientId, TagState t, Instant at) {
    return new TimelineEntry(
        patientId,
        at,
        "tag:" + t.tag() + ":" + t.since().toEpochMilli() + ":removed",
        "tag_removed",
        false,
        "Tag "
            + t.tag()
            + " removed: "
            + String.join(", ", t.ruleIds())
            + " no longer hold"
            + (t.ruleIds().size() == 1 ? "s" : ""),
        t.toJson().put("removedAt", at.toString()));
  }

  private static TimelineEntry tier(UUID patientId, JudgementChanges.TierMove m, Instant at) {
    String from = m.from().map(ValueTier::json).orElseThrow();
    return new TimelineEntry(
        patientId,
        at,
        "tier:" + at.toEpochMilli(),
        "tier_changed",
        false,
        "Tier " + from + " → " + m.to().json() + " (" + m.reason() + ")",
        new JsonObject().put("from", from).put("to", m.to().json()).put("reason", m.reason()));
  }
}
