package io.careloop.crm.campaign;

import io.careloop.platform.http.Problem;
import io.careloop.reminders.bus.CampaignBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A campaign's life: drafted by an admin, approved by another, active until ended or its end date.
 * An approved campaign is not edited: a change makes a new version (a draft) that replaces it once
 * approved. Ending one asks reminders to cancel its unsent messages.
 */
public final class Campaigns {

  private static final Logger log = LoggerFactory.getLogger(Campaigns.class);

  /**
   * How long an instance fires from the campaigns it read: every judgement asks, and a sweep judges
   * thousands a second.
   */
  static final Duration ACTIVE_FOR = Duration.ofSeconds(5);

  private final CampaignRepository repository;
  private final Vertx vertx;
  private final Clock clock;
  private volatile Future<List<Campaign>> active;
  private volatile long activeReadAt;

  public Campaigns(CampaignRepository repository, Vertx vertx, Clock clock) {
    this.repository = repository;
    this.vertx = vertx;
    this.clock = clock;
  }

  public Instant now() {
    return clock.instant();
  }

  /** A new draft; nothing is stored when the JSON is not a valid campaign. */
  public Future<Campaign> create(JsonObject json, UUID admin) {
    return store(draft(UUID.randomUUID(), 1, Optional.empty(), CampaignParser.parse(json), admin));
  }

  /**
   * A draft is rewritten in place; an active campaign gets a new version, a draft that replaces it
   * when approved; an ended one is not changed (409).
   */
  public Future<Campaign> edit(UUID id, JsonObject json, UUID admin) {
    CampaignSpec spec = CampaignParser.parse(json);
    return get(id)
        .compose(
            c ->
                switch (c.state()) {
                  case DRAFT ->
                      repository
                          .replaceDraft(id, spec)
                          .compose(
                              done ->
                                  done
                                      ? afterChange(get(id))
                                      : Future.failedFuture(changedMeanwhile(id)));
                  case APPROVED ->
                      store(
                          draft(UUID.randomUUID(), c.version() + 1, Optional.of(id), spec, admin));
                  case ENDED -> Future.failedFuture(ended(id));
                });
  }

  private Campaign draft(
      UUID id, int version, Optional<UUID> supersedes, CampaignSpec spec, UUID admin) {
    return new Campaign(
        id,
        version,
        supersedes,
        spec,
        Campaign.State.DRAFT,
        admin,
        clock.instant(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private Future<Campaign> store(Campaign c) {
    return repository.insert(c).compose(v -> get(c.id()));
  }

  public Future<Campaign> get(UUID id) {
    return repository
        .find(id)
        .map(found -> found.orElseThrow(() -> Problem.notFound("No campaign " + id)));
  }

  /** Every campaign, newest first. */
  public Future<List<Campaign>> all() {
    return repository
        .all()
        .map(
            all ->
                all.stream().sorted(Comparator.comparing(Campaign::createdAt).reversed()).toList());
  }

  /** The campaigns whose triggers fire now, as read at most {@link #ACTIVE_FOR} ago. */
  public Future<List<Campaign>> active() {
    Future<List<Campaign>> read = active;
    if (read == null || read.failed() || System.nanoTime() - activeReadAt > ACTIVE_FOR.toNanos()) {
      activeReadAt = System.nanoTime();
      read = repository.all();
      active = read;
    }
    Instant now = clock.instant();
    return read.map(all -> all.stream().filter(c -> c.activeAt(now)).toList());
  }

  /** This instance reads the campaigns again after its own change. */
  private <T> Future<T> afterChange(Future<T> change) {
    return change.onComplete(done -> active = null);
  }

  /**
   * A second admin approves a draft: its author may not (403), nor may anyone approve twice or
   * after its end (409). The version it replaces ends then. A campaign that replaces a care journey
   * of reminders retires it first, so that no patient gets both.
   */
  public Future<Campaign> approve(UUID id, UUID admin) {
    return get(id)
        .compose(
            c -> {
              if (c.createdBy().equals(admin)) {
                return Future.failedFuture(
                    Problem.forbidden("A campaign is approved by a second admin, not its author"));
              }
              if (c.state() != Campaign.State.DRAFT) {
                return Future.failedFuture(notDraft(c));
              }
              return retireReplacedJourney(c)
                  .compose(v -> repository.approve(id, admin, clock.instant()))
                  .compose(done -> done ? replaced(c) : Future.failedFuture(changedMeanwhile(id)))
                  .compose(v -> afterChange(get(id)));
            });
  }

  private Future<Void> retireReplacedJourney(Campaign c) {
    return SeedCampaigns.journeyReplacedBy(c)
        .map(
            journey ->
                vertx
                    .eventBus()
                    .<CampaignBus.JourneyRef>request(
                        CampaignBus.RETIRE_JOURNEY, new CampaignBus.JourneyRef(journey))
                    .<Void>mapEmpty())
        .orElse(Future.succeededFuture());
  }

  private Future<Void> replaced(Campaign approved) {
    return approved
        .supersedes()
        .map(old -> end(old).<Void>mapEmpty())
        .orElse(Future.succeededFuture());
  }

  /**
   * Ends it: its triggers stop firing, and its unsent messages are cancelled, now and again once
   * every instance has read that it ended (one may plan a message meanwhile). Again is harmless,
   * and cancels what an earlier end could not reach.
   */
  public Future<Campaign> end(UUID id) {
    return afterChange(
        get(id)
            .compose(
                c ->
                    c.state() == Campaign.State.ENDED
                        ? Future.succeededFuture(false)
                        : repository.end(id, clock.instant()))
            .compose(done -> cancelUnsent(id))
            .onSuccess(v -> vertx.setTimer(ACTIVE_FOR.multipliedBy(2).toMillis(), t -> again(id)))
            .compose(v -> get(id)));
  }

  private void again(UUID id) {
    cancelUnsent(id)
        .onFailure(
            err ->
                log.warn(
                    "Unsent messages of ended campaign {} not cancelled again: {}",
                    id,
                    err.toString()));
  }

  private Future<Void> cancelUnsent(UUID id) {
    return CampaignBus.everyPage(vertx.eventBus(), CampaignBus.END, id, CampaignStats.PAGE)
        .mapEmpty();
  }

  private static Problem notDraft(Campaign c) {
    return Problem.conflict(
        "campaign-not-draft",
        "Only a draft is approved",
        "Campaign " + c.id() + " is " + c.state().db() + ", not a draft");
  }

  private static Problem changedMeanwhile(UUID id) {
    return Problem.conflict(
        "campaign-changed",
        "The campaign changed meanwhile",
        "Campaign " + id + " changed; read it again");
  }

  private static Problem ended(UUID id) {
    return Problem.conflict(
        "campaign-ended", "The campaign has ended", "Campaign " + id + " has ended");
  }
}
