package io.careloop.platform.bus;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Patients' ratings of providers' visits, as the CRM keeps them ({@link
 * Addresses#PROVIDER_RATINGS}): asked with the providers ({@link #ask}), answered with the mean
 * rating and count of each provider that has any.
 */
public record ProviderRatings(Set<UUID> asked, Map<UUID, Rating> ratings) {

  /** The mean of {@code count} ratings from 1 to 5. */
  public record Rating(double mean, int count) {}

  public ProviderRatings {
    asked = Set.copyOf(asked);
    ratings = Map.copyOf(ratings);
  }

  public ProviderRatings(Map<UUID, Rating> ratings) {
    this(ratings.keySet(), ratings);
  }

  public static ProviderRatings ask(Set<UUID> providers) {
    return new ProviderRatings(providers, Map.of());
  }

  public static void register(EventBus bus) {
    RecordCodec.register(
        bus, ProviderRatings.class, ProviderRatings::toJson, ProviderRatings::fromJson);
  }

  public JsonObject toJson() {
    JsonObject byProvider = new JsonObject();
    ratings.forEach(
        (id, r) ->
            byProvider.put(
                id.toString(), new JsonObject().put("mean", r.mean()).put("count", r.count())));
    return new JsonObject()
        .put("asked", new JsonArray(asked.stream().map(UUID::toString).toList()))
        .put("ratings", byProvider);
  }

  public static ProviderRatings fromJson(JsonObject json) {
    Map<UUID, Rating> ratings = new HashMap<>();
    JsonObject byProvider = json.getJsonObject("ratings", new JsonObject());
    for (String id : byProvider.fieldNames()) {
      JsonObject r = byProvider.getJsonObject(id);
      ratings.put(UUID.fromString(id), new Rating(r.getDouble("mean"), r.getInteger("count")));
    }
    List<UUID> asked =
        json.getJsonArray("asked", new JsonArray()).stream()
            .map(o -> UUID.fromString(String.valueOf(o)))
            .toList();
    return new ProviderRatings(Set.copyOf(asked), ratings);
  }
}
