package io.careloop.platform.bus;

import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.UUID;

/** A list of ids in a record's JSON. */
final class Ids {

  private Ids() {}

  static JsonArray toJson(List<UUID> ids) {
    return new JsonArray(ids.stream().map(UUID::toString).toList());
  }

  static List<UUID> fromJson(JsonArray array) {
    return array == null
        ? List.of()
        : array.stream().map(o -> UUID.fromString(String.valueOf(o))).toList();
  }
}
