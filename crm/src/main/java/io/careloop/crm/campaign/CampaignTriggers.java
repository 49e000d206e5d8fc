package io.careloop.crm.campaign;

import io.careloop.crm.bus.StageChanged;
import io.careloop.crm.judgement.JudgementChanges;
import io.careloop.crm.judgement.Judgements;
import io.careloop.crm.model.facts.VisitStatus;
import io.careloop.crm.patient.CrmPatient;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.projection.AppointmentProjectionRepository;
import io.careloop.crm.projection.KnownAppointment;
import io.careloop.crm.projection.ServiceNames;
import io.careloop.crm.sheet.LastJudgement;
import io.careloop.crm.sheet.SheetRepository;
import io.careloop.crm.sheet.StageState;
import io.careloop.crm.sheet.TagState;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.patient.bus.PatientCodecs;
import io.careloop.platform.bus.Addresses;
import io.careloop.reminders.bus.CampaignBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires campaigns on what the CRM learns of a patient (a stage entered, a tag gained or lost, a
 * visit completed) and decides for each matching one: held back (no app account, over the frequency
 * cap, no consent), held out (the control group) or planned with reminders. A decision is claimed
 * once per campaign, patient and firing, so a transition heard twice or by two instances decides
 * and sends once. What stays undecided after its claim is repaired ({@link #repairUndecided}); a
 * stage, tag or visit whose firing never got as far as its claim is fired again by later judgements
 * ({@link #onJudged}).
 */
public final class CampaignTriggers {

  private static final Logger log = LoggerFactory.getLogger(CampaignTriggers.class);

  /** How long a claimed decision may stay undecided before the repair decides it again. */
  public static final Duration REPAIR_AFTER = Duration.ofMinutes(10);

  /** A patient's turn lasts at most this, should its holder stop. */
  static final Duration TURN_TTL = Duration.ofSeconds(60);

  static final int TURN_TRIES = 10;
  static final Duration TURN_WAIT = Duration.ofMillis(50);

  /**
   * A stage entered, a tag gained or a visit completed this long ago at most is fired again by the
   * patient's later judgements (the sweep's, every hour, or an event's), in case its first firing
   * never claimed a decision: a read that failed before the claim, an instance that stopped between
   * storing a transition and announcing it, an event lost. Only campaigns approved by then take it.
   */
  public static final Duration REFIRE_WITHIN = Duration.ofDays(1);

  /** Younger than this, a firing is left to the event that announced it. */
  public static final Duration REFIRE_AFTER = Duration.ofMinutes(1);

  /**
   * One firing for one patient.
   *
   * @param occurrence names the firing: the same event heard again names the same
   * @param fires which triggers it fires
   * @param again fired again by a later judgement: decided only where nothing was claimed, and only
   *     for campaigns approved by {@code at}
   */
  public record Firing(
      UUID patientId,
      Optional<UUID> accountId,
      String occurrence,
      Instant at,
      Audience.Member member,
      Predicate<CampaignTrigger> fires,
      boolean again) {}

  private final Campaigns campaigns;
  private final CampaignRepository repository;
  private final SheetRepository sheets;
  private final AppointmentProjectionRepository appointments;
  private final Patients patients;
  private final Vertx vertx;
  private final EventBus bus;
  private final ServiceNames services;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private long repairTimer = -1;

  public CampaignTriggers(
      Campaigns campaigns,
      CampaignRepository repository,
      SheetRepository sheets,
      AppointmentProjectionRepository appointments,
      Patients patients,
      Vertx vertx,
      ServiceNames services) {
    this.campaigns = campaigns;
    this.repository = repository;
    this.sheets = sheets;
    this.appointments = appointments;
    this.patients = patients;
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.services = services;
  }

  /**
   * Hears stage transitions and appointment changes (every instance does) and this instance's tag
   * changes.
   */
  public void listen(Judgements judgements) {
    CampaignBus.register(bus);
    PatientCodecs.register(bus);
    consumers.add(
        bus.<StageChanged>consumer(
            Addresses.STAGE_CHANGED,
            m -> report(onStageChanged(m.body()), "stage change of " + m.body().patientId())));
    consumers.add(
        bus.<AppointmentChanged>consumer(
            Addresses.APPOINTMENT_CHANGED, m -> report(onAppointment(m.body()), "appointment")));
    judgements.afterJudged(
        judged -> report(onJudged(judged), "judgement of " + judged.patientId()));
  }

  public Future<Void> stop(Vertx vertx) {
    if (repairTimer >= 0) {
      vertx.cancelTimer(repairTimer);
      repairTimer = -1;
    }
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
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
                    Occurrence.stage(e.to(), e.at())
                        .firing(
                            e.patientId(),
                            e.accountId(),
                            member(judged, Optional.of(e.to()), e.clinicIds()),
                            false)));
  }

  /** Campaigns triggered by a completed visit of a service, from the visit's day. */
  public Future<Void> onAppointment(AppointmentChanged e) {
    if (!e.change().equals("completed") || e.patientErased()) {
      return Future.succeededFuture();
    }
    Appointment a = e.appointment();
    return Future.all(services.name(a.serviceId()), patients.find(a.patientId()))
        .compose(
            both -> {
              Optional<String> service = both.resultAt(0);
              Optional<CrmPatient> patient = both.resultAt(1);
              if (service.isEmpty() || patient.isEmpty()) {
                return Future.succeededFuture();
              }
              return sheets
                  .judgement(patient.get().id())
                  .compose(
                      judged ->
                          fire(
                              Occurrence.visit(a.id(), a.start(), service.get())
                                  .firing(
                                      patient.get().id(),
                                      Optional.of(a.patientId()),
                                      member(
                                          judged,
                                          Optional.empty(),
                                          with(patient.get().clinicIds(), a.clinicId())),
                                      false)));
            });
  }

  /**
   * Campaigns triggered by the tags a judgement gave or took, and campaigns of today's date (UTC)
   * for every patient judged today: the sweep judges everyone, so a dated campaign reaches its
   * whole audience that day, each patient once. Fires again what the patient entered or completed
   * within {@link #REFIRE_WITHIN} ({@link #enteredBefore}, {@link #visitsBefore}).
   */
  public Future<Void> onJudged(Judgements.Judged judged) {
    Instant at = judged.at();
    JudgementChanges changes = judged.changes();
    LocalDate today = at.atZone(ZoneOffset.UTC).toLocalDate();
    List<Occurrence> entered = enteredBefore(changes.after(), at);
    boolean visited =
        judged.facts().appointments().stream()
            .anyMatch(a -> a.status() == VisitStatus.COMPLETED && refireDue(a.at(), at));
    return campaigns
        .active()
        .compose(
            active -> {
              boolean dated =
                  active.stream()
                      .anyMatch(
                          c ->
                              c.spec().trigger() instanceof CampaignTrigger.OnDate d
                                  && d.date().equals(today));
              List<Occurrence> again =
                  entered.stream()
                      .filter(
                          e -> active.stream().anyMatch(c -> e.fires().test(c.spec().trigger())))
                      .toList();
              boolean visits =
                  visited
                      && active.stream()
                          .anyMatch(c -> c.spec().trigger() instanceof CampaignTrigger.VisitOf);
              if (!dated
                  && again.isEmpty()
                  && !visits
                  && changes.gained().isEmpty()
                  && changes.lost().isEmpty()) {
                return Future.succeededFuture();
              }
              return patients
                  .find(judged.patientId())
                  .compose(
                      found ->
                          found
                              .map(p -> fireJudged(p, at, today, dated, changes, again, visits))
                              .orElseGet(Future::succeededFuture));
            });
  }

  /** Whether what happened then is fired again at {@code at}. */
  static boolean refireDue(Instant happened, Instant at) {
    return happened.isAfter(at.minus(REFIRE_WITHIN)) && !happened.isAfter(at.minus(REFIRE_AFTER));
  }

  /**
   * The stage and tags the patient entered before this judgement, within {@link #REFIRE_WITHIN} and
   * at least {@link #REFIRE_AFTER} ago: their firings are fired again.
   */
  static List<Occurrence> enteredBefore(LastJudgement judged, Instant at) {
    List<Occurrence> entered = new ArrayList<>();
    judged
        .stage()
        .filter(s -> refireDue(s.since(), at))
        .ifPresent(s -> entered.add(Occurrence.stage(s.stage().json(), s.since())));
    judged.tags().values().stream()
        .filter(t -> refireDue(t.since(), at))
        .forEach(t -> entered.add(Occurrence.tag(t.tag(), t.since())));
    return entered;
  }

  /**
   * The patient's app visits completed from their start within {@link #REFIRE_WITHIN} and at least
   * {@link #REFIRE_AFTER} ago, as the CRM's record of their appointments has them, to fire again.
   */
  private Future<List<Firing>> visitsBefore(CrmPatient p, LastJudgement after, Instant at) {
    return appointments
        .ofPatient(p.id())
        .compose(
            known ->
                Future.all(
                    known.stream()
                        .filter(a -> a.status().equals(VisitStatus.COMPLETED.json()))
                        .filter(a -> refireDue(a.start(), at))
                        .map(a -> visitAgain(p, after, a))
                        .toList()))
        .map(all -> all.<Optional<Firing>>list().stream().flatMap(Optional::stream).toList());
  }

  private Future<Optional<Firing>> visitAgain(
      CrmPatient p, LastJudgement after, KnownAppointment a) {
    Audience.Member member = member(after, Optional.empty(), with(p.clinicIds(), a.clinicId()));
    return services
        .name(a.serviceId())
        .map(
            name ->
                name.map(
                    service ->
                        Occurrence.visit(a.id(), a.start(), service)
                            .firing(p.id(), Optional.ofNullable(p.accountId()), member, true)));
  }

  private static Set<UUID> with(Set<UUID> clinicIds, UUID clinicId) {
    Set<UUID> clinics = new HashSet<>(clinicIds);
    clinics.add(clinicId);
    return clinics;
  }

  private Future<Void> fireJudged(
      CrmPatient p,
      Instant at,
      LocalDate today,
      boolean dated,
      JudgementChanges changes,
      List<Occurrence> again,
      boolean visits) {
    LastJudgement after = changes.after();
    return (visits ? visitsBefore(p, after, at) : Future.succeededFuture(List.<Firing>of()))
        .compose(visitsAgain -> fireAll(firings(p, at, today, dated, changes, again, visitsAgain)));
  }

  private List<Firing> firings(
      CrmPatient p,
      Instant at,
      LocalDate today,
      boolean dated,
      JudgementChanges changes,
      List<Occurrence> again,
      List<Firing> visitsAgain) {
    LastJudgement after = changes.after();
    Audience.Member member = member(after, after.stage().map(s -> s.stage().json()), p.clinicIds());
    Optional<UUID> account = Optional.ofNullable(p.accountId());
    List<Firing> firings = new ArrayList<>(visitsAgain);
    for (TagState gained : changes.gained()) {
      firings.add(
          Occurrence.tag(gained.tag(), gained.since()).firing(p.id(), account, member, false));
    }
    for (Occurrence e : again) {
      firings.add(e.firing(p.id(), account, member, true));
    }
    for (TagState lost : changes.lost()) {
      firings.add(
          new Firing(
              p.id(),
              account,
              "tag-lost:" + lost.tag() + ":" + at.toEpochMilli(),
              at,
              member,
              t -> t instanceof CampaignTrigger.TagLost l && l.tag().equals(lost.tag()),
              false));
    }
    if (dated) {
      firings.add(
          new Firing(
              p.id(),
              account,
              "date:" + today,
              at,
              member,
              t -> t instanceof CampaignTrigger.OnDate d && d.date().equals(today),
              false));
    }
    return firings;
  }

  private Future<Void> fireAll(List<Firing> firings) {
    Future<Void> chain = Future.succeededFuture();
    for (Firing f : firings) {
      chain = chain.compose(v -> fire(f));
    }
    return chain;
  }

  /**
   * A stage entered, a tag gained or a visit completed: the name of its firing (the same for every
   * instance and every later judgement), when it happened, and the triggers it fires.
   */
  record Occurrence(String name, Instant at, Predicate<CampaignTrigger> fires) {

    static Occurrence stage(String stage, Instant since) {
      return new Occurrence(
          "stage:" + stage + ":" + since.toEpochMilli(),
          since,
          t -> t instanceof CampaignTrigger.StageEntered s && s.stage().equals(stage));
    }

    static Occurrence tag(String tag, Instant since) {
      return new Occurrence(
          "tag-gained:" + tag + ":" + since.toEpochMilli(),
          since,
          t -> t instanceof CampaignTrigger.TagGained g && g.tag().equals(tag));
    }

    /** A visit of the service named {@code service}, from the visit's start. */
    static Occurrence visit(UUID appointmentId, Instant start, String service) {
      String name = service.trim().toLowerCase(Locale.ROOT);
      return new Occurrence(
          "visit:" + appointmentId,
          start,
          t -> t instanceof CampaignTrigger.VisitOf v && v.service().equals(name));
    }

    Firing firing(UUID patientId, Optional<UUID> accountId, Audience.Member member, boolean again) {
      return new Firing(patientId, accountId, name, at, member, fires, again);
    }
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
                if (f.fires().test(c.spec().trigger())
                    && c.spec().audience().matches(f.member())
                    && (!f.again() || approvedBy(c, f.at()))) {
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
            f.at().truncatedTo(ChronoUnit.MILLIS),
            f.accountId(),
            Decision.DECIDING,
            Optional.empty(),
            Optional.empty());
    // Every instance hears the firing; one that hears it after another claimed it stops at this
    // read, sparing the turn's two LWTs. The claim in the turn reads again, to decide once.
    return repository
        .claimed(c.id(), f.patientId(), f.occurrence())
        .compose(before -> before ? Future.succeededFuture(false) : stillActive(c))
        .compose(active -> active ? claimInTurn(c, claim) : Future.succeededFuture(false))
        .map(claim);
  }

  /**
   * Claims the decision in the patient's turn and, if it was not claimed before, decides and
   * settles it; true if settled now. The turn is a lightweight transaction on the patient's own
   * partition, so claims for many patients never contend: a claim on the campaign's one partition
   * did, and under a large audience Cassandra timed out hundreds of them (issue 27, the campaign
   * benchmark). An instance that cannot get the turn leaves the firing to its holder when the
   * holder is deciding this very firing (the other instance heard it too) or has claimed it.
   */
  private Future<Boolean> claimInTurn(Campaign c, Decision d) {
    return inTurn(
        d,
        () ->
            repository
                .claim(d, campaigns.now())
                .compose(
                    mine ->
                        mine
                            ? outcome(c, d).compose(repository::settle)
                            : Future.succeededFuture(false)),
        () -> repository.claimed(d.campaignId(), d.patientId(), d.occurrence()));
  }

  /**
   * Runs {@code work} in the patient's turn, so that the cap counts what another decision is
   * planning for them at the same moment and one firing is claimed once; false without running it
   * when, the turn being held, its holder decides {@code d} too or {@code doneElsewhere} says the
   * holder has it in hand. Fails when the turn stays held for {@link #TURN_TRIES} tries.
   *
   * <p>Leaving a firing to the holder that decides it costs nothing when the holder stops before
   * its claim: an unclaimed firing is fired again by the patient's later judgements.
   */
  private Future<Boolean> inTurn(
      Decision d, Supplier<Future<Boolean>> work, Supplier<Future<Boolean>> doneElsewhere) {
    UUID holder = UUID.randomUUID();
    String deciding = CampaignRepository.Turn.deciding(d.campaignId(), d.occurrence());
    return turn(d.patientId(), holder, deciding, doneElsewhere, 1)
        .compose(
            mine ->
                mine
                    ? work.get().eventually(() -> repository.endTurn(d.patientId(), holder))
                    : Future.succeededFuture(false));
  }

  private Future<Boolean> turn(
      UUID patientId,
      UUID holder,
      String deciding,
      Supplier<Future<Boolean>> doneElsewhere,
      int attempt) {
    return repository
        .takeTurn(patientId, holder, deciding, TURN_TTL)
        .compose(
            turn ->
                turn.mine() || turn.heldFor().filter(deciding::equals).isPresent()
                    ? Future.succeededFuture(turn.mine())
                    : doneElsewhere
                        .get()
                        .compose(
                            done -> {
                              if (done) {
                                return Future.succeededFuture(false);
                              }
                              if (attempt == TURN_TRIES) {
                                return Future.failedFuture(
                                    "another decision for patient "
                                        + patientId
                                        + " held their turn");
                              }
                              return vertx
                                  .timer(TURN_WAIT.toMillis() * attempt)
                                  .compose(
                                      t ->
                                          turn(
                                              patientId,
                                              holder,
                                              deciding,
                                              doneElsewhere,
                                              attempt + 1));
                            }));
  }

  /**
   * Decides again, for the active campaigns, what stayed undecided for {@link #REPAIR_AFTER} since
   * its claim: a planning request that failed (reminders unreachable) or an instance that stopped
   * between claim and outcome. The message's key in reminders sends it once, and the conditional
   * settle keeps the first outcome, so a repair that meets a late first decider changes nothing.
   * Answers how many it settled.
   */
  public Future<Integer> repairUndecided() {
    Instant claimedBefore = campaigns.now().minus(REPAIR_AFTER);
    return campaigns
        .active()
        .compose(
            active -> {
              Future<Integer> chain = Future.succeededFuture(0);
              for (Campaign c : active) {
                chain =
                    chain.compose(
                        done ->
                            repository
                                .undecided(c.id(), claimedBefore)
                                .compose(undecided -> repaired(c, undecided))
                                .map(n -> done + n));
              }
              return chain;
            });
  }

  private Future<Integer> repaired(Campaign c, List<Decision> undecided) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (Decision d : undecided) {
      chain =
          chain.compose(
              done ->
                  inTurn(
                          d,
                          () -> outcome(c, d).compose(repository::settle),
                          () -> Future.succeededFuture(false))
                      .map(settled -> settled ? done + 1 : done)
                      .recover(
                          err -> {
                            log.warn(
                                "Campaign {} for patient {} still undecided: {}",
                                c.id(),
                                d.patientId(),
                                err.toString());
                            return Future.succeededFuture(done);
                          }));
    }
    return chain;
  }

  /** Repairs every {@link #REPAIR_AFTER}, on this instance (others may too: see the repair). */
  public void startRepairs(Vertx vertx) {
    repairTimer =
        vertx.setPeriodic(
            REPAIR_AFTER.toMillis(),
            id ->
                repairUndecided()
                    .onSuccess(n -> log.debug("Campaign decisions repaired: {}", n))
                    .onFailure(err -> log.warn("Campaign repair failed: {}", err.toString())));
  }

  private static boolean approvedBy(Campaign c, Instant at) {
    return c.approvedAt().filter(approved -> !approved.isAfter(at)).isPresent();
  }

  /** Read again before deciding: the list that matched the firing may be seconds old. */
  private Future<Boolean> stillActive(Campaign c) {
    return repository
        .find(c.id())
        .map(fresh -> fresh.filter(x -> x.activeAt(campaigns.now())).isPresent());
  }

  private Future<Decision> outcome(Campaign c, Decision d) {
    if (d.accountId().isEmpty()) {
      return Future.succeededFuture(heldBack(d, "no-account"));
    }
    CampaignSpec s = c.spec();
    return repository
        .plannedSince(d.patientId(), d.decidedAt().minus(Duration.ofDays(s.capDays())))
        .compose(
            planned ->
                planned >= s.capMessages()
                    ? Future.succeededFuture(heldBack(d, "cap"))
                    : plan(c, d));
  }

  private Future<Decision> plan(Campaign c, Decision d) {
    CampaignSpec s = c.spec();
    CampaignBus.Plan plan =
        new CampaignBus.Plan(
            c.id(),
            d.accountId().orElseThrow(),
            d.occurrence(),
            s.marketing(),
            ControlGroup.heldOut(c.id(), d.patientId(), s.controlShare()),
            s.message().title(),
            s.message().body(),
            s.message().deepLink(),
            d.decidedAt(),
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
