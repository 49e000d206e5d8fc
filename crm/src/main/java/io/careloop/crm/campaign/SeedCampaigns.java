package io.careloop.crm.campaign;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The examples every chain starts with, as drafts by the seed (so any admin may approve them): a
 * personal check-up reminder on entering decline, priority booking offered to strategic patients,
 * and care content seven days after a cleaning (the care journey of reminders, as a campaign:
 * approve it in place of that journey, not beside it).
 */
public final class SeedCampaigns {

  /** The author of the seeded drafts: no admin, so that every admin is a second one. */
  public static final UUID SEED_AUTHOR = new UUID(0, 0);

  public static final UUID DECLINE_CHECK_UP =
      UUID.fromString("5eed0001-0000-4000-8000-000000000001");
  public static final UUID STRATEGIC_PRIORITY =
      UUID.fromString("5eed0001-0000-4000-8000-000000000002");
  public static final UUID AFTER_CLEANING = UUID.fromString("5eed0001-0000-4000-8000-000000000003");

  /**
   * The care journey reminders was seeded with (seven days after a cleaning, an oral-care article),
   * which {@link #AFTER_CLEANING} replaces: approving the campaign retires it, so that nobody gets
   * the article twice.
   */
  public static final UUID AFTER_CLEANING_JOURNEY =
      UUID.fromString("7a6c0b1e-3f1d-4c2a-9b7e-0c1e5a2d9f01");

  private SeedCampaigns() {}

  /** The care journey a campaign replaces once approved, if any. */
  public static Optional<UUID> journeyReplacedBy(Campaign c) {
    boolean afterCleaning =
        c.id().equals(AFTER_CLEANING) || c.supersedes().filter(AFTER_CLEANING::equals).isPresent();
    return afterCleaning ? Optional.of(AFTER_CLEANING_JOURNEY) : Optional.empty();
  }

  /** Stores each seeded campaign that is not there yet; one an admin changed stays as it is. */
  public static Future<Void> seed(CampaignRepository repository, Instant now) {
    List<Future<Boolean>> inserts =
        List.of(
            repository.insert(draft(DECLINE_CHECK_UP, declineCheckUp(), now)),
            repository.insert(draft(STRATEGIC_PRIORITY, strategicPriority(), now)),
            repository.insert(draft(AFTER_CLEANING, afterCleaning(), now)));
    return Future.all(inserts).mapEmpty();
  }

  private static Campaign draft(UUID id, JsonObject spec, Instant now) {
    return new Campaign(
        id,
        1,
        Optional.empty(),
        CampaignParser.parse(spec),
        Campaign.State.DRAFT,
        SEED_AUTHOR,
        now,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  static JsonObject declineCheckUp() {
    return new JsonObject()
        .put("name", "Personal check-up for patients in decline")
        .put("kind", "care")
        .put("audience", new JsonObject().put("stages", new JsonArray().add("decline")))
        .put("trigger", new JsonObject().put("type", "stage-entered").put("stage", "decline"))
        .put("sendAt", "10:00")
        .put(
            "message",
            new JsonObject()
                .put("title", "It has been a while: shall we check on your teeth?")
                .put(
                    "body",
                    "Your clinic would like to see you for a check-up. Pick a time that suits you.")
                .put("deepLink", "careloop://book?service=check-up"))
        .put("controlShare", 0.1);
  }

  static JsonObject strategicPriority() {
    return new JsonObject()
        .put("name", "Priority booking for our strategic patients")
        .put("kind", "marketing")
        .put("consent", "marketing")
        .put("audience", new JsonObject().put("tiers", new JsonArray().add("strategic")))
        .put("trigger", new JsonObject().put("type", "date").put("date", "2027-01-11"))
        .put("sendAt", "11:00")
        .put(
            "message",
            new JsonObject()
                .put("title", "Priority booking for you")
                .put("body", "As a valued patient you can book the first free times before others.")
                .put("deepLink", "careloop://book?priority=true"))
        .put("controlShare", 0.1);
  }

  static JsonObject afterCleaning() {
    return new JsonObject()
        .put("name", "After a cleaning: oral care at home")
        .put("kind", "care")
        .put(
            "audience",
            new JsonObject()
                .put(
                    "stages",
                    new JsonArray(
                        List.of("acquisition", "growth", "maturity", "decline", "churned"))))
        .put("trigger", new JsonObject().put("type", "visit").put("service", "cleaning"))
        .put("delayDays", 7)
        .put("sendAt", "10:00")
        .put(
            "message",
            new JsonObject()
                .put("title", "Keeping your teeth clean at home")
                .put(
                    "body",
                    "A week after your cleaning: five habits that keep plaque away until your next"
                        + " visit.")
                .put("deepLink", "careloop://articles/oral-care-after-cleaning"));
  }
}
