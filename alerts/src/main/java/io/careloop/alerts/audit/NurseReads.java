package io.careloop.alerts.audit;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.platform.privacy.ReadAudit;

/**
 * The audit of staff reading patients' data through the alerts module (alerts, daily brushing, care
 * plans), in nurse_reads_by_patient_month.
 */
public final class NurseReads extends ReadAudit {

  /** Prepares its statements: construct it on a worker thread. */
  public NurseReads(CqlSession session) {
    super(session, "nurse_reads_by_patient_month");
  }
}
