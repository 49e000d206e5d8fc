package io.careloop.crm.sheet;

import io.careloop.crm.model.facts.AlertSeverity;
import io.careloop.crm.model.facts.Channel;
import io.careloop.crm.model.facts.FeedbackSource;
import io.careloop.crm.model.facts.Sentiment;
import io.careloop.crm.model.facts.VisitStatus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * One fact of a patient as crm_facts_by_patient keeps it: its kind, what tells it from the others
 * of its kind, and its values (JSON). Built by the projections and imports from what they hear,
 * read back by {@link FactsAssembler}.
 */
public record FactRow(String kind, String item, JsonObject data) {

  public static final String APPOINTMENT = "appointment";
  public static final String VISIT = "visit";
  public static final String BRUSHING_DAY = "brushing_day";
  public static final String BRUSH = "brush";
  public static final String ALERT = "alert";
  public static final String CARE_PLAN = "care_plan";
  public static final String FEEDBACK = "feedback";
  public static final String NOTE = "note";

  /** An app appointment ({@link #APPOINTMENT}) or an imported visit ({@link #VISIT}). */
  public static FactRow appointment(
      String kind,
      String item,
      Instant at,
      VisitStatus status,
      String service,
      double price,
      Channel via,
      Instant bookedAt) {
    return new FactRow(
        kind,
        item,
        new JsonObject()
            .put("at", at.toString())
            .put("status", status.json())
            .put("service", service)
            .put("price", price)
            .put("via", via.json())
            .put("bookedAt", bookedAt.toString()));
  }

  /** A day's brushing (UTC day) as device-ingest figures it. */
  public static FactRow brushingDay(
      LocalDate day, int score, int sessions, OptionalDouble plaqueIndex) {
    JsonObject data = new JsonObject().put("score", score).put("sessions", sessions);
    plaqueIndex.ifPresent(p -> data.put("plaque", p));
    return new FactRow(BRUSHING_DAY, day.toString(), data);
  }

  public static FactRow brush(LocalDate pairedOn) {
    return new FactRow(BRUSH, "", new JsonObject().put("pairedOn", pairedOn.toString()));
  }

  public static FactRow alert(UUID alertId, String rule, AlertSeverity severity, Instant openedAt) {
    return new FactRow(
        ALERT,
        alertId.toString(),
        new JsonObject()
            .put("rule", rule)
            .put("severity", severity.json())
            .put("openedAt", openedAt.toString()));
  }

  public static FactRow carePlan(String template, Instant since, Instant endsAt) {
    return new FactRow(
        CARE_PLAN,
        "",
        new JsonObject()
            .put("template", template)
            .put("since", since.toString())
            .put("endsAt", endsAt.toString()));
  }

  public static FactRow feedback(UUID appointmentId, Instant at, int rating, Sentiment sentiment) {
    return new FactRow(
        FEEDBACK,
        appointmentId.toString(),
        sentimentData(at, FeedbackSource.FEEDBACK, sentiment).put("rating", rating));
  }

  public static FactRow note(UUID noteId, Instant at, Sentiment sentiment) {
    return new FactRow(NOTE, noteId.toString(), sentimentData(at, FeedbackSource.NOTE, sentiment));
  }

  private static JsonObject sentimentData(Instant at, FeedbackSource source, Sentiment sentiment) {
    return new JsonObject()
        .put("at", at.toString())
        .put("source", source.json())
        .put("sentiment", sentiment.json());
  }

  Instant instant(String field) {
    return Instant.parse(data.getString(field));
  }

  OptionalInt optionalInt(String field) {
    Integer value = data.getInteger(field);
    return value == null ? OptionalInt.empty() : OptionalInt.of(value);
  }
}
