package io.careloop.crm.feedback;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A patient's feedback after a visit, with the sentiment it was labelled with and by which
 * classifier.
 */
public record Feedback(
    UUID appointmentId,
    UUID patientId,
    int rating,
    String comment,
    String sentiment,
    String classifier,
    Instant givenAt) {

  /** Whether the other says the same (a repeated request rather than a second opinion). */
  public boolean saysSameAs(Feedback other) {
    return rating == other.rating && Objects.equals(comment, other.comment);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("appointmentId", appointmentId.toString())
            .put("rating", rating)
            .put("sentiment", sentiment)
            .put("classifier", classifier)
            .put("givenAt", givenAt.toString());
    if (comment != null) {
      json.put("comment", comment);
    }
    return json;
  }
}
