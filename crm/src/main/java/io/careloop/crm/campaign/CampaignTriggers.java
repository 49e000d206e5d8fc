package io.careloop.crm.campaign;

import io.careloop.crm.bus.StageChanged;
import io.careloop.crm.judgement.Judgements;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.sheet.LastJudgement;
import io.careloop.crm.sheet.SheetRepository;
import io.careloop.crm.sheet.StageState;
import io.careloop.crm.sheet.TagState;
import io.careloop.platform.bus.Addresses;
import io.careloop.reminders.bus.CampaignBus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires campaigns on what the CRM learns of a patient (a stage entered, a tag gained or lost) and
 * decides for each matching one: held back (no app account, over the frequency cap, no consent),
 * held out (the control group) or planned with reminders. A decision is claimed once per campaign,
 * patient and firing, so a transition heard twice or by two instances decides and sends once.
 */
public final class CampaignTriggers {

  private static final Logger log = LoggerFactory.getLogger(CampaignTriggers.class);

  /**
   * One firing for one patient.
   *
   * @param occurrence names the firing: the same event heard again names the same
   * @param fires which triggers it fires
   */
  public record Firing(
      UUID patientId,
      Optional<UUID> accountId,
      String occurrence,
      Instant at,
      Audience.Member member,
      Predicate<CampaignTrigger> fires) {}

  private final Campaigns campaigns;
  private final CampaignRepository repository;
  private final SheetRepository sheets;
  private final Patients patients;
  private final EventBus bus;
  private MessageConsumer<StageChanged> consumer;

  public CampaignTriggers(
      Campaigns campaigns,
      CampaignRepository repository,
      SheetRepository sheets,
      Patients patients,
      EventBus bus) {
    this.campaigns = campaigns;
    this.repository = repository;
    this.sheets = sheets;
    this.patients = patients;
    this.bus = bus;
  }

  /** Hears stage transitions (every instance does) and this instance's tag changes. */
  public void listen(Judgements judgements) {
    CampaignBus.register(bus);
    consumer =
        bus.consumer(
            Addresses.STAGE_CHANGED,
            m -> report(onStageChanged(m.body()), "stage change of " + m.body().patientId()));
    judgements.afterJudged(
        judged -> {
          for (TagState gained : judged.changes().gained()) {
            report(
                onTag(
                    judged.patientId(),
                    gained.tag(),
                    true,
                    gained.since(),
                    judged.changes().after()),
                "tag");
          }
          for (TagState lost : judged.changes().lost()) {
            report(
                onTag(judged.patientId(), lost.tag(), false, judged.at(), judged.changes().after()),
                "tag");
          }
        });
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private static void report(Future<?> done, String what) {
    done.onFailure(err -> log.warn("Campaigns on {} not decided: {}", what, err.toString()));
  }

  /** Campaigns triggered by entering this stage. */
  public Future<Void> onStageChanged(StageChanged e) {
    return sheets
        .judgement(e.patientId())
        .compose(
            judged ->
                fire(
                    new Firing(
                        e.patientId(),
                        e.accountId(),
                        "stage:" + e.to() + ":" + e.at().toEpochMilli(),
                        e.at(),
                        member(judged, Optional.of(e.to()), e.clinicIds()),
                        t ->
                            t instanceof CampaignTrigger.StageEntered s
                                && s.stage().equals(e.to()))));
  }

  private Future<Void> onTag(
      UUID patientId, String tag, boolean gained, Instant at, LastJudgement after) {
    return patients
        .find(patientId)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture();
              }
              Predicate<CampaignTrigger> fires =
                  gained
                      ? t -> t instanceof CampaignTrigger.TagGained g && g.tag().equals(tag)
                      : t -> t instanceof CampaignTrigger.TagLost l && l.tag().equals(tag);
              return fire(
                  new Firing(
                      patientId,
                      Optional.ofNullable(found.get().accountId()),
                      (gained ? "tag-gained:" : "tag-lost:") + tag + ":" + at.toEpochMilli(),
                      at,
                      member(
                          after, after.stage().map(s -> s.stage().json()), found.get().clinicIds()),
                      fires));
            });
  }

  static Audience.Member member(LastJudgement j, Optional<String> stage, Set<UUID> clinicIds) {
    return new Audience.Member(
        j.tier().map(t -> t.json()),
        stage.or(() -> j.stage().map(StageState::stage).map(s -> s.json())),
        j.tags().keySet(),
        clinicIds);
  }

  /**
   * Decides every active campaign this firing triggers for a patient in its audience, one after the
   * other: the frequency cap counts what the one before planned.
   */
  public Future<Void> fire(Firing f) {
    return campaigns
        .active()
        .compose(
            active -> {
              Future<Decision> chain = Future.succeededFuture();
              for (Campaign c : active) {
                if (f.fires().test(c.spec().trigger()) && c.spec().audience().matches(f.member())) {
                  chain = chain.compose(previous -> decide(c, f));
                }
              }
              return chain.mapEmpty();
            });
  }

  private Future<Decision> decide(Campaign c, Firing f) {
    Decision claim =
        new Decision(
            c.id(),
            f.patientId(),
            f.occurrence(),
            f.at().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
            f.accountId(),
            Decision.DECIDING,
            Optional.empty(),
            Optional.empty());
    return repository
        .claim(claim)
        .compose(
            mine ->
                mine ? outcome(c, f, claim).compose(this::settled) : Future.succeededFuture(claim));
  }

  private Future<Decision> settled(Decision d) {
    return repository.settle(d).map(d);
  }

  private Future<Decision> outcome(Campaign c, Firing f, Decision d) {
    if (f.accountId().isEmpty()) {
      return Future.succeededFuture(heldBack(d, "no-account"));
    }
    CampaignSpec s = c.spec();
    return repository
        .plannedSince(f.patientId(), d.decidedAt().minus(Duration.ofDays(s.capDays())))
        .compose(
            planned ->
                planned >= s.capMessages()
                    ? Future.succeededFuture(heldBack(d, "cap"))
                    : plan(c, f, d));
  }

  private Future<Decision> plan(Campaign c, Firing f, Decision d) {
    CampaignSpec s = c.spec();
    CampaignBus.Plan plan =
        new CampaignBus.Plan(
            c.id(),
            f.accountId().orElseThrow(),
            f.occurrence(),
            s.marketing(),
            ControlGroup.heldOut(c.id(), f.patientId(), s.controlShare()),
            s.message().title(),
            s.message().body(),
            s.message().deepLink(),
            f.at(),
            s.delayDays(),
            s.sendAt(),
            s.endsAt());
    return bus.<CampaignBus.Planned>request(CampaignBus.PLAN, plan)
        .map(
            reply -> {
              CampaignBus.Planned p = reply.body();
              if (p.planned()) {
                return d.as(Decision.PLANNED, Optional.empty(), p.dueAt());
              }
              return p.heldBack().orElse("").equals(CampaignBus.Planned.HELD_OUT)
                  ? d.as(Decision.HELD_OUT, Optional.empty(), Optional.empty())
                  : heldBack(d, p.heldBack().orElse("unknown"));
            });
  }

  private static Decision heldBack(Decision d, String reason) {
    return d.as(Decision.HELD_BACK, Optional.of(reason), Optional.empty());
  }
}
