package io.careloop.crm.campaign;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Optional;

/**
 * What an admin writes: a message to an audience on a trigger, when, how often at most, and how
 * much of the audience is held out to measure it. Parsed and checked by {@link CampaignParser}.
 *
 * @param delayDays days after the trigger's local day
 * @param sendAt the local time of day in the patient's zone
 * @param capMessages at most this many campaign messages per patient (all campaigns) ...
 * @param capDays ... within this many days
 * @param controlShare the share of the audience held out, from 0 to 0.5
 */
public record CampaignSpec(
    String name,
    Kind kind,
    Audience audience,
    CampaignTrigger trigger,
    int delayDays,
    LocalTime sendAt,
    Message message,
    Optional<Instant> endsAt,
    int capMessages,
    int capDays,
    double controlShare) {

  /** Care needs no consent; marketing needs the patient's. */
  public enum Kind {
    CARE,
    MARKETING;

    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What the patient reads, and where the app opens. */
  public record Message(String title, String body, Optional<String> deepLink) {

    JsonObject toJson() {
      JsonObject json = new JsonObject().put("title", title).put("body", body);
      deepLink.ifPresent(d -> json.put("deepLink", d));
      return json;
    }
  }

  public boolean marketing() {
    return kind == Kind.MARKETING;
  }

  /** The form {@link CampaignParser} reads back. */
  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("name", name)
            .put("kind", kind.json())
            .put("consent", marketing() ? "marketing" : "none")
            .put("audience", audience.toJson())
            .put("trigger", trigger.toJson())
            .put("delayDays", delayDays)
            .put("sendAt", sendAt.toString())
            .put("message", message.toJson())
            .put("frequencyCap", new JsonObject().put("messages", capMessages).put("days", capDays))
            .put("controlShare", controlShare);
    endsAt.ifPresent(e -> json.put("endsAt", e.toString()));
    return json;
  }
}
