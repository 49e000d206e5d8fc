package io.careloop.patient.booking;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Appointments (appointments_by_id) and the lists that lead to them (by patient, by clinic and
 * day). Every change of an appointment is a lightweight transaction on its state, batched with the
 * history row that records it; the lists hold only ids and are written after the change.
 */
public final class AppointmentRepository {

  /** What trying to insert a new pending appointment found. */
  public record Inserted(boolean applied, Optional<Appointment> existing) {}

  private static final String STATE =
      "appointment_id, patient_id, clinic_id, provider_id, service_id, time_zone,"
          + " starts_at, ends_at, blocked_until, status, current_version, claim_id, request_hash, booked_at, updated_at,"
          + " change_lock, room";

  private final Cql cql;
  private final PreparedStatement selectState;
  private final PreparedStatement insertPending;
  private final PreparedStatement forgetPending;
  private final PreparedStatement deleteHistoryRow;
  private final PreparedStatement selectPendingWritten;
  private final PreparedStatement confirmBooked;
  private final PreparedStatement confirmBookedAlone;
  private final PreparedStatement insertHistory;
  private final PreparedStatement selectHistory;
  private final PreparedStatement lock;
  private final PreparedStatement unlock;
  private final PreparedStatement commitMove;
  private final PreparedStatement commitStatus;
  private final PreparedStatement insertOfPatient;
  private final PreparedStatement selectOfPatient;
  private final PreparedStatement insertAtClinicDay;
  private final PreparedStatement deleteAtClinicDay;
  private final PreparedStatement selectAtClinicDay;
  private final PreparedStatement setPatient;
  private final PreparedStatement setChangedBy;
  private final PreparedStatement deleteOfPatient;
  private final PreparedStatement insertChangedByCarer;
  private final PreparedStatement changedByCarer;
  private final PreparedStatement deleteChangedByCarer;

  /** Prepares its statements: construct it on a worker thread. */
  public AppointmentRepository(CqlSession session) {
    this.cql = new Cql(session);
    selectState =
        session.prepare(
            "SELECT " + STATE + " FROM appointments_by_id WHERE appointment_id = ? LIMIT 1");
    insertPending =
        session.prepare(
            "INSERT INTO appointments_by_id (appointment_id, patient_id, clinic_id,"
                + " provider_id, service_id, time_zone, starts_at, ends_at, blocked_until, day, status, current_version,"
                + " claim_id, request_hash, booked_at, updated_at, room) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?)"
                + " IF NOT EXISTS");
    // Only the state goes: a pending appointment has no history yet, and its id may be booked
    // again. (A late confirmation's history row is deleted with it: see forgetPending.)
    forgetPending =
        session.prepare(
            "DELETE patient_id, clinic_id, provider_id, service_id, time_zone, starts_at,"
                + " ends_at, blocked_until, day, status, current_version, claim_id, request_hash, booked_at, updated_at,"
                + " change_lock, room FROM appointments_by_id WHERE appointment_id = ? IF status = 'pending' AND claim_id = ?");
    deleteHistoryRow =
        session.prepare("DELETE FROM appointments_by_id WHERE appointment_id = ? AND version = ?");
    selectPendingWritten =
        session.prepare(
            "SELECT status, claim_id, WRITETIME(status) AS written FROM appointments_by_id"
                + " WHERE appointment_id = ? LIMIT 1");
    String book =
        "UPDATE appointments_by_id SET status = 'booked', current_version = 1, updated_at = ?"
            + " WHERE appointment_id = ?";
    confirmBooked = session.prepare(book + " IF status = 'pending' AND claim_id = ?");
    confirmBookedAlone = session.prepare(book);
    insertHistory =
        session.prepare(
            "INSERT INTO appointments_by_id (appointment_id, version, changed_at, changed_by,"
                + " changed_by_role, change, status_after, starts_at_after, provider_after, ends_at_after,"
                + " blocked_until_after, room_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    selectHistory =
        session.prepare(
            "SELECT version, changed_at, changed_by, changed_by_role, change, status_after,"
                + " starts_at_after, provider_after, ends_at_after, blocked_until_after, room_after"
                + " FROM appointments_by_id WHERE appointment_id = ?");
    lock =
        session.prepare(
            "UPDATE appointments_by_id USING TTL ? SET change_lock = ? WHERE appointment_id = ?"
                + " IF status = 'booked' AND current_version = ? AND change_lock = null");
    unlock =
        session.prepare(
            "UPDATE appointments_by_id SET change_lock = null WHERE appointment_id = ?"
                + " IF change_lock = ?");
    commitMove =
        session.prepare(
            "UPDATE appointments_by_id SET change_lock = null, provider_id = ?, starts_at = ?,"
                + " ends_at = ?, blocked_until = ?, day = ?, claim_id = ?, current_version = ?, updated_at = ?,"
                + " room = ?"
                + " WHERE appointment_id = ? IF change_lock = ?");
    commitStatus =
        session.prepare(
            "UPDATE appointments_by_id SET status = ?, current_version = ?, updated_at = ?"
                + " WHERE appointment_id = ? IF status = ? AND current_version = ? AND change_lock = null");
    insertOfPatient =
        session.prepare(
            "INSERT INTO appointments_by_patient (patient_id, appointment_id) VALUES (?, ?)");
    selectOfPatient =
        session.prepare("SELECT appointment_id FROM appointments_by_patient WHERE patient_id = ?");
    insertAtClinicDay =
        session.prepare(
            "INSERT INTO appointments_by_clinic_day (clinic_id, day, appointment_id)"
                + " VALUES (?, ?, ?) USING TIMESTAMP ?");
    deleteAtClinicDay =
        session.prepare(
            "DELETE FROM appointments_by_clinic_day USING TIMESTAMP ? WHERE clinic_id = ?"
                + " AND day = ? AND appointment_id = ?");
    selectAtClinicDay =
        session.prepare(
            "SELECT appointment_id FROM appointments_by_clinic_day WHERE clinic_id = ?"
                + " AND day = ?");
    setPatient =
        session.prepare("UPDATE appointments_by_id SET patient_id = ? WHERE appointment_id = ?");
    setChangedBy =
        session.prepare(
            "UPDATE appointments_by_id SET changed_by = ? WHERE appointment_id = ? AND version = ?");
    deleteOfPatient = session.prepare("DELETE FROM appointments_by_patient WHERE patient_id = ?");
    insertChangedByCarer =
        session.prepare(
            "INSERT INTO appointments_changed_by_carer (carer_id, appointment_id) VALUES (?, ?)");
    changedByCarer =
        session.prepare(
            "SELECT appointment_id FROM appointments_changed_by_carer WHERE carer_id = ?");
    deleteChangedByCarer =
        session.prepare("DELETE FROM appointments_changed_by_carer WHERE carer_id = ?");
  }

  /** The appointment, unless there is none (or only a pending request for one). */
  public Future<Optional<Appointment>> find(UUID appointmentId) {
    return findIncludingPending(appointmentId)
        .map(a -> a.filter(appointment -> appointment.status() != AppointmentStatus.PENDING));
  }

  public Future<Optional<Appointment>> findIncludingPending(UUID appointmentId) {
    return cql.one(selectState.bind(appointmentId))
        .map(
            row ->
                row.filter(r -> r.getString("status") != null)
                    .map(AppointmentRepository::toAppointment));
  }

  /** The stored state, pending or not, and whether a reschedule holds its lease: one snapshot. */
  public record Snapshot(Appointment appointment, boolean beingChanged) {}

  /**
   * The appointment and its lease read together from one row, so that no change can slip in between
   * the two (deciding that a claim is stray depends on both at the same moment).
   */
  public Future<Optional<Snapshot>> snapshot(UUID appointmentId) {
    return cql.one(selectState.bind(appointmentId))
        .map(
            row ->
                row.filter(r -> r.getString("status") != null)
                    .map(r -> new Snapshot(toAppointment(r), r.getUuid("change_lock") != null)));
  }

  /** Inserts a pending appointment unless one with its id exists (then returns that one). */
  public Future<Inserted> insertPending(Appointment a) {
    return cql.execute(
            insertPending.bind(
                a.id(),
                a.patientId(),
                a.clinicId(),
                a.providerId(),
                a.serviceId(),
                a.zone().getId(),
                a.start(),
                a.end(),
                a.blockedUntil(),
                a.day(),
                a.claimId(),
                a.requestHash(),
                a.bookedAt(),
                a.updatedAt(),
                a.room().orElse(null)))
        .map(
            rs -> {
              if (rs.wasApplied()) {
                return new Inserted(true, Optional.empty());
              }
              Row existing = rs.one();
              return new Inserted(
                  false,
                  Optional.ofNullable(existing)
                      .filter(r -> r.getString("status") != null)
                      .map(AppointmentRepository::toAppointment));
            });
  }

  /** Drops a pending appointment whose time could not be claimed, so its id may be booked later. */
  public Future<Boolean> forgetPending(Appointment pending) {
    return cql.applied(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            forgetPending.bind(pending.id(), pending.claimId()),
            // newer than the booked row a confirmation may still write (confirmBookedAlone)
            deleteHistoryRow.bind(pending.id(), 1)));
  }

  /** Pending becomes booked (version 1), with its first history row, if it is still pending. */
  public Future<Boolean> confirmBooked(Appointment booked, UUID by, String role) {
    return cql.applied(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            confirmBooked.bind(booked.updatedAt(), booked.id(), booked.claimId()),
            history(booked, by, role, "booked")));
  }

  /**
   * The same for a pending row too young to be forgotten as abandoned, without a lightweight
   * transaction: false when the row with the booking's claim is gone or already booked.
   *
   * <p>Only {@link #forgetPending} (itself a lightweight transaction) writes a pending row once it
   * is in, and only once it is {@link StrayClaims#ABANDONED_AFTER} old. So the update is dated one
   * microsecond after the pending row's own write: newer than the row it books, older than any
   * later write to it. A forgetting, at least minutes later, wins even at an equal time (a deletion
   * is newer than a write of the same time), and so does another request's pending row after it: a
   * confirmation that lands after its row was forgotten changes nothing, its history row included
   * (a forgetting deletes that row too).
   */
  public Future<Boolean> confirmBookedAlone(Appointment booked, UUID by, String role) {
    return pendingWritten(booked)
        .compose(
            written ->
                written.isEmpty()
                    ? Future.succeededFuture(false)
                    : bookAfter(booked, by, role, written.getAsLong()).map(true));
  }

  /** When the pending row of this booking's claim was written (microseconds), if it is there. */
  Future<OptionalLong> pendingWritten(Appointment booked) {
    return cql.one(selectPendingWritten.bind(booked.id()))
        .map(
            row ->
                row.filter(r -> "pending".equals(r.getString("status")))
                    .filter(r -> booked.claimId().equals(r.getUuid("claim_id")))
                    .map(r -> OptionalLong.of(r.getLong("written")))
                    .orElse(OptionalLong.empty()));
  }

  /** Books, dated a microsecond after {@code written}: see {@link #confirmBookedAlone}. */
  Future<Void> bookAfter(Appointment booked, UUID by, String role, long written) {
    return cql.run(
        BatchStatement.newInstance(
                DefaultBatchType.UNLOGGED,
                confirmBookedAlone.bind(booked.updatedAt(), booked.id()),
                history(booked, by, role, "booked"))
            .setQueryTimestamp(written + 1));
  }

  /**
   * Takes the appointment's change lease: while it is held nothing else changes the appointment, so
   * a reschedule can move its claims without racing another change of the same appointment. It
   * expires by itself should the instance holding it die.
   */
  public Future<Boolean> lock(Appointment a, UUID lease, Duration ttl) {
    return cql.applied(lock.bind((int) ttl.toSeconds(), lease, a.id(), a.version()));
  }

  public Future<Boolean> unlock(UUID appointmentId, UUID lease) {
    return cql.applied(unlock.bind(appointmentId, lease));
  }

  /** Commits a reschedule under the lease, with its history row; the lease ends with it. */
  public Future<Boolean> commitMove(Appointment moved, UUID lease, UUID by, String role) {
    return cql.applied(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            commitMove.bind(
                moved.providerId(),
                moved.start(),
                moved.end(),
                moved.blockedUntil(),
                moved.day(),
                moved.claimId(),
                moved.version(),
                moved.updatedAt(),
                moved.room().orElse(null),
                moved.id(),
                lease),
            history(moved, by, role, "rescheduled")));
  }

  /**
   * Commits a status change if the appointment is still as it was read ({@code before}) and no
   * reschedule holds it, with its history row.
   */
  public Future<Boolean> commitStatus(Appointment before, Appointment after, UUID by, String role) {
    return cql.applied(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            commitStatus.bind(
                after.status().json(),
                after.version(),
                after.updatedAt(),
                after.id(),
                before.status().json(),
                before.version()),
            history(after, by, role, after.status().json())));
  }

  public Future<List<AppointmentChange>> history(UUID appointmentId) {
    return cql.all(selectHistory.bind(appointmentId))
        .map(
            rows ->
                rows.stream()
                    .filter(r -> !r.isNull("version"))
                    .map(
                        r ->
                            new AppointmentChange(
                                r.getInt("version"),
                                r.getInstant("changed_at"),
                                r.getUuid("changed_by"),
                                r.getString("changed_by_role"),
                                r.getString("change"),
                                AppointmentStatus.fromJson(r.getString("status_after")),
                                r.getInstant("starts_at_after"),
                                r.getUuid("provider_after"),
                                Optional.ofNullable(r.getInstant("ends_at_after")),
                                Optional.ofNullable(r.getInstant("blocked_until_after")),
                                Optional.ofNullable(r.getString("room_after"))))
                    .toList());
  }

  /**
   * Writes the lists that lead to the appointment. A list row carries the appointment's version as
   * its write time, so when two changes of one appointment write their rows out of order, the later
   * version still wins (and a moved appointment's old day row stays deleted).
   */
  public Future<Void> writeLists(Appointment now, Optional<Appointment> before) {
    long writeTime = writeTime(now);
    Future<Void> patient = cql.run(insertOfPatient.bind(now.patientId(), now.id()));
    Future<Void> day =
        cql.run(insertAtClinicDay.bind(now.clinicId(), now.day(), now.id(), writeTime));
    Future<Void> oldDay =
        before
            .filter(b -> !b.day().equals(now.day()))
            .map(b -> cql.run(deleteAtClinicDay.bind(writeTime, b.clinicId(), b.day(), b.id())))
            .orElse(Future.succeededFuture());
    return Future.all(patient, day, oldDay).mapEmpty();
  }

  public Future<List<UUID>> idsOfPatient(UUID patientId) {
    return cql.all(selectOfPatient.bind(patientId))
        .map(rows -> rows.stream().map(r -> r.getUuid(0)).toList());
  }

  /**
   * Puts {@code pseudonym} in the place of {@code person} in the appointment and in every history
   * row they made (one partition, one batch); how many rows changed. An appointment that is not the
   * person's changes nothing.
   */
  public Future<Integer> pseudonymize(UUID appointmentId, UUID person, UUID pseudonym) {
    return Future.all(findIncludingPending(appointmentId), history(appointmentId))
        .compose(
            found -> {
              Optional<Appointment> appointment = found.resultAt(0);
              if (appointment.isEmpty() || !appointment.get().patientId().equals(person)) {
                return Future.succeededFuture(0);
              }
              BatchStatementBuilder batch =
                  BatchStatement.builder(DefaultBatchType.UNLOGGED)
                      .addStatement(setPatient.bind(pseudonym, appointmentId));
              found.<List<AppointmentChange>>resultAt(1).stream()
                  .filter(c -> person.equals(c.changedBy()))
                  .forEach(
                      c ->
                          batch.addStatement(
                              setChangedBy.bind(pseudonym, appointmentId, c.version())));
              int rows = batch.getStatementsCount();
              return cql.run(batch.build()).map(rows);
            });
  }

  /** Notes that a carer changed the appointment, for the carer's erasure. */
  public Future<Void> changedByCarer(UUID carerId, UUID appointmentId) {
    return cql.run(insertChangedByCarer.bind(carerId, appointmentId));
  }

  /**
   * Puts {@code pseudonym} in the place of the carer in the history of every appointment they
   * changed for someone, and forgets which those were; how many history rows changed.
   */
  public Future<Integer> pseudonymizeCarer(UUID carerId, UUID pseudonym) {
    return cql.all(changedByCarer.bind(carerId))
        .compose(
            rows ->
                Future.all(
                    rows.stream()
                        .map(r -> pseudonymizeChanges(r.getUuid(0), carerId, pseudonym))
                        .toList()))
        .compose(
            all ->
                cql.run(deleteChangedByCarer.bind(carerId))
                    .map(v -> all.<Integer>list().stream().mapToInt(Integer::intValue).sum()));
  }

  private Future<Integer> pseudonymizeChanges(UUID appointmentId, UUID actor, UUID pseudonym) {
    return history(appointmentId)
        .compose(
            changes -> {
              BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
              changes.stream()
                  .filter(c -> actor.equals(c.changedBy()))
                  .forEach(
                      c ->
                          batch.addStatement(
                              setChangedBy.bind(pseudonym, appointmentId, c.version())));
              int rows = batch.getStatementsCount();
              return rows == 0 ? Future.succeededFuture(0) : cql.run(batch.build()).map(rows);
            });
  }

  /**
   * The patient's list of appointments goes (the appointments stay, reachable by id and by clinic
   * day).
   */
  public Future<Void> forgetPatient(UUID patientId) {
    return cql.run(deleteOfPatient.bind(patientId));
  }

  public Future<List<UUID>> idsAtClinicOn(UUID clinicId, LocalDate day) {
    return cql.all(selectAtClinicDay.bind(clinicId, day))
        .map(rows -> rows.stream().map(r -> r.getUuid(0)).toList());
  }

  /**
   * Microseconds of the booking time plus the version: grows with every change of one appointment.
   */
  static long writeTime(Appointment a) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, a.bookedAt()) + a.version();
  }

  private BoundStatement history(Appointment after, UUID by, String role, String change) {
    return insertHistory.bind(
        after.id(),
        after.version(),
        after.updatedAt(),
        by,
        role,
        change,
        after.status().json(),
        after.start(),
        after.providerId(),
        after.end(),
        after.blockedUntil(),
        after.room().orElse(null));
  }

  static Appointment toAppointment(Row r) {
    return new Appointment(
        r.getUuid("appointment_id"),
        r.getUuid("patient_id"),
        r.getUuid("clinic_id"),
        r.getUuid("provider_id"),
        r.getUuid("service_id"),
        ZoneId.of(r.getString("time_zone")),
        r.getInstant("starts_at"),
        r.getInstant("ends_at"),
        r.getInstant("blocked_until"),
        AppointmentStatus.fromJson(r.getString("status")),
        r.getInt("current_version"),
        r.getUuid("claim_id"),
        r.getString("request_hash"),
        r.getInstant("booked_at"),
        r.getInstant("updated_at"),
        Optional.ofNullable(r.getString("room")));
  }
}
