package io.careloop.crm.record;

import io.careloop.crm.timeline.TimelineEntry;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The last weeks of a patient's brushing, from the sessions in their timeline (nurses only). */
public final class BrushingSummary {

  public static final int DAYS = 30;

  private BrushingSummary() {}

  public static JsonObject of(List<TimelineEntry> entries) {
    List<TimelineEntry> sessions =
        entries.stream().filter(e -> e.kind().equals("brushing_session")).toList();
    JsonObject json = new JsonObject().put("days", DAYS).put("sessions", sessions.size());
    if (sessions.isEmpty()) {
      return json;
    }
    json.put("meanDurationSec", (int) Math.round(mean(sessions, "durationSec")))
        .put("meanCoveragePct", (int) Math.round(mean(sessions, "coveragePct")))
        .put(
            "pressureHighEvents",
            sessions.stream().mapToInt(e -> e.data().getInteger("pressureHighEvents", 0)).sum())
        .put("lastSessionAt", sessions.get(0).at().toString());
    sessions.stream()
        .filter(e -> e.data().getValue("plaqueIndex") != null)
        .findFirst()
        .ifPresent(e -> json.put("latestPlaqueIndex", e.data().getValue("plaqueIndex")));
    return json;
  }

  private static double mean(List<TimelineEntry> sessions, String field) {
    return sessions.stream()
        .mapToDouble(e -> e.data().getNumber(field, 0).doubleValue())
        .average()
        .orElse(0);
  }
}
