package io.careloop.patient.audit;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.platform.privacy.ReadAudit;

/**
 * The audit of staff reading patients' data through patient-api (appointments, profiles), in
 * staff_reads_by_patient_month.
 */
public final class StaffReads extends ReadAudit {

  /** Prepares its statements: construct it on a worker thread. */
  public StaffReads(CqlSession session) {
    super(session, "staff_reads_by_patient_month");
  }
}
