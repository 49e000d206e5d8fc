package io.careloop.crm.judgement;

import io.careloop.crm.bus.StageChanged;
import io.careloop.crm.model.PatientJudgement;
import io.careloop.crm.model.facts.LifecycleStage;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.stage.StageTransition;
import io.careloop.crm.patient.CrmPatient;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.sheet.FactsAssembler;
import io.careloop.crm.sheet.LastJudgement;
import io.careloop.crm.sheet.PatientSheet;
import io.careloop.crm.sheet.SheetRepository;
import io.careloop.crm.sheet.StageState;
import io.careloop.crm.timeline.Timeline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Judges a patient on their facts and stores what changed: the judgement on their sheet, tags
 * gained and lost and tier moves in the timeline, their labels for search, their scores for the
 * next refit, and a stage transition (stored once by a lightweight transaction, then in the
 * history, the timeline, the bus and the metrics). Called after every event that changes a
 * patient's facts and by the sweep; one judgement per patient at a time in an instance.
 */
public final class Judgements {

  /**
   * A judgement done, on the facts it read, for listeners (tests and benchmarks watch the CRM catch
   * up with events).
   */
  public record Judged(UUID patientId, Instant at, PatientFacts facts, JudgementChanges changes) {}

  /**
   * Where a stage transition goes beyond the CRM's tables: the bus (outreach listens) and metrics.
   */
  public interface Announcer {
    void announce(StageChanged transition);
  }

  private final Patients patients;
  private final SheetRepository sheets;
  private final StageHistoryRepository history;
  private final Timeline timeline;
  private final CurrentJudge judge;
  private final Announcer announcer;
  private final MeterRegistry meters;
  private final Clock clock;
  private final OnePerPatient queue = new OnePerPatient(id -> judgeNow(id, true));
  private final List<Consumer<Judged>> listeners = new CopyOnWriteArrayList<>();

  public Judgements(
      Patients patients,
      SheetRepository sheets,
      StageHistoryRepository history,
      Timeline timeline,
      CurrentJudge judge,
      Announcer announcer,
      MeterRegistry meters,
      Clock clock) {
    this.patients = patients;
    this.sheets = sheets;
    this.history = history;
    this.timeline = timeline;
    this.judge = judge;
    this.announcer = announcer;
    this.meters = meters;
    this.clock = clock;
  }

  /**
   * Judges the patient after their facts changed (now, or right after a judgement of theirs under
   * way).
   */
  public Future<Void> judge(UUID patientId) {
    return queue.submit(patientId);
  }

  /**
   * Judges each of the patients, {@code concurrency} at a time; the number judged (failures wait
   * for the sweep).
   */
  public Future<Integer> judgeAll(Collection<UUID> patientIds, int concurrency) {
    AtomicInteger done = new AtomicInteger();
    return InFlight.run(
            List.copyOf(patientIds), concurrency, this::judge, done, new AtomicInteger())
        .map(v -> done.get());
  }

  public void afterJudged(Consumer<Judged> listener) {
    listeners.add(listener);
  }

  public CurrentJudge current() {
    return judge;
  }

  private Future<Void> judgeNow(UUID patientId, boolean retryIfRaced) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Future<Optional<CrmPatient>> patient = patients.repository().find(patientId);
    Future<PatientSheet> sheet = sheets.read(patientId);
    return Future.all(patient, sheet)
        .compose(
            both ->
                patient
                    .result()
                    .map(p -> judgeAndStore(p, sheet.result(), now, retryIfRaced))
                    .orElseGet(Future::succeededFuture));
  }

  private Future<Void> judgeAndStore(
      CrmPatient p, PatientSheet sheet, Instant now, boolean retryIfRaced) {
    CurrentJudge.Models models = judge.models();
    PatientFacts facts = FactsAssembler.assemble(p, sheet.facts(), now);
    LastJudgement before = sheet.judgement();
    PatientJudgement judged =
        models.judge().judge(facts, now, before.stage().map(StageState::stage));
    JudgementChanges changes =
        JudgementChanges.between(before, judged, now, models.tiersFittedAt());
    return moveStage(p, changes, now)
        .compose(
            moved -> {
              if (!moved) { // another instance judged the patient at the same moment: read what it
                // stored, judge again
                return retryIfRaced ? judgeNow(p.id(), false) : Future.succeededFuture();
              }
              return store(p, changes, now)
                  .onSuccess(
                      v ->
                          listeners.forEach(
                              l -> l.accept(new Judged(p.id(), now, facts, changes))));
            });
  }

  private Future<Boolean> moveStage(CrmPatient p, JudgementChanges c, Instant now) {
    if (c.transition().isEmpty()) {
      return Future.succeededFuture(true);
    }
    StageState next = c.after().stage().orElseThrow();
    return sheets
        .moveStage(p.id(), c.before().stage().map(StageState::stage), next)
        .compose(
            applied ->
                applied
                    ? transitionStored(p, c.transition().get(), now).map(true)
                    : Future.succeededFuture(false));
  }

  /**
   * The transition is the patient's now: into the history, the clinics' counts, the timeline, then
   * out.
   */
  private Future<Void> transitionStored(CrmPatient p, StageTransition t, Instant at) {
    StageHistoryRepository.Step step =
        new StageHistoryRepository.Step(
            at,
            t.from().map(LifecycleStage::json).orElse(null),
            t.to().json(),
            t.ruleId(),
            t.reason());
    List<Future<Void>> writes = new ArrayList<>();
    writes.add(history.save(p.id(), step));
    p.clinicIds().forEach(clinic -> writes.add(history.saveOfClinic(clinic, p.id(), step)));
    writes.add(timeline.record(JudgementEntries.stage(p.id(), t, at)));
    return Future.all(writes)
        .map(
            v -> {
              announcer.announce(
                  new StageChanged(
                      p.id(),
                      Optional.ofNullable(p.accountId()),
                      p.clinicIds(),
                      Optional.ofNullable(step.from()),
                      step.to(),
                      step.ruleId(),
                      step.reason(),
                      at));
              transitions(step.from(), step.to()).increment();
              return null;
            });
  }

  private Counter transitions(String from, String to) {
    return Counter.builder("careloop.crm.stage.transitions")
        .tag("from", from == null ? "none" : from)
        .tag("to", to)
        .description("Lifecycle stage transitions this instance stored and announced")
        .register(meters);
  }

  private Future<Void> store(CrmPatient p, JudgementChanges c, Instant now) {
    List<Future<Void>> writes = new ArrayList<>();
    if (c.material()) {
      writes.add(sheets.saveJudgement(p.id(), c.after()));
    }
    JudgementEntries.of(p.id(), c, now).forEach(e -> writes.add(timeline.record(e)));
    if (!c.after().labels().equals(p.labels())) {
      writes.add(patients.relabel(p.id(), c.after().labels()));
    }
    if (c.scoresChanged()) {
      writes.add(
          patients
              .repository()
              .saveScores(
                  Patients.shardOf(p.id()),
                  p.id(),
                  c.after().rfmHealth().orElseThrow(),
                  c.after().tier()));
    }
    return Future.all(writes).mapEmpty();
  }
}
