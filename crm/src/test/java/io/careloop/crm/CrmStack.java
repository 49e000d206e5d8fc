package io.careloop.crm;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.alerts.Alerts;
import io.careloop.alerts.alert.AlertsConfig;
import io.careloop.crm.imports.ImportReport;
import io.careloop.ingest.DeviceIngest;
import io.careloop.ingest.IngestConfig;
import io.careloop.patient.PatientApi;
import io.careloop.patient.PatientApiConfig;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.BookingService;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.clinic.WeeklyHours;
import io.careloop.patient.clinic.WorkingDay;
import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.metrics.Metrics;
import io.careloop.platform.testing.FreePorts;
import io.careloop.platform.testing.TestCassandra;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The modules the CRM hears, real, on one event bus and the tests' Cassandra: patient-api (with a
 * clinic whose provider takes check-ups all day), alerts and device-ingest (which answer the
 * sweep's questions). The CRM itself is made by each test, on this bus or another node's.
 */
final class CrmStack {

  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  final Vertx vertx;
  final CqlSession session;
  final PatientApi patients;
  final Clinic clinic;
  final ClinicalService checkUp;
  final Provider provider;

  CrmStack(Vertx vertx) {
    this.vertx = vertx;
    this.session = TestCassandra.get().session();
    Clock clock = Clock.systemUTC();
    patients =
        PatientApi.create(
                vertx,
                session,
                new PatientApiConfig(
                    Duration.ofMinutes(15),
                    Duration.ofDays(30),
                    "admin@careloop.test",
                    "admin password for tests"),
                SigningKeys.ephemeral("test"),
                clock)
            .await();
    Alerts.create(vertx, session, AlertsConfig.defaults().withSweepInterval(Duration.ZERO), clock)
        .await();
    DeviceIngest.create(
            vertx,
            session,
            IngestConfig.local(FreePorts.next(), "crm-it"),
            Metrics.newRegistry(),
            clock)
        .await();
    clinic =
        patients
            .catalog()
            .createClinic(
                new ClinicCatalog.NewClinic(
                    "Clinic " + UUID.randomUUID(),
                    "1 Main Street",
                    PARIS.getId(),
                    Optional.of(0),
                    Optional.of(0),
                    Optional.of(60)))
            .await();
    checkUp = patients.catalog().createService("Check-up", 30, 0).await();
    provider =
        patients
            .catalog()
            .createProvider("Dr Wu", "dentist", Set.of(checkUp.id()), Set.of(clinic.id()))
            .await();
    List<WorkingDay> days =
        EnumSet.allOf(DayOfWeek.class).stream()
            .map(
                d ->
                    new WorkingDay(
                        d,
                        List.of(new TimeRange(LocalTime.MIDNIGHT, LocalTime.of(23, 45))),
                        List.of()))
            .toList();
    patients.schedules().setWeeklyHours(provider.id(), clinic.id(), new WeeklyHours(days)).await();
  }

  Crm crm(Vertx on, CrmConfig config) {
    return Crm.create(on, session, config, Clock.systemUTC()).await();
  }

  /**
   * A CRM counting into {@code meters}, naming services from this patient-api's catalogue,
   * refitting on demand.
   */
  Crm crm(Vertx on, CrmConfig config, MeterRegistry meters) {
    return Crm.create(
            on,
            session,
            config.withoutScheduledRefits(),
            new Crm.Neighbours(
                meters,
                id ->
                    patients.catalog().service(id).map(found -> found.map(ClinicalService::name))),
            Clock.systemUTC())
        .await();
  }

  /**
   * Imports JSON lines of patients or visits as the admin API would, read from a file as it
   * streams.
   */
  static ImportReport imported(Vertx vertx, Crm crm, boolean visits, List<String> lines) {
    try {
      Path file = Files.createTempFile("crm-import", ".jsonl");
      Files.writeString(file, String.join("\n", lines) + "\n");
      var body = vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true)).await();
      return (visits
              ? crm.imports().visits(body, "practice")
              : crm.imports().patients(body, "practice"))
          .await();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  UUID patient(String name, String email) {
    return patients
        .accounts()
        .registerPatient(email, "a long enough password", name, PARIS.getId(), null)
        .await();
  }

  /** A check-up two days ahead, in the day's {@code slot}-th half hour. */
  Appointment book(UUID patientId, int slot) {
    var start =
        LocalDate.now(PARIS)
            .plusDays(2)
            .atTime(slot / 2, (slot % 2) * 30)
            .atZone(PARIS)
            .toInstant();
    return patients
        .booking()
        .book(
            patientId,
            UUID.randomUUID().toString(),
            new BookingService.BookingRequest(clinic.id(), checkUp.id(), provider.id(), start))
        .await()
        .appointment();
  }
}
