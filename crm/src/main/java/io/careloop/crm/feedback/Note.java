package io.careloop.crm.feedback;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** A staff note of a call, visit or message with the patient: the record's contact history. */
public record Note(
    UUID id,
    UUID patientId,
    String channel,
    String text,
    String sentiment,
    String classifier,
    UUID authorId,
    String authorRole,
    Instant at) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("channel", channel)
        .put("text", text)
        .put("sentiment", sentiment)
        .put("classifier", classifier)
        .put("authorId", authorId.toString())
        .put("authorRole", authorRole)
        .put("at", at.toString());
  }
}
