package io.careloop.reminders.bus;

import io.careloop.platform.bus.RecordCodec;
import io.vertx.core.Future;
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

  /**
   * A {@link CampaignPage} → {@link Outcomes}: the page's unsent messages cancelled, then counted.
   */
  public static final String END = "careloop.reminders.campaign-end";

  /** A {@link CampaignPage} → {@link Outcomes}: the page's messages counted by state and reason. */
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

  /**
   * A page of a campaign's messages, in the order of their keys: so that no one question grows with
   * the campaign (a hundred thousand messages read at once fill the driver's queue and the heap).
   * {@link #everyPage} asks for them all.
   *
   * @param after the last key of the previous page, empty for the first
   * @param limit at most this many messages, and at most {@link #MAX_PAGE}
   */
  public record CampaignPage(UUID campaignId, Optional<String> after, int limit) {

    public static final int MAX_PAGE = 1_000;

    public CampaignPage {
      if (limit < 1 || limit > MAX_PAGE) {
        throw new IllegalArgumentException("A page holds 1 to " + MAX_PAGE + " messages");
      }
    }

    public JsonObject toJson() {
      JsonObject json =
          new JsonObject().put("campaignId", campaignId.toString()).put("limit", limit);
      after.ifPresent(a -> json.put("after", a));
      return json;
    }

    public static CampaignPage fromJson(JsonObject json) {
      return new CampaignPage(
          UUID.fromString(json.getString("campaignId")),
          Optional.ofNullable(json.getString("after")),
          json.getInteger("limit"));
    }
  }

  /**
   * A campaign's messages (or a page of them) by outcome: {@code sent}, {@code pending}, {@code
   * sending}, and {@code dropped:<reason>} or {@code cancelled:<reason>}; {@code read} when known,
   * how many sent ones were read in the inbox.
   *
   * @param next where the next page starts, empty after the last
   */
  public record Outcomes(Map<String, Integer> counts, Optional<String> next) {

    public static final String READ = "read";

    /** No messages: what pages are added to. */
    public static final Outcomes NONE = new Outcomes(Map.of(READ, 0), Optional.empty());

    public Outcomes {
      counts = Map.copyOf(counts);
    }

    public int count(String outcome) {
      return counts.getOrDefault(outcome, 0);
    }

    /** How many sent ones were read, unless that was not known for one of the pages. */
    public Optional<Integer> read() {
      return Optional.ofNullable(counts.get(READ));
    }

    /** These and a further page's, with the page's {@code next}. */
    public Outcomes plus(Outcomes page) {
      Map<String, Integer> sum = new HashMap<>(counts);
      page.counts.forEach((outcome, n) -> sum.merge(outcome, n, Integer::sum));
      if (read().isEmpty() || page.read().isEmpty()) {
        sum.remove(READ);
      }
      return new Outcomes(sum, page.next);
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("counts", new JsonObject(new HashMap<>(counts)));
      next.ifPresent(n -> json.put("next", n));
      return json;
    }

    public static Outcomes fromJson(JsonObject json) {
      Map<String, Integer> counts = new HashMap<>();
      json.getJsonObject("counts")
          .forEach(e -> counts.put(e.getKey(), ((Number) e.getValue()).intValue()));
      return new Outcomes(counts, Optional.ofNullable(json.getString("next")));
    }
  }

  /**
   * Asks {@code address} ({@link #OUTCOMES} or {@link #END}) for every page of the campaign's
   * messages in turn, {@code pageSize} at a time; the outcomes added up.
   */
  public static Future<Outcomes> everyPage(
      EventBus bus, String address, UUID campaignId, int pageSize) {
    return fromPage(
        bus, address, new CampaignPage(campaignId, Optional.empty(), pageSize), Outcomes.NONE);
  }

  private static Future<Outcomes> fromPage(
      EventBus bus, String address, CampaignPage page, Outcomes sofar) {
    return bus.<Outcomes>request(address, page)
        .compose(
            reply -> {
              Outcomes sum = sofar.plus(reply.body());
              return sum.next().isEmpty()
                  ? Future.succeededFuture(sum)
                  : fromPage(
                      bus,
                      address,
                      new CampaignPage(page.campaignId(), sum.next(), page.limit()),
                      sum);
            });
  }

  public static void register(EventBus bus) {
    RecordCodec.register(bus, Plan.class, Plan::toJson, Plan::fromJson);
    RecordCodec.register(bus, Planned.class, Planned::toJson, Planned::fromJson);
    RecordCodec.register(bus, CampaignPage.class, CampaignPage::toJson, CampaignPage::fromJson);
    RecordCodec.register(bus, JourneyRef.class, JourneyRef::toJson, JourneyRef::fromJson);
    RecordCodec.register(bus, Outcomes.class, Outcomes::toJson, Outcomes::fromJson);
  }
}
