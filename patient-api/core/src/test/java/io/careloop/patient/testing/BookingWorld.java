package io.careloop.patient.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.patient.PatientApi;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.BookingService;
import io.careloop.patient.booking.SlotFinder;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.platform.testing.TestCassandra;
import io.careloop.platform.testing.TestClock;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * patient-api on the tests' real Cassandra with a clock the test sets, and short-hands to set up
 * clinics, services and providers through the module's own services (no table is written around
 * them). Each test makes its own clinic, so tests sharing the keyspace do not see each other.
 * Registered as a class's extension, it closes after the class's tests.
 */
public final class BookingWorld implements AutoCloseable, AfterAllCallback {

  public final Vertx vertx;
  public final CqlSession session;
  public final TestClock clock;
  public final PatientApi api;
  private final TestClinics clinics;

  public BookingWorld(Instant now) {
    vertx = Vertx.vertx();
    session = TestCassandra.session(PatientApi.MODULE);
    clock = new TestClock(now);
    api = TestPatientApi.started(vertx, session, clock);
    clinics = new TestClinics(api);
  }

  public BookingService booking() {
    return api.booking();
  }

  public Clinic clinic(
      String zone, int bookingNoticeMinutes, int changeNoticeMinutes, int horizonDays) {
    return clinics.clinic(zone, bookingNoticeMinutes, changeNoticeMinutes, horizonDays);
  }

  public ClinicalService service(String name, int minutes, int buffer) {
    return clinics.service(name, minutes, buffer);
  }

  public Provider provider(String name, Set<ClinicalService> services, Clinic... clinics) {
    return this.clinics.provider(name, services, clinics);
  }

  /** The same hours and breaks every day of the week. */
  public void everyDay(
      Provider provider, Clinic clinic, List<TimeRange> hours, List<TimeRange> breaks) {
    clinics.everyDay(provider, clinic, hours, breaks);
  }

  /**
   * When the free slots of {@code service} at {@code clinic} on {@code day} start, as offered to
   * {@code patient} (with their needs) and of {@code provider} alone, where given.
   */
  public List<Instant> slotStarts(
      Clinic clinic,
      ClinicalService service,
      LocalDate day,
      Optional<UUID> provider,
      Optional<UUID> patient) {
    return api
        .slots()
        .find(clinic.id(), service.id(), day, day, provider, patient)
        .await()
        .slots()
        .stream()
        .map(SlotFinder.Slot::start)
        .toList();
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

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }
}
