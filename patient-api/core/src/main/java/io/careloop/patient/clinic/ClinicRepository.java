package io.careloop.patient.clinic;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Clinics, services and providers, each by id and listed where the app looks for them (clinics of
 * the chain, services and providers of a clinic). A fact written to several of these tables goes in
 * one logged batch, so the lists never show what the by-id table lacks.
 */
public final class ClinicRepository {

  /** The one partition of clinics_by_chain: one deployment serves one chain. */
  static final String CHAIN = "careloop";

  private final Cql cql;
  private final PreparedStatement insertClinic;
  private final PreparedStatement insertClinicInChain;
  private final PreparedStatement selectClinic;
  private final PreparedStatement selectClinics;
  private final PreparedStatement insertService;
  private final PreparedStatement selectService;
  private final PreparedStatement insertServiceAtClinic;
  private final PreparedStatement selectServicesAtClinic;
  private final PreparedStatement insertProvider;
  private final PreparedStatement insertProviderAtClinic;
  private final PreparedStatement selectProvider;
  private final PreparedStatement selectProvidersAtClinic;

  /** Prepares its statements: construct it on a worker thread. */
  public ClinicRepository(CqlSession session) {
    this.cql = new Cql(session);
    String clinicColumns =
        "clinic_id, name, address, time_zone, booking_notice_minutes, change_notice_minutes,"
            + " horizon_days";
    insertClinic =
        session.prepare(
            "INSERT INTO clinics_by_id ("
                + clinicColumns
                + ", created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insertClinicInChain =
        session.prepare(
            "INSERT INTO clinics_by_chain (chain, "
                + clinicColumns
                + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    selectClinic =
        session.prepare("SELECT " + clinicColumns + " FROM clinics_by_id WHERE clinic_id = ?");
    selectClinics =
        session.prepare("SELECT " + clinicColumns + " FROM clinics_by_chain WHERE chain = ?");
    insertService =
        session.prepare(
            "INSERT INTO services_by_id (service_id, name, duration_minutes, buffer_minutes,"
                + " created_at) VALUES (?, ?, ?, ?, ?)");
    selectService =
        session.prepare(
            "SELECT service_id, name, duration_minutes, buffer_minutes FROM services_by_id"
                + " WHERE service_id = ?");
    insertServiceAtClinic =
        session.prepare(
            "INSERT INTO services_by_clinic (clinic_id, service_id, name,"
                + " duration_minutes, buffer_minutes) VALUES (?, ?, ?, ?, ?)");
    selectServicesAtClinic =
        session.prepare(
            "SELECT service_id, name, duration_minutes, buffer_minutes"
                + " FROM services_by_clinic WHERE clinic_id = ?");
    insertProvider =
        session.prepare(
            "INSERT INTO providers_by_id (provider_id, name, kind, service_ids, clinic_ids,"
                + " time_zone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insertProviderAtClinic =
        session.prepare(
            "INSERT INTO providers_by_clinic (clinic_id, provider_id, name, kind,"
                + " service_ids, clinic_ids, time_zone) VALUES (?, ?, ?, ?, ?, ?, ?)");
    selectProvider =
        session.prepare(
            "SELECT provider_id, name, kind, service_ids, clinic_ids, time_zone"
                + " FROM providers_by_id WHERE provider_id = ?");
    selectProvidersAtClinic =
        session.prepare(
            "SELECT provider_id, name, kind, service_ids, clinic_ids, time_zone"
                + " FROM providers_by_clinic WHERE clinic_id = ?");
  }

  public Future<Void> insert(Clinic clinic, Instant createdAt) {
    int bookingNotice = (int) clinic.bookingNotice().toMinutes();
    int changeNotice = (int) clinic.changeNotice().toMinutes();
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            insertClinic.bind(
                clinic.id(),
                clinic.name(),
                clinic.address(),
                clinic.zone().getId(),
                bookingNotice,
                changeNotice,
                clinic.horizonDays(),
                createdAt),
            insertClinicInChain.bind(
                CHAIN,
                clinic.id(),
                clinic.name(),
                clinic.address(),
                clinic.zone().getId(),
                bookingNotice,
                changeNotice,
                clinic.horizonDays())));
  }

  public Future<Optional<Clinic>> clinic(UUID clinicId) {
    return cql.one(selectClinic.bind(clinicId)).map(row -> row.map(ClinicRepository::toClinic));
  }

  public Future<List<Clinic>> clinics() {
    return cql.all(selectClinics.bind(CHAIN))
        .map(rows -> rows.stream().map(ClinicRepository::toClinic).toList());
  }

  public Future<Void> insert(ClinicalService service, Instant createdAt) {
    return cql.run(
        insertService.bind(
            service.id(),
            service.name(),
            (int) service.duration().toMinutes(),
            (int) service.bufferAfter().toMinutes(),
            createdAt));
  }

  public Future<Optional<ClinicalService>> service(UUID serviceId) {
    return cql.one(selectService.bind(serviceId)).map(row -> row.map(ClinicRepository::toService));
  }

  public Future<List<ClinicalService>> servicesAt(UUID clinicId) {
    return cql.all(selectServicesAtClinic.bind(clinicId))
        .map(rows -> rows.stream().map(ClinicRepository::toService).toList());
  }

  /**
   * The provider, listed at each of its clinics, each of which then offers the provider's services.
   */
  public Future<Void> insert(
      Provider provider, Collection<ClinicalService> services, Instant createdAt) {
    BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED);
    batch.addStatement(
        insertProvider.bind(
            provider.id(),
            provider.name(),
            provider.kind().json(),
            provider.serviceIds(),
            provider.clinicIds(),
            provider.zone().getId(),
            createdAt));
    for (UUID clinicId : provider.clinicIds()) {
      batch.addStatement(
          insertProviderAtClinic.bind(
              clinicId,
              provider.id(),
              provider.name(),
              provider.kind().json(),
              provider.serviceIds(),
              provider.clinicIds(),
              provider.zone().getId()));
      for (ClinicalService service : services) {
        batch.addStatement(
            insertServiceAtClinic.bind(
                clinicId,
                service.id(),
                service.name(),
                (int) service.duration().toMinutes(),
                (int) service.bufferAfter().toMinutes()));
      }
    }
    return cql.run(batch.build());
  }

  public Future<Optional<Provider>> provider(UUID providerId) {
    return cql.one(selectProvider.bind(providerId))
        .map(row -> row.map(ClinicRepository::toProvider));
  }

  public Future<List<Provider>> providersAt(UUID clinicId) {
    return cql.all(selectProvidersAtClinic.bind(clinicId))
        .map(rows -> rows.stream().map(ClinicRepository::toProvider).toList());
  }

  private static Clinic toClinic(Row r) {
    return new Clinic(
        r.getUuid("clinic_id"),
        r.getString("name"),
        r.getString("address"),
        ZoneId.of(r.getString("time_zone")),
        Duration.ofMinutes(r.getInt("booking_notice_minutes")),
        Duration.ofMinutes(r.getInt("change_notice_minutes")),
        r.getInt("horizon_days"));
  }

  private static ClinicalService toService(Row r) {
    return new ClinicalService(
        r.getUuid("service_id"),
        r.getString("name"),
        Duration.ofMinutes(r.getInt("duration_minutes")),
        Duration.ofMinutes(r.getInt("buffer_minutes")));
  }

  private static Provider toProvider(Row r) {
    return new Provider(
        r.getUuid("provider_id"),
        r.getString("name"),
        ProviderKind.fromJson(r.getString("kind")),
        r.getSet("service_ids", UUID.class),
        r.getSet("clinic_ids", UUID.class),
        ZoneId.of(r.getString("time_zone")));
  }
}
