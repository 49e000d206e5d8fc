package io.careloop.crm.timeline;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * One thing that happened with a patient.
 *
 * @param id names the fact, so that hearing of it twice stores it once
 *     (appointment:&lt;id&gt;:&lt;version&gt;, ...)
 * @param kind what happened: appointment_booked, visit_completed, brushing_session, alert_opened,
 *     feedback, note, ...
 * @param clinical brushing and alerts: for nurses only
 * @param summary one line a person reads
 * @param data the facts behind it
 */
public record TimelineEntry(
    UUID patientId,
    Instant at,
    String id,
    String kind,
    boolean clinical,
    String summary,
    JsonObject data) {

  /** The same entry with other data (what a view may show of it). */
  public TimelineEntry withData(JsonObject shown) {
    return new TimelineEntry(patientId, at, id, kind, clinical, summary, shown);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("at", at.toString())
        .put("id", id)
        .put("kind", kind)
        .put("clinical", clinical)
        .put("summary", summary)
        .put("data", data);
  }
}
