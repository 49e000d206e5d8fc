package io.careloop.crm.models;

import io.careloop.crm.bus.CrmCodecs;
import io.careloop.crm.bus.ModelChanged;
import io.careloop.crm.judgement.CurrentJudge;
import io.careloop.crm.model.churn.ChurnModel;
import io.careloop.crm.model.input.InvalidModelInputException;
import io.careloop.crm.model.tag.TagRuleSet;
import io.careloop.crm.model.tier.TierModel;
import io.careloop.crm.models.ModelRepository.Stored;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules and models every instance judges with, kept alike: stored in crm_models, read at start
 * and before each sweep, and read again at once when an instance announces a change. The admin's
 * tag rules are replaced here: a rule set that does not parse, or names an unknown fact, is refused
 * with the place and changes nothing.
 */
public final class Models {

  private static final Logger log = LoggerFactory.getLogger(Models.class);

  private final ModelRepository repository;
  private final CurrentJudge current;
  private final EventBus bus;
  private final Clock clock;
  private MessageConsumer<ModelChanged> consumer;

  public Models(ModelRepository repository, CurrentJudge current, EventBus bus, Clock clock) {
    this.repository = repository;
    this.current = current;
    this.bus = bus;
    this.clock = clock;
    CrmCodecs.register(bus);
  }

  /** Reads every stored rule set and model into the judge. */
  public Future<Void> load() {
    return Future.all(
            load(ModelRepository.TAG_RULES),
            load(ModelRepository.TIERS),
            load(ModelRepository.CHURN))
        .mapEmpty();
  }

  /** Hears the other instances' changes from now on. */
  public Future<Void> listen() {
    consumer =
        bus.consumer(
            CrmCodecs.MODEL_CHANGED,
            m ->
                load(m.body().name())
                    .onFailure(
                        err ->
                            log.warn(
                                "CRM model {} not read again (the next sweep will): {}",
                                m.body().name(),
                                err.toString())));
    return consumer.completion();
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  public TagRuleSet tagRules() {
    return current.models().tagRules();
  }

  /**
   * Replaces the tag rules: applied by this instance to each patient's next judgement at once, by
   * the others when they hear of it (or at their next sweep).
   *
   * @throws InvalidModelInputException naming the place of what is wrong; nothing is stored then
   */
  public Future<TagRuleSet> putTagRules(String body, UUID admin) {
    TagRuleSet rules = TagRuleSet.parse(body);
    Stored stored =
        new Stored(
            ModelRepository.TAG_RULES,
            rules.toJson(),
            new JsonObject().put("rules", rules.rules().size()),
            clock.instant().truncatedTo(ChronoUnit.MILLIS),
            Optional.of(admin));
    return repository
        .save(stored)
        .map(
            v -> {
              current.tagRules(rules);
              announce(ModelRepository.TAG_RULES);
              return rules;
            });
  }

  /** Stores a fitted model and judges with it from now on, here and (once told) everywhere. */
  public Future<Void> fitted(Stored model) {
    return repository
        .save(model)
        .map(
            v -> {
              apply(model);
              announce(model.name());
              return null;
            });
  }

  public Future<Optional<Stored>> stored(String name) {
    return repository.find(name);
  }

  private Future<Void> load(String name) {
    return repository
        .find(name)
        .map(
            found -> {
              found.ifPresent(this::apply);
              return null;
            });
  }

  /**
   * A stored model that no longer reads (a fact renamed by an upgrade) is reported, and the one in
   * use kept.
   */
  private void apply(Stored model) {
    try {
      switch (model.name()) {
        case ModelRepository.TAG_RULES -> current.tagRules(TagRuleSet.parse(model.body()));
        case ModelRepository.TIERS ->
            current.tiers(TierModel.parse(model.body()), model.updatedAt());
        case ModelRepository.CHURN -> current.churn(ChurnModel.parse(model.body()));
        default -> log.warn("Unknown CRM model {} in crm_models", model.name());
      }
    } catch (InvalidModelInputException e) {
      log.error(
          "The stored CRM model {} does not read ({}); judging with the one in use",
          model.name(),
          e.getMessage());
    }
  }

  private void announce(String name) {
    bus.publish(CrmCodecs.MODEL_CHANGED, new ModelChanged(name));
  }
}
