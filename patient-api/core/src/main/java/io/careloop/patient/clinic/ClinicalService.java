package io.careloop.patient.clinic;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;

/**
 * A service patients book (check-up, cleaning, orthodontic review, implant consultation). The API
 * calls it a service; the code says clinical service to keep it apart from the Java classes named
 * ...Service. An appointment holds the provider for {@link #occupies()}: its duration and the
 * buffer after it (notes, cleaning the room).
 */
public record ClinicalService(UUID id, String name, Duration duration, Duration bufferAfter) {

  public Duration occupies() {
    return duration.plus(bufferAfter);
  }

  /**
   * The same service taking {@code extra} longer (a patient's access needs), the buffer after it
   * unchanged.
   */
  public ClinicalService withExtraTime(Duration extra) {
    return new ClinicalService(id, name, duration.plus(extra), bufferAfter);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("durationMinutes", duration.toMinutes())
        .put("bufferAfterMinutes", bufferAfter.toMinutes());
  }
}
