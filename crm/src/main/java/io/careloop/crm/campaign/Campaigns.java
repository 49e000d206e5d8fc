package io.careloop.crm.campaign;

import io.careloop.platform.http.Problem;
import io.careloop.reminders.bus.CampaignBus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A campaign's life: drafted by an admin, approved by another, active until ended or its end date.
 * An approved campaign is not edited: a change makes a new version (a draft) that replaces it once
 * approved. Ending one asks reminders to cancel its unsent messages.
 */
public final class Campaigns {

  private final CampaignRepository repository;
  private final EventBus bus;
  private final Clock clock;

  public Campaigns(CampaignRepository repository, EventBus bus, Clock clock) {
    this.repository = repository;
    this.bus = bus;
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
                          .compose(done -> done ? get(id) : Future.failedFuture(changed(id)));
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

  /** The campaigns whose triggers fire now. */
  public Future<List<Campaign>> active() {
    Instant now = clock.instant();
    return repository.all().map(all -> all.stream().filter(c -> c.activeAt(now)).toList());
  }

  /**
   * A second admin approves a draft: its author may not (403), nor may anyone approve twice or
   * after its end (409). The version it replaces ends then.
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
              return repository
                  .approve(id, admin, clock.instant())
                  .compose(done -> done ? replaced(c) : Future.failedFuture(changed(id)))
                  .compose(v -> get(id));
            });
  }

  private Future<Void> replaced(Campaign approved) {
    return approved
        .supersedes()
        .map(old -> end(old).<Void>mapEmpty())
        .orElse(Future.succeededFuture());
  }

  /**
   * Ends it: its triggers stop firing, and its unsent messages are cancelled. Again is harmless,
   * and cancels what an earlier end could not reach.
   */
  public Future<Campaign> end(UUID id) {
    return get(id)
        .compose(
            c ->
                c.state() == Campaign.State.ENDED
                    ? Future.succeededFuture(false)
                    : repository.end(id, clock.instant()))
        .compose(
            done ->
                bus.<CampaignBus.Outcomes>request(CampaignBus.END, new CampaignBus.CampaignRef(id))
                    .mapEmpty())
        .compose(v -> get(id));
  }

  private static Problem notDraft(Campaign c) {
    return Problem.conflict(
        "campaign-not-draft",
        "Only a draft is approved",
        "Campaign " + c.id() + " is " + c.state().db() + ", not a draft");
  }

  private static Problem changed(UUID id) {
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
