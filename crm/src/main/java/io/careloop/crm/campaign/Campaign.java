package io.careloop.crm.campaign;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A stored campaign: what it says, which version, and where it is in its life. */
public record Campaign(
    UUID id,
    int version,
    Optional<UUID> supersedes,
    CampaignSpec spec,
    State state,
    UUID createdBy,
    Instant createdAt,
    Optional<UUID> approvedBy,
    Optional<Instant> approvedAt,
    Optional<Instant> endedAt) {

  /** Stored states; an approved campaign is active until it ends or its end date passes. */
  public enum State {
    DRAFT,
    APPROVED,
    ENDED;

    public String db() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static State fromDb(String value) {
      return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** draft, active or ended, as the admin sees it at {@code now}. */
  public String status(Instant now) {
    return switch (state) {
      case DRAFT -> "draft";
      case ENDED -> "ended";
      case APPROVED ->
          spec.endsAt().filter(end -> !now.isBefore(end)).isPresent() ? "ended" : "active";
    };
  }

  public boolean activeAt(Instant now) {
    return status(now).equals("active");
  }

  public JsonObject toJson(Instant now) {
    JsonObject json =
        spec.toJson()
            .put("id", id.toString())
            .put("version", version)
            .put("status", status(now))
            .put("createdBy", createdBy.toString())
            .put("createdAt", createdAt.toString());
    supersedes.ifPresent(s -> json.put("supersedes", s.toString()));
    approvedBy.ifPresent(a -> json.put("approvedBy", a.toString()));
    approvedAt.ifPresent(a -> json.put("approvedAt", a.toString()));
    endedAt.ifPresent(e -> json.put("endedAt", e.toString()));
    return json;
  }
}
