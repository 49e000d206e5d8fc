package io.careloop.crm.imports;

import io.careloop.crm.identity.Identities;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.projection.Entries;
import io.careloop.crm.projection.Projections;
import io.careloop.crm.projection.Visit;
import io.careloop.crm.projection.VisitRepository;
import io.careloop.crm.sheet.SheetRepository;
import io.careloop.crm.timeline.Timeline;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Past visits of a practice system, each stored on the patient its external patient id points to
 * (imported before, or linked by staff); a visit of a patient nobody knows is refused.
 */
final class VisitImport implements LineImport.Kind<VisitLine> {

  private static final int REMEMBERED = 10_000;

  private final String system;
  private final Identities identities;
  private final Patients patients;
  private final VisitRepository visits;
  private final Timeline timeline;
  private final SheetRepository sheets;
  private final Set<UUID> changed;
  private final LocalDate today;

  /** Patients found by external id in this import: a patient's visits come together in a file. */
  private final Map<String, UUID> found =
      Collections.synchronizedMap(
          new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, UUID> eldest) {
              return size() > REMEMBERED;
            }
          });

  /** {@code changed} collects the patients a line changed, to be judged at the end. */
  VisitImport(
      String system,
      Identities identities,
      Patients patients,
      VisitRepository visits,
      Timeline timeline,
      SheetRepository sheets,
      Set<UUID> changed,
      Clock clock) {
    this.system = system;
    this.identities = identities;
    this.patients = patients;
    this.visits = visits;
    this.timeline = timeline;
    this.sheets = sheets;
    this.changed = changed;
    this.today =
        clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1); // a clinic ahead of UTC
  }

  @Override
  public VisitLine parse(String line) {
    VisitLine parsed = VisitLine.parse(line, today);
    ImportIdentity.of(system, parsed.externalPatientId());
    return parsed;
  }

  @Override
  public String keyOf(VisitLine line) {
    return line.externalPatientId();
  }

  @Override
  public Future<Boolean> store(VisitLine line) {
    Visit visit = line.visitIn(system);
    return patientOf(line.externalPatientId())
        .compose(
            patientId ->
                visits
                    .find(patientId, visit.key())
                    .compose(
                        stored ->
                            stored.isPresent() && stored.get().sameAs(visit)
                                ? Future.succeededFuture(false)
                                : visits
                                    .save(patientId, visit)
                                    .compose(
                                        v ->
                                            Future.all(
                                                timeline.record(Entries.visit(patientId, visit)),
                                                sheets.save(patientId, Projections.fact(visit)),
                                                patients.addClinic(patientId, visit.clinicId())))
                                    .map(
                                        v -> {
                                          changed.add(patientId);
                                          return true;
                                        })));
  }

  private Future<UUID> patientOf(String externalId) {
    UUID known = found.get(externalId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return identities
        .find(ImportIdentity.of(system, externalId))
        .compose(
            link -> {
              if (link.isEmpty()) {
                return Future.failedFuture(
                    new LineRefused(
                        "no patient with "
                            + system
                            + " record "
                            + externalId
                            + ": import the patients first"));
              }
              found.put(externalId, link.get().patientId());
              return Future.succeededFuture(link.get().patientId());
            });
  }
}
