package io.careloop.crm;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.alerts.Alerts;
import io.careloop.alerts.alert.AlertsConfig;
import io.careloop.crm.imports.ImportReport;
import io.careloop.crm.timeline.TimelineEntry;
import io.careloop.ingest.DeviceIngest;
import io.careloop.ingest.IngestConfig;
import io.careloop.patient.PatientApi;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.BookingService;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.testing.TestClinics;
import io.careloop.patient.testing.TestPatientApi;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.metrics.Metrics;
import io.careloop.platform.testing.FreePorts;
import io.careloop.platform.testing.TestCassandra;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
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
    patients = TestPatientApi.started(vertx, session, clock);
    Alerts.create(vertx, session, AlertsConfig.defaults().withSweepInterval(Duration.ZERO), clock)
        .await();
    DeviceIngest.create(
            vertx,
            session,
            IngestConfig.local(FreePorts.next(), "crm-it"),
            Metrics.newRegistry(),
            clock)
        .await();
    TestClinics clinics = new TestClinics(patients);
    clinic = clinics.clinic(PARIS.getId(), 0, 0, 60);
    checkUp = clinics.service("Check-up", 30, 0);
    provider = clinics.provider("Dr Wu", Set.of(checkUp), clinic);
    clinics.everyDay(
        provider,
        clinic,
        List.of(new TimeRange(LocalTime.MIDNIGHT, LocalTime.of(23, 45))),
        List.of());
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

  /** A CRM on this stack's bus that sweeps only when asked, with meters of its own. */
  Crm crmWithoutSweep() {
    return crm(
        vertx, CrmConfig.defaults().withSweepInterval(Duration.ZERO), new SimpleMeterRegistry());
  }

  /** The patient's timeline from 30 days ago to 30 days ahead, as {@code staff} reads it. */
  static List<TimelineEntry> timeline(Crm crm, Principal staff, UUID patientId) {
    return timeline(crm, staff, patientId, Duration.ofDays(30));
  }

  /**
   * The patient's timeline from {@code around} ago to {@code around} ahead (100 entries at most).
   */
  static List<TimelineEntry> timeline(Crm crm, Principal staff, UUID patientId, Duration around) {
    Instant now = Instant.now();
    return crm.records()
        .timeline(staff, patientId, now.minus(around), now.plus(around), Optional.empty(), 100)
        .await()
        .entries();
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
