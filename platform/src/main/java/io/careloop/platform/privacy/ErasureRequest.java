package io.careloop.platform.privacy;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Asks a module to erase a person, keeping what the clinic must keep under {@code pseudonym}. */
public record ErasureRequest(DataSubject subject, UUID pseudonym) {

  public JsonObject toJson() {
    return new JsonObject().put("subject", subject.toJson()).put("pseudonym", pseudonym.toString());
  }

  public static ErasureRequest fromJson(JsonObject json) {
    return new ErasureRequest(
        DataSubject.fromJson(json.getJsonObject("subject")),
        UUID.fromString(json.getString("pseudonym")));
  }
}
