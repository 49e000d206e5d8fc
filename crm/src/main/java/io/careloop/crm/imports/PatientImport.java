package io.careloop.crm.imports;

import io.careloop.crm.identity.Identities;
import io.careloop.crm.identity.Identity;
import io.careloop.crm.patient.CrmPatient;
import io.careloop.crm.patient.PatientRepository;
import io.careloop.crm.patient.Patients;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Patients of a practice system: each is the patient their external id points to; else the patient
 * with their e-mail address (an app account or an earlier import: the linking rule); else a new CRM
 * patient, whose id follows from the external id so that importing again finds it.
 */
final class PatientImport implements LineImport.Kind<PatientLine> {

  private final String system;
  private final Identities identities;
  private final Patients patients;
  private final Set<UUID> changed;
  private final Clock clock;
  private final LocalDate today;

  /** {@code changed} collects the patients a line changed, to be judged at the end. */
  PatientImport(
      String system, Identities identities, Patients patients, Set<UUID> changed, Clock clock) {
    this.system = system;
    this.identities = identities;
    this.patients = patients;
    this.changed = changed;
    this.clock = clock;
    this.today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
  }

  @Override
  public PatientLine parse(String line) {
    PatientLine parsed = PatientLine.parse(line, today);
    ImportIdentity.of(system, parsed.externalId());
    return parsed;
  }

  @Override
  public String keyOf(PatientLine line) {
    return line.externalId();
  }

  @Override
  public Future<Boolean> store(PatientLine line) {
    Identity identity = ImportIdentity.of(system, line.externalId());
    return patientOf(identity, line)
        .compose(
            claimed ->
                repository()
                    .find(claimed.patientId())
                    .compose(
                        current ->
                            save(claimed.patientId(), line, current)
                                .map(
                                    saved -> {
                                      if (saved || claimed.created()) {
                                        changed.add(claimed.patientId());
                                      }
                                      return saved || claimed.created();
                                    })));
  }

  /** The patient the line is about, and whether this line linked the external id to them. */
  private Future<Claimed> patientOf(Identity identity, PatientLine line) {
    return identities
        .find(identity)
        .compose(
            found ->
                found.isPresent()
                    ? Future.succeededFuture(new Claimed(found.get().patientId(), false))
                    : candidate(line)
                        .compose(id -> identities.claim(id, identity, null))
                        .map(linked -> new Claimed(linked.link().patientId(), linked.created())));
  }

  private record Claimed(UUID patientId, boolean created) {}

  private Future<UUID> candidate(PatientLine line) {
    UUID fresh =
        UUID.nameUUIDFromBytes(
            ("crm-patient:" + system + ":" + line.externalId()).getBytes(StandardCharsets.UTF_8));
    return line.email() == null
        ? Future.succeededFuture(fresh)
        : repository()
            .patientOfEmail(Patients.normalizeEmail(line.email()))
            .map(found -> found.orElse(fresh));
  }

  /** Writes what the line changes; true when it changed anything. */
  private Future<Boolean> save(UUID patientId, PatientLine line, Optional<CrmPatient> current) {
    PatientLine.Profile changes = line.changesTo(current.orElse(null));
    boolean newClinic =
        line.clinicId() != null
            && current.map(p -> !p.clinicIds().contains(line.clinicId())).orElse(true);
    Future<Void> profile =
        changes == null
            ? Future.succeededFuture()
            : repository()
                .saveImported(
                    patientId,
                    changes.name(),
                    changes.email(),
                    changes.phone(),
                    changes.birthDate(),
                    changes.region(),
                    clock.instant())
                .compose(v -> claimEmail(patientId, changes, current));
    return profile
        .compose(
            v ->
                repository()
                    .list(
                        Patients.shardOf(patientId),
                        patientId,
                        current.map(CrmPatient::accountId).orElse(null)))
        .compose(
            v ->
                newClinic
                    ? patients.addClinic(patientId, line.clinicId())
                    : Future.succeededFuture())
        .compose(
            v -> changes != null ? patients.index().reindex(patientId) : Future.succeededFuture())
        .map(v -> changes != null || newClinic);
  }

  /** An imported patient's address links them to the app account that registers with it later. */
  private Future<Void> claimEmail(
      UUID patientId, PatientLine.Profile changes, Optional<CrmPatient> current) {
    boolean hasAccount = current.map(p -> p.accountId() != null).orElse(false);
    return changes.email() == null || hasAccount
        ? Future.succeededFuture()
        : repository().claimEmail(Patients.normalizeEmail(changes.email()), patientId).mapEmpty();
  }

  private PatientRepository repository() {
    return patients.repository();
  }
}
