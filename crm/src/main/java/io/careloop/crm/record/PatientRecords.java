package io.careloop.crm.record;

import io.careloop.alerts.bus.AlertState;
import io.careloop.alerts.bus.PatientCare;
import io.careloop.crm.audit.RecordReads;
import io.careloop.crm.bus.Sources;
import io.careloop.crm.feedback.Feedback;
import io.careloop.crm.feedback.Feedbacks;
import io.careloop.crm.feedback.Note;
import io.careloop.crm.identity.Identities;
import io.careloop.crm.identity.LinkedIdentity;
import io.careloop.crm.judgement.StageHistoryRepository;
import io.careloop.crm.patient.CrmPatient;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.projection.AppointmentProjectionRepository;
import io.careloop.crm.projection.KnownAppointment;
import io.careloop.crm.projection.Visit;
import io.careloop.crm.projection.VisitRepository;
import io.careloop.crm.sheet.LastJudgement;
import io.careloop.crm.sheet.SheetRepository;
import io.careloop.crm.sheet.TagState;
import io.careloop.crm.timeline.Timeline;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The patient record (360) and timeline as staff read them: only patients they may see (404 for any
 * other, so nothing tells that they exist), only the parts their role may see, and every read
 * audited before the data is handed out.
 */
public final class PatientRecords {

  private static final int LISTED = 50;
  private static final int STAGES_LISTED = 20;

  private final Patients patients;
  private final Identities identities;
  private final AppointmentProjectionRepository appointments;
  private final VisitRepository visits;
  private final Feedbacks feedbacks;
  private final Timeline timeline;
  private final SheetRepository sheets;
  private final StageHistoryRepository stages;
  private final Sources sources;
  private final RecordReads reads;
  private final Clock clock;

  public PatientRecords(
      Patients patients,
      Identities identities,
      AppointmentProjectionRepository appointments,
      VisitRepository visits,
      Feedbacks feedbacks,
      Timeline timeline,
      SheetRepository sheets,
      StageHistoryRepository stages,
      Sources sources,
      RecordReads reads,
      Clock clock) {
    this.patients = patients;
    this.identities = identities;
    this.appointments = appointments;
    this.visits = visits;
    this.feedbacks = feedbacks;
    this.timeline = timeline;
    this.sheets = sheets;
    this.stages = stages;
    this.sources = sources;
    this.reads = reads;
    this.clock = clock;
  }

  /**
   * The patient (by their id or their app account's) if the staff member may see them; 404
   * otherwise.
   */
  public Future<CrmPatient> visible(Principal staff, UUID id) {
    return patients
        .find(id)
        .compose(
            found ->
                found
                    .filter(p -> StaffView.sees(staff, p))
                    .map(Future::succeededFuture)
                    .orElseGet(
                        () ->
                            Future.failedFuture(
                                Problem.notFound("No patient " + id + " at your clinics"))));
  }

  public Future<JsonObject> record(Principal staff, UUID id) {
    return visible(staff, id)
        .compose(p -> reads.record(staff, List.of(p.id()), "record").map(p))
        .compose(
            p ->
                relationship(p, StaffView.clinical(staff))
                    .compose(json -> withAccessNeeds(p, json))
                    .compose(
                        json ->
                            StaffView.clinical(staff)
                                ? withClinical(p, json)
                                : Future.succeededFuture(json)))
        .map(json -> json.put("view", StaffView.name(staff)));
  }

  public Future<Timeline.Page> timeline(
      Principal staff,
      UUID id,
      Instant from,
      Instant to,
      Optional<Timeline.Cursor> after,
      int limit) {
    return visible(staff, id)
        .compose(p -> reads.record(staff, List.of(p.id()), "timeline").map(p))
        .compose(
            p ->
                timeline.read(
                    p.id(), new Timeline.Window(from, to, StaffView.clinical(staff), after, limit)))
        .map(page -> StaffView.clinical(staff) ? page : withoutClinicalEvidence(page));
  }

  /** Tag entries carry the tag with its evidence: for a view without clinical detail, less. */
  private static Timeline.Page withoutClinicalEvidence(Timeline.Page page) {
    return new Timeline.Page(
        page.entries().stream()
            .map(
                e ->
                    e.kind().startsWith("tag_")
                        ? e.withData(TagState.withoutClinicalEvidence(e.data()))
                        : e)
            .toList(),
        page.next());
  }

  private Future<JsonObject> relationship(CrmPatient p, boolean clinicalView) {
    Future<List<LinkedIdentity>> ids = identities.of(p.id());
    Future<List<KnownAppointment>> booked = appointments.ofPatient(p.id());
    Future<List<Visit>> past = visits.ofPatient(p.id());
    Future<List<Feedback>> said = feedbacks.feedbackOf(p.id(), LISTED);
    Future<List<Note>> noted = feedbacks.notesOf(p.id(), LISTED);
    Future<LastJudgement> judged = sheets.judgement(p.id());
    Future<List<StageHistoryRepository.Step>> history = stages.of(p.id(), STAGES_LISTED);
    return Future.all(List.of(ids, booked, past, said, noted, judged, history))
        .map(
            all ->
                JudgementView.addTo(
                    new JsonObject()
                        .put("id", p.id().toString())
                        .put("profile", p.profileJson())
                        .put("identities", array(ids.result(), LinkedIdentity::toJson))
                        .put(
                            "clinicIds",
                            new JsonArray(
                                p.clinicIds().stream().map(UUID::toString).sorted().toList()))
                        .put("appointments", array(booked.result(), KnownAppointment::toJson))
                        .put("visits", array(past.result(), Visit::toJson))
                        .put("contactHistory", array(noted.result(), Note::toJson))
                        .put("feedback", array(said.result(), Feedback::toJson)),
                    judged.result(),
                    history.result(),
                    clinicalView));
  }

  /**
   * The app account's access needs, asked of patient-api as they are now, so staff prepare before
   * the visit; left out when there are none.
   */
  private Future<JsonObject> withAccessNeeds(CrmPatient p, JsonObject json) {
    if (p.accountId() == null) {
      return Future.succeededFuture(json);
    }
    return sources
        .accessNeeds(p.accountId())
        .map(needs -> needs.any() ? json.put("accessNeeds", needs.toJson()) : json);
  }

  /** Brushing from the timeline; care plan and open alerts from alerts, as they are now. */
  private Future<JsonObject> withClinical(CrmPatient p, JsonObject json) {
    Instant now = clock.instant();
    Future<Timeline.Page> recent =
        timeline.read(
            p.id(),
            new Timeline.Window(
                now.minus(Duration.ofDays(BrushingSummary.DAYS)),
                now.plus(Duration.ofDays(1)),
                true,
                Optional.empty(),
                1000));
    Future<Optional<PatientCare>> care =
        p.accountId() == null
            ? Future.succeededFuture(Optional.empty())
            : sources.care(p.accountId(), Set.of()).map(Optional::of);
    return Future.all(recent, care)
        .map(
            all -> {
              json.put("brushing", BrushingSummary.of(recent.result().entries()));
              care.result()
                  .flatMap(PatientCare::carePlan)
                  .ifPresent(plan -> json.put("carePlan", plan));
              return json.put(
                  "openAlerts",
                  array(
                      care.result().map(PatientCare::alerts).orElse(List.of()),
                      AlertState::toJson));
            });
  }

  private static <T> JsonArray array(List<T> items, Function<T, JsonObject> json) {
    return new JsonArray(items.stream().map(json).toList());
  }
}
