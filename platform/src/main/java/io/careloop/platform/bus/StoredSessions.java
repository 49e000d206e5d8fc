package io.careloop.platform.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A list of sessions in a record's JSON. */
final class StoredSessions {

  private StoredSessions() {}

  static JsonArray toJson(List<StoredSession> sessions) {
    return new JsonArray(sessions.stream().map(StoredSession::toJson).toList());
  }

  static List<StoredSession> fromJson(JsonArray array) {
    return array == null
        ? List.of()
        : array.stream().map(o -> StoredSession.fromJson((JsonObject) o)).toList();
  }
}
