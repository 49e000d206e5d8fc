package io.careloop.crm.audit;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.platform.privacy.ReadAudit;

/**
 * The audit of staff reading the CRM's patients (record, timeline, search listings), in
 * crm_record_reads_by_patient_month.
 */
public final class RecordReads extends ReadAudit {

  /** Prepares its statements: construct it on a worker thread. */
  public RecordReads(CqlSession session) {
    super(session, "crm_record_reads_by_patient_month");
  }
}
