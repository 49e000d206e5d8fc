package io.careloop.crm.search;

import io.careloop.crm.audit.RecordReads;
import io.careloop.crm.identity.Identities;
import io.careloop.crm.patient.CrmPatient;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.patient.SearchRepository;
import io.careloop.crm.patient.SearchRepository.Hit;
import io.careloop.crm.patient.SearchTerms;
import io.careloop.crm.projection.AppointmentProjectionRepository;
import io.careloop.crm.projection.KnownAppointment;
import io.careloop.crm.projection.OpenAlertRepository;
import io.careloop.crm.record.StaffView;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Staff search their clinics' patients: by name (the list, by name), by what they type (name,
 * e-mail or phone: one partition of the clinic's terms from the query on, never the whole clinic),
 * by tag, tier or stage (one partition of the clinic's labelled patients, by name; further labels
 * and a query narrow it), or by an external identity. A patient of another clinic is never found,
 * and every patient listed is an audited read.
 */
public final class PatientSearch {

  private final Patients patients;
  private final SearchRepository index;
  private final Identities identities;
  private final AppointmentProjectionRepository appointments;
  private final OpenAlertRepository openAlerts;
  private final RecordReads reads;
  private final Clock clock;

  public PatientSearch(
      Patients patients,
      SearchRepository index,
      Identities identities,
      AppointmentProjectionRepository appointments,
      OpenAlertRepository openAlerts,
      RecordReads reads,
      Clock clock) {
    this.patients = patients;
    this.index = index;
    this.identities = identities;
    this.appointments = appointments;
    this.openAlerts = openAlerts;
    this.reads = reads;
    this.clock = clock;
  }

  public Future<JsonObject> search(Principal staff, SearchRequest request) {
    Future<Page> page;
    if (request.identity().isPresent()) {
      page = byIdentity(staff, request);
    } else if (!request.labels().isEmpty()) {
      page = byLabels(request, clinicsOf(staff, request.clinicId()));
    } else {
      page = byScan(staff, request, clinicsOf(staff, request.clinicId()));
    }
    return page.compose(
            p ->
                reads
                    .record(staff, p.patients().stream().map(CrmPatient::id).toList(), "search")
                    .map(p))
        .compose(p -> answer(staff, p));
  }

  /** A page of patients, and where the next starts. */
  record Page(List<CrmPatient> patients, Optional<Hit> next) {}

  private Future<Page> byIdentity(Principal staff, SearchRequest request) {
    return identities
        .find(request.identity().get())
        .compose(
            link ->
                link.isEmpty()
                    ? Future.succeededFuture(Optional.<CrmPatient>empty())
                    : patients.find(link.get().patientId()))
        .map(
            found ->
                new Page(
                    found
                        .filter(p -> StaffView.sees(staff, p))
                        .filter(p -> request.clinicId().map(p.clinicIds()::contains).orElse(true))
                        .stream()
                        .toList(),
                    Optional.empty()));
  }

  private static List<UUID> clinicsOf(Principal staff, Optional<UUID> clinicId) {
    if (clinicId.isPresent()) {
      if (!staff.worksAt(clinicId.get())) {
        throw Problem.forbidden("You do not work at clinic " + clinicId.get());
      }
      return List.of(clinicId.get());
    }
    if (staff.role() == Role.ADMIN) {
      throw Problem.validation(
          "clinicId is required: an admin searches one clinic of the chain at a time");
    }
    return staff.clinics().stream().sorted().toList();
  }

  private Future<Page> byScan(Principal staff, SearchRequest request, List<UUID> clinics) {
    Optional<SearchTerms.Query> query =
        request
            .q()
            .filter(q -> !q.isBlank())
            .map(SearchTerms::query)
            .filter(q -> !q.lookup().isEmpty());
    ClinicScan scan =
        query.isPresent()
            ? new ClinicScan(
                clinics,
                (clinic, after, n) -> index.terms(clinic, query.get().lookup(), after, n),
                hit -> hit.key().startsWith(query.get().lookup()))
            : new ClinicScan(clinics, index::listed, hit -> true);
    Set<UUID> allowed = Set.copyOf(clinics);
    return scan.collect(
        request.pageToken().map(SearchCursor::of),
        request.limit(),
        hit ->
            patients
                .find(hit.patientId())
                .map(
                    found ->
                        found
                            .filter(p -> p.clinicIds().stream().anyMatch(allowed::contains))
                            .filter(
                                p ->
                                    query
                                        .map(
                                            q ->
                                                q.matches(p)
                                                    && firstMatchingTerm(p, q).equals(hit.key()))
                                        .orElse(true))));
  }

  /**
   * The clinics' patients with the first label, by name, who have the other labels and match the
   * query.
   */
  private Future<Page> byLabels(SearchRequest request, List<UUID> clinics) {
    List<String> labels = request.labels();
    Optional<SearchTerms.Query> query =
        request
            .q()
            .filter(q -> !q.isBlank())
            .map(SearchTerms::query)
            .filter(q -> !q.lookup().isEmpty());
    ClinicScan scan =
        new ClinicScan(
            clinics,
            (clinic, after, n) -> index.labelled(clinic, labels.get(0), after, n),
            hit -> true);
    Set<UUID> allowed = Set.copyOf(clinics);
    return scan.collect(
        request.pageToken().map(SearchCursor::of),
        request.limit(),
        hit ->
            patients
                .find(hit.patientId())
                .map(
                    found ->
                        found
                            .filter(p -> p.clinicIds().stream().anyMatch(allowed::contains))
                            .filter(
                                p ->
                                    p.labels().containsAll(labels)
                                        && SearchTerms.sortName(p.name()).equals(hit.key()))
                            .filter(p -> query.map(q -> q.matches(p)).orElse(true))));
  }

  /** A patient is listed once, at the first of their terms the query matches. */
  private static String firstMatchingTerm(CrmPatient p, SearchTerms.Query q) {
    return SearchTerms.termsOf(p).stream()
        .filter(t -> t.startsWith(q.lookup()))
        .min((a, b) -> Hit.byCodePoints(a, b))
        .orElse("");
  }

  private Future<JsonObject> answer(Principal staff, Page page) {
    Instant now = clock.instant();
    List<Future<JsonObject>> rows = page.patients().stream().map(p -> row(staff, p, now)).toList();
    return Future.all(rows)
        .map(
            all -> {
              JsonObject json =
                  new JsonObject()
                      .put("patients", new JsonArray(rows.stream().map(Future::result).toList()));
              page.next().ifPresent(next -> json.put("nextPageToken", SearchCursor.token(next)));
              return json;
            });
  }

  /**
   * Name, contacts and clinics; tags, tier and stage as last judged; the next appointment; open
   * alerts for nurses.
   */
  private Future<JsonObject> row(Principal staff, CrmPatient p, Instant now) {
    JsonObject json =
        p.contactJson()
            .put(
                "clinicIds",
                new JsonArray(p.clinicIds().stream().map(UUID::toString).sorted().toList()))
            .put("tags", new JsonArray(p.labelled("tag")));
    p.labelled("tier").stream().findFirst().ifPresent(tier -> json.put("tier", tier));
    p.labelled("stage").stream().findFirst().ifPresent(stage -> json.put("stage", stage));
    Future<Void> next =
        appointments
            .ofPatient(p.id())
            .map(
                list -> {
                  list.stream()
                      .filter(a -> a.upcomingAt(now))
                      .min(Comparator.comparing(KnownAppointment::start))
                      .ifPresent(a -> json.put("nextAppointment", a.toJson()));
                  return null;
                });
    Future<Void> alerts =
        !StaffView.clinical(staff)
            ? Future.succeededFuture()
            : openAlerts
                .of(p.id())
                .map(
                    open -> {
                      json.put("openAlerts", open.size());
                      return null;
                    });
    return Future.all(next, alerts).map(json);
  }
}
