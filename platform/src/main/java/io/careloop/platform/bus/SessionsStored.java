package io.careloop.platform.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The event of {@link Addresses#SESSION_STORED}: the sessions device-ingest stored in one
 * event-loop turn (one or many), each announced once.
 */
public record SessionsStored(List<StoredSession> sessions) {

  public SessionsStored {
    sessions = List.copyOf(sessions);
  }

  public JsonObject toJson() {
    return new JsonObject().put("sessions", StoredSessions.toJson(sessions));
  }

  public static SessionsStored fromJson(JsonObject json) {
    return new SessionsStored(StoredSessions.fromJson(json.getJsonArray("sessions")));
  }
}
