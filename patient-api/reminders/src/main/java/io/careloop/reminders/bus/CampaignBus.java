package io.careloop.reminders.bus;

import io.careloop.platform.bus.RecordCodec;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The addresses where reminders takes campaign messages from the CRM, with their typed records. The
 * CRM decides who gets a message; reminders decides when, and sends it once.
 */
public final class CampaignBus {

  /** A {@link Plan} → a {@link Planned}: the message is durable (or held back) when answered. */
  public static final String PLAN = "careloop.reminders.campaign-plan";

  /** A {@link CampaignRef} → {@link Outcomes}: its unsent messages cancelled, then counted. */
  public static final String END = "careloop.reminders.campaign-end";

  /** A {@link CampaignRef} → {@link Outcomes}: its messages counted by state and reason. */
  public static final String OUTCOMES = "careloop.reminders.campaign-outcomes";

  /**
   * A {@link JourneyRef} → the same {@link JourneyRef}: the care journey is retired (it plans
   * nothing more), because a campaign that replaces it was approved.
   */
  public static final String RETIRE_JOURNEY = "careloop.reminders.retire-journey";

  private CampaignBus() {}

  /**
   * One campaign message for one patient.
   *
   * @param occurrence what fired the trigger, so that the same firing heard twice plans once
   * @param triggeredAt the local day of this instant, plus {@code delayDays}, at {@code sendAt}
   * @param endsAt the campaign's end: the message is not sent after it
   * @param holdOut the patient is in the control group: answered {@code held-out} if they could
   *     have received it, nothing planned (so the control group is drawn from who is reachable)
   */
  public record Plan(
      UUID campaignId,
      UUID accountId,
      String occurrence,
      boolean marketing,
      boolean holdOut,
      String title,
      String body,
      Optional<String> deepLink,
      Instant triggeredAt,
      int delayDays,
      LocalTime sendAt,
      Optional<Instant> endsAt) {

    public JsonObject toJson() {
      JsonObject json =
          new JsonObject()
              .put("campaignId", campaignId.toString())
              .put("accountId", accountId.toString())
              .put("occurrence", occurrence)
              .put("marketing", marketing)
              .put("holdOut", holdOut)
              .put("title", title)
              .put("body", body)
              .put("triggeredAt", triggeredAt.toString())
              .put("delayDays", delayDays)
              .put("sendAt", sendAt.toString());
      deepLink.ifPresent(d -> json.put("deepLink", d));
      endsAt.ifPresent(e -> json.put("endsAt", e.toString()));
      return json;
    }

    public static Plan fromJson(JsonObject json) {
      return new Plan(
          UUID.fromString(json.getString("campaignId")),
          UUID.fromString(json.getString("accountId")),
          json.getString("occurrence"),
          json.getBoolean("marketing"),
          json.getBoolean("holdOut"),
          json.getString("title"),
          json.getString("body"),
          Optional.ofNullable(json.getString("deepLink")),
          Instant.parse(json.getString("triggeredAt")),
          json.getInteger("delayDays"),
          LocalTime.parse(json.getString("sendAt")),
          Optional.ofNullable(json.getString("endsAt")).map(Instant::parse));
    }
  }

  /**
   * What became of a {@link Plan}: planned for {@code dueAt}, or not, with the reason (consent,
   * opted-out, no-account, past-end, held-out).
   */
  public record Planned(boolean planned, Optional<String> heldBack, Optional<Instant> dueAt) {

    public static final String HELD_OUT = "held-out";

    public static Planned at(Instant dueAt) {
      return new Planned(true, Optional.empty(), Optional.of(dueAt));
    }

    public static Planned heldBack(String reason) {
      return new Planned(false, Optional.of(reason), Optional.empty());
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("planned", planned);
      heldBack.ifPresent(r -> json.put("heldBack", r));
      dueAt.ifPresent(d -> json.put("dueAt", d.toString()));
      return json;
    }

    public static Planned fromJson(JsonObject json) {
      return new Planned(
          json.getBoolean("planned"),
          Optional.ofNullable(json.getString("heldBack")),
          Optional.ofNullable(json.getString("dueAt")).map(Instant::parse));
    }
  }

  /** Names a care journey. */
  public record JourneyRef(UUID journeyId) {

    public JsonObject toJson() {
      return new JsonObject().put("journeyId", journeyId.toString());
    }

    public static JourneyRef fromJson(JsonObject json) {
      return new JourneyRef(UUID.fromString(json.getString("journeyId")));
    }
  }

  /** Names a campaign. */
  public record CampaignRef(UUID campaignId) {

    public JsonObject toJson() {
      return new JsonObject().put("campaignId", campaignId.toString());
    }

    public static CampaignRef fromJson(JsonObject json) {
      return new CampaignRef(UUID.fromString(json.getString("campaignId")));
    }
  }

  /**
   * A campaign's messages by outcome: {@code sent}, {@code pending}, {@code sending}, and {@code
   * dropped:<reason>} or {@code cancelled:<reason>}; {@code read} when known, how many sent ones
   * were read in the inbox.
   */
  public record Outcomes(Map<String, Integer> counts) {

    public Outcomes {
      counts = Map.copyOf(counts);
    }

    public int count(String outcome) {
      return counts.getOrDefault(outcome, 0);
    }

    public JsonObject toJson() {
      return new JsonObject(new HashMap<>(counts));
    }

    public static Outcomes fromJson(JsonObject json) {
      Map<String, Integer> counts = new HashMap<>();
      json.forEach(e -> counts.put(e.getKey(), ((Number) e.getValue()).intValue()));
      return new Outcomes(counts);
    }
  }

  public static void register(EventBus bus) {
    RecordCodec.register(bus, Plan.class, Plan::toJson, Plan::fromJson);
    RecordCodec.register(bus, Planned.class, Planned::toJson, Planned::fromJson);
    RecordCodec.register(bus, CampaignRef.class, CampaignRef::toJson, CampaignRef::fromJson);
    RecordCodec.register(bus, JourneyRef.class, JourneyRef::toJson, JourneyRef::fromJson);
    RecordCodec.register(bus, Outcomes.class, Outcomes::toJson, Outcomes::fromJson);
  }
}
