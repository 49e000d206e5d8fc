package io.careloop.patient.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
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
import io.careloop.platform.testing.TestCassandra;
import io.careloop.platform.testing.TestClock;
import io.vertx.core.Vertx;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * patient-api on the tests' real Cassandra with a clock the test sets, and short-hands to set up
 * clinics, services and providers through the module's own services (no table is written around
 * them). Each test makes its own clinic, so tests sharing the keyspace do not see each other.
 */
public final class BookingWorld implements AutoCloseable {

  public final Vertx vertx;
  public final CqlSession session;
  public final TestClock clock;
  public final PatientApi api;

  public BookingWorld(Instant now) {
    vertx = Vertx.vertx();
    session = TestCassandra.session(PatientApi.MODULE);
    clock = new TestClock(now);
    api =
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
  }

  public BookingService booking() {
    return api.booking();
  }

  public Clinic clinic(
      String zone, int bookingNoticeMinutes, int changeNoticeMinutes, int horizonDays) {
    return api.catalog()
        .createClinic(
            new ClinicCatalog.NewClinic(
                "Clinic " + UUID.randomUUID(),
                "1 Main Street",
                zone,
                Optional.of(bookingNoticeMinutes),
                Optional.of(changeNoticeMinutes),
                Optional.of(horizonDays)))
        .await();
  }

  public ClinicalService service(String name, int minutes, int buffer) {
    return api.catalog().createService(name, minutes, buffer).await();
  }

  public Provider provider(String name, Set<ClinicalService> services, Clinic... clinics) {
    Set<UUID> clinicIds = new java.util.HashSet<>();
    for (Clinic c : clinics) {
      clinicIds.add(c.id());
    }
    return api.catalog()
        .createProvider(
            name,
            "dentist",
            services.stream().map(ClinicalService::id).collect(java.util.stream.Collectors.toSet()),
            clinicIds)
        .await();
  }

  /** The same hours and breaks every day of the week. */
  public void everyDay(
      Provider provider, Clinic clinic, List<TimeRange> hours, List<TimeRange> breaks) {
    List<WorkingDay> days = new ArrayList<>();
    for (DayOfWeek day : EnumSet.allOf(DayOfWeek.class)) {
      days.add(new WorkingDay(day, hours, breaks));
    }
    api.schedules().setWeeklyHours(provider.id(), clinic.id(), new WeeklyHours(days)).await();
  }

  /** The cells claimed for the provider that day, as stored. */
  public List<Row> cells(UUID providerId, LocalDate day) {
    return session
        .execute(
            SimpleStatement.newInstance(
                "SELECT cell, appointment_id, claim_id FROM provider_time_by_day WHERE provider_id = ? AND day = ?",
                providerId,
                day))
        .all();
  }

  /** Whether any state exists for the appointment id (also a pending one). */
  public boolean appointmentRowExists(UUID appointmentId) {
    Row row =
        session
            .execute(
                SimpleStatement.newInstance(
                    "SELECT status FROM appointments_by_id WHERE appointment_id = ? LIMIT 1",
                    appointmentId))
            .one();
    return row != null && row.getString("status") != null;
  }

  public List<Appointment> appointmentsOf(UUID patientId) {
    return booking().appointmentsOf(patientId).await();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
