package io.careloop.patient.clinic;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;

/**
 * Who belongs to which clinic: patients (from their first booking there) and nurses (from the
 * creation of their account), listed both ways.
 */
public final class MembershipRepository {

  private final Cql cql;
  private final PreparedStatement insertPatientOfClinic;
  private final PreparedStatement insertClinicOfPatient;
  private final PreparedStatement selectClinicsOfPatient;
  private final PreparedStatement selectPatientsOfClinic;
  private final PreparedStatement insertNurse;
  private final PreparedStatement selectNurses;
  private final PreparedStatement deleteNurse;
  private final PreparedStatement deletePatientOfClinic;
  private final PreparedStatement deleteClinicsOfPatient;

  /** Prepares its statements: construct it on a worker thread. */
  public MembershipRepository(CqlSession session) {
    this.cql = new Cql(session);
    insertPatientOfClinic =
        session.prepare("INSERT INTO patients_by_clinic (clinic_id, patient_id) VALUES (?, ?)");
    insertClinicOfPatient =
        session.prepare("INSERT INTO clinics_by_patient (patient_id, clinic_id) VALUES (?, ?)");
    selectClinicsOfPatient =
        session.prepare("SELECT clinic_id FROM clinics_by_patient WHERE patient_id = ?");
    selectPatientsOfClinic =
        session.prepare("SELECT patient_id FROM patients_by_clinic WHERE clinic_id = ?");
    insertNurse =
        session.prepare(
            "INSERT INTO nurses_by_clinic (clinic_id, nurse_id, name) VALUES (?, ?, ?)");
    selectNurses = session.prepare("SELECT nurse_id FROM nurses_by_clinic WHERE clinic_id = ?");
    deleteNurse =
        session.prepare("DELETE FROM nurses_by_clinic WHERE clinic_id = ? AND nurse_id = ?");
    deletePatientOfClinic =
        session.prepare("DELETE FROM patients_by_clinic WHERE clinic_id = ? AND patient_id = ?");
    deleteClinicsOfPatient = session.prepare("DELETE FROM clinics_by_patient WHERE patient_id = ?");
  }

  /** The patient is a patient of the clinic (repeating it changes nothing). */
  public Future<Void> addPatient(UUID clinicId, UUID patientId) {
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            insertPatientOfClinic.bind(clinicId, patientId),
            insertClinicOfPatient.bind(patientId, clinicId)));
  }

  /**
   * The patient is no longer listed by any of {@code clinics} (theirs), nor they by the patient.
   */
  public Future<Void> removePatient(UUID patientId, List<UUID> clinics) {
    BatchStatementBuilder batch =
        BatchStatement.builder(DefaultBatchType.LOGGED)
            .addStatement(deleteClinicsOfPatient.bind(patientId));
    clinics.forEach(c -> batch.addStatement(deletePatientOfClinic.bind(c, patientId)));
    return cql.run(batch.build());
  }

  public Future<List<UUID>> clinicsOf(UUID patientId) {
    return cql.all(selectClinicsOfPatient.bind(patientId))
        .map(rows -> rows.stream().map(r -> r.getUuid(0)).toList());
  }

  public Future<List<UUID>> patientsOf(UUID clinicId) {
    return cql.all(selectPatientsOfClinic.bind(clinicId))
        .map(rows -> rows.stream().map(r -> r.getUuid(0)).toList());
  }

  public Future<Void> addNurse(UUID clinicId, UUID nurseId, String name) {
    return cql.run(insertNurse.bind(clinicId, nurseId, name));
  }

  public Future<Void> removeNurse(UUID clinicId, UUID nurseId) {
    return cql.run(deleteNurse.bind(clinicId, nurseId));
  }

  public Future<List<UUID>> nursesOf(UUID clinicId) {
    return cql.all(selectNurses.bind(clinicId))
        .map(rows -> rows.stream().map(r -> r.getUuid(0)).toList());
  }
}
