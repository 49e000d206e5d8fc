package io.careloop.crm.projection;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.patient.booking.Appointment;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * crm_appointments_by_patient: each appointment written with its version as write timestamp, so
 * that an older version heard late (an event, a sweep) never replaces a newer one.
 */
public final class AppointmentProjectionRepository {

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement select;

  /** Prepares its statements: construct it on a worker thread. */
  public AppointmentProjectionRepository(CqlSession session) {
    this.cql = new Cql(session);
    insert =
        session.prepare(
            "INSERT INTO crm_appointments_by_patient (patient_id, appointment_id, clinic_id,"
                + " provider_id, service_id, time_zone, starts_at, ends_at, status, version, booked_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?");
    select =
        session.prepare(
            "SELECT appointment_id, clinic_id, provider_id, service_id, time_zone, starts_at,"
                + " ends_at, status, version, booked_at FROM crm_appointments_by_patient WHERE patient_id = ?");
  }

  public Future<Void> save(UUID patientId, Appointment a) {
    return cql.run(
        insert.bind(
            patientId,
            a.id(),
            a.clinicId(),
            a.providerId(),
            a.serviceId(),
            a.zone().getId(),
            a.start(),
            a.end(),
            a.status().json(),
            a.version(),
            a.bookedAt(),
            (long) a.version()));
  }

  public Future<List<KnownAppointment>> ofPatient(UUID patientId) {
    return cql.all(select.bind(patientId))
        .map(
            rows ->
                rows.stream()
                    .map(AppointmentProjectionRepository::known)
                    .sorted(java.util.Comparator.comparing(KnownAppointment::start))
                    .toList());
  }

  private static KnownAppointment known(Row r) {
    return new KnownAppointment(
        r.getUuid("appointment_id"),
        r.getUuid("clinic_id"),
        r.getUuid("provider_id"),
        r.getUuid("service_id"),
        ZoneId.of(r.getString("time_zone")),
        r.getInstant("starts_at"),
        r.getInstant("ends_at"),
        r.getString("status"),
        r.getInt("version"),
        r.getInstant("booked_at"));
  }
}
