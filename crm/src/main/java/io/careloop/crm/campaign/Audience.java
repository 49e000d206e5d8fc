package io.careloop.crm.campaign;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Whom a campaign is for: each named dimension must match (any of its values), an empty one matches
 * everyone.
 */
public record Audience(
    Set<String> tiers, Set<String> stages, Set<String> tags, Set<UUID> clinicIds) {

  public Audience {
    tiers = Set.copyOf(tiers);
    stages = Set.copyOf(stages);
    tags = Set.copyOf(tags);
    clinicIds = Set.copyOf(clinicIds);
  }

  /** What is known of one patient when a trigger fires. */
  public record Member(
      Optional<String> tier, Optional<String> stage, Set<String> tags, Set<UUID> clinicIds) {}

  public boolean isEmpty() {
    return tiers.isEmpty() && stages.isEmpty() && tags.isEmpty() && clinicIds.isEmpty();
  }

  public boolean matches(Member m) {
    return (tiers.isEmpty() || m.tier().filter(tiers::contains).isPresent())
        && (stages.isEmpty() || m.stage().filter(stages::contains).isPresent())
        && (tags.isEmpty() || m.tags().stream().anyMatch(tags::contains))
        && (clinicIds.isEmpty() || m.clinicIds().stream().anyMatch(clinicIds::contains));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("tiers", sorted(tiers))
        .put("stages", sorted(stages))
        .put("tags", sorted(tags))
        .put("clinicIds", new JsonArray(clinicIds.stream().map(UUID::toString).sorted().toList()));
  }

  private static JsonArray sorted(Set<String> values) {
    return new JsonArray(values.stream().sorted().toList());
  }
}
