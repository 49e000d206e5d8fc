package io.careloop.crm.rights;

import io.careloop.crm.patient.Patients;
import io.careloop.crm.patient.SearchRepository;
import io.careloop.crm.rights.CrmPrivacyRepository.Traces;
import io.careloop.platform.privacy.DataSubject;
import io.careloop.platform.privacy.Erasure;
import io.careloop.platform.privacy.PersonalData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the CRM holds about a person: the record of the patient their app account is (and of the
 * imported patient it was linked to), its identities, timeline, appointments and visits as heard
 * of, feedback, staff notes, the CRM's judgement of them (the facts judged, tags, scores, tier,
 * stage and its history), and the audit of staff reading it. The audit stays under the pseudonym;
 * everything else goes, search terms and e-mail and identity claims included. The practice systems
 * keep their own history: an import after the erasure brings it back, as theirs.
 *
 * <p>Timeline and audit are kept by month: they are walked from the earliest time any row of the
 * patient says (registration, an identity's link, the first visit, booking or feedback), less the
 * days a brush may report late, to now.
 */
public final class CrmPersonalData implements PersonalData {

  /**
   * A brush reports sessions up to this late; their timeline entries are dated when they happened.
   */
  private static final Duration LATE_SESSIONS = Duration.ofDays(31);

  private final String module;
  private final CrmPrivacyRepository repository;
  private final SearchRepository search;
  private final Clock clock;
  private final Consumer<UUID> erased;

  public CrmPersonalData(
      String module, CrmPrivacyRepository repository, SearchRepository search, Clock clock) {
    this(module, repository, search, clock, id -> {});
  }

  /** {@code erased} hears each account once its erasure is done. */
  public CrmPersonalData(
      String module,
      CrmPrivacyRepository repository,
      SearchRepository search,
      Clock clock,
      Consumer<UUID> erased) {
    this.module = module;
    this.repository = repository;
    this.search = search;
    this.clock = clock;
    this.erased = erased;
  }

  @Override
  public String module() {
    return module;
  }

  @Override
  public Future<JsonObject> export(DataSubject subject) {
    return patientsOf(subject)
        .compose(ids -> Future.all(ids.stream().map(id -> exportOne(id, subject)).toList()))
        .map(
            all -> {
              JsonObject merged = new JsonObject();
              for (int i = 0; i < all.size(); i++) {
                JsonObject one = all.resultAt(i);
                one.forEach(
                    section ->
                        merged.put(
                            section.getKey(),
                            merged
                                .getJsonArray(section.getKey(), new JsonArray())
                                .addAll((JsonArray) section.getValue())));
              }
              return merged;
            });
  }

  private Future<JsonObject> exportOne(UUID patientId, DataSubject subject) {
    JsonObject sections = new JsonObject();
    List<Future<?>> reads = new ArrayList<>();
    CrmPrivacyRepository.BY_PATIENT.forEach(
        (table, section) ->
            reads.add(
                repository
                    .rows(table, patientId)
                    .map(rows -> sections.put(section, new JsonArray(new ArrayList<>(rows))))));
    reads.add(
        months(patientId, subject)
            .compose(
                months ->
                    Future.all(
                        byMonth(months, m -> repository.timeline(patientId, m)),
                        byMonth(months, m -> repository.reads(patientId, m))))
            .map(
                both ->
                    sections
                        .put("crmTimeline", both.resultAt(0))
                        .put("crmRecordReads", both.resultAt(1))));
    return Future.all(reads).map(sections);
  }

  private static Future<JsonArray> byMonth(
      List<Integer> months, Function<Integer, Future<List<JsonObject>>> read) {
    return Future.all(months.stream().map(read).toList())
        .map(
            all -> {
              JsonArray rows = new JsonArray();
              for (int i = months.size() - 1;
                  i >= 0;
                  i--) { // newest month first, as each month's rows are
                all.<List<JsonObject>>resultAt(i).forEach(rows::add);
              }
              return rows;
            });
  }

  @Override
  public Future<Erasure> erase(DataSubject subject, UUID pseudonym) {
    Erasure.Tally tally = Erasure.tally(module);
    return patientsOf(subject)
        .compose(
            ids -> {
              Future<Void> done = Future.succeededFuture();
              for (UUID id : ids) {
                done = done.compose(v -> eraseOne(id, subject, pseudonym, tally));
              }
              return done;
            })
        .compose(v -> repository.forgetAccount(subject.id()))
        .onSuccess(v -> erased.accept(subject.id()))
        .map(v -> tally.done());
  }

  /**
   * The claims found by something else than the id go first (e-mail, identities, feedback, search
   * terms, the sweep's listing), while the rows that point to them are still there to find them by:
   * an erasure cut short and asked again finds what is left.
   */
  private Future<Void> eraseOne(
      UUID patientId, DataSubject subject, UUID pseudonym, Erasure.Tally tally) {
    return repository
        .traces(patientId, subject.since())
        .compose(
            traces ->
                releaseClaims(patientId, traces, tally)
                    .compose(v -> search.indexOf(patientId))
                    .compose(
                        entries ->
                            Future.all(
                                    entries.stream().map(e -> search.remove(patientId, e)).toList())
                                .map(v -> tally.deleted("crm_index_by_patient", entries.size())))
                    .compose(v -> repository.unlist(Patients.shardOf(patientId), patientId))
                    .compose(v -> repository.deleteCampaignDecisions(patientId))
                    .map(n -> tally.deleted("crm_campaign_decisions_by_campaign", n))
                    .compose(v -> repository.deleteTransitions(patientId))
                    .map(n -> tally.deleted("crm_stage_transitions_by_clinic_day", n))
                    .compose(
                        v ->
                            Future.all(
                                months(traces).stream()
                                    .map(
                                        m ->
                                            repository
                                                .deleteTimeline(patientId, m)
                                                .map(
                                                    n ->
                                                        tally.deleted(
                                                            "crm_timeline_by_patient_month", n))
                                                .compose(
                                                    t ->
                                                        repository.moveReads(
                                                            patientId, pseudonym, m))
                                                .map(
                                                    n ->
                                                        tally.pseudonymized(
                                                            "crm_record_reads_by_patient_month",
                                                            n)))
                                    .toList()))
                    .compose(
                        v ->
                            Future.all(
                                CrmPrivacyRepository.BY_PATIENT.keySet().stream()
                                    .filter(table -> !table.equals("crm_patients_by_id"))
                                    .map(
                                        table ->
                                            repository
                                                .deleteAll(table, patientId)
                                                .map(n -> tally.deleted(table, n)))
                                    .toList()))
                    .compose(v -> repository.deleteAll("crm_index_by_patient", patientId))
                    .compose(v -> repository.deleteAll("crm_patients_by_id", patientId))
                    .map(n -> tally.deleted("crm_patients_by_id", n))
                    .compose(
                        v ->
                            traces
                                .accountId()
                                .map(repository::forgetAccount)
                                .orElse(Future.succeededFuture())));
  }

  private Future<Void> releaseClaims(UUID patientId, Traces traces, Erasure.Tally tally) {
    List<Future<Boolean>> released = new ArrayList<>();
    traces
        .email()
        .map(Patients::normalizeEmail)
        .ifPresent(
            email ->
                released.add(
                    count(
                        repository.releaseEmail(email, patientId), tally, "crm_patient_by_email")));
    traces
        .identities()
        .forEach(
            identity ->
                released.add(
                    count(
                        repository.releaseIdentity(identity, patientId),
                        tally,
                        "crm_identities_by_value")));
    traces
        .feedbackAppointments()
        .forEach(
            appointment ->
                released.add(
                    count(
                        repository.releaseFeedback(appointment, patientId),
                        tally,
                        "crm_feedback_by_appointment")));
    return Future.all(released).mapEmpty();
  }

  private static Future<Boolean> count(Future<Boolean> applied, Erasure.Tally tally, String table) {
    return applied.onSuccess(done -> tally.deleted(table, done ? 1 : 0));
  }

  /**
   * The CRM patients the person is: the one of their account's id, and the imported one it was
   * linked to.
   */
  private Future<Set<UUID>> patientsOf(DataSubject subject) {
    return repository
        .patientOfAccount(subject.id())
        .map(
            linked -> {
              Set<UUID> ids = new LinkedHashSet<>(List.of(subject.id()));
              linked.ifPresent(ids::add);
              return ids;
            });
  }

  private Future<List<Integer>> months(UUID patientId, DataSubject subject) {
    return repository.traces(patientId, subject.since()).map(this::months);
  }

  /**
   * The months (yyyymm, UTC) the patient's timeline and audit may have rows in: from the earliest
   * trace, less the days a brush may report late, to now (the later of the business clock and the
   * real one, which the audit is dated by).
   */
  private List<Integer> months(Traces traces) {
    YearMonth last =
        YearMonth.from(
            Collections.max(List.of(clock.instant(), Instant.now())).atZone(ZoneOffset.UTC));
    List<Integer> months = new ArrayList<>();
    for (YearMonth m =
            YearMonth.from(traces.earliest().minus(LATE_SESSIONS).atZone(ZoneOffset.UTC));
        !m.isAfter(last);
        m = m.plusMonths(1)) {
      months.add(m.getYear() * 100 + m.getMonthValue());
    }
    return months;
  }
}
