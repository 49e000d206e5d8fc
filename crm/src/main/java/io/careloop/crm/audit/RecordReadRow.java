package io.careloop.crm.audit;

import com.datastax.oss.driver.api.mapper.annotations.ClusteringColumn;
import com.datastax.oss.driver.api.mapper.annotations.CqlName;
import com.datastax.oss.driver.api.mapper.annotations.Entity;
import com.datastax.oss.driver.api.mapper.annotations.PartitionKey;
import io.careloop.platform.privacy.ReadAudit;
import java.util.UUID;

/** A row of crm_record_reads_by_patient_month: one staff read of one patient's record. */
@Entity
@CqlName("crm_record_reads_by_patient_month")
public record RecordReadRow(
    @PartitionKey(0) UUID patientId,
    @PartitionKey(1) int month,
    @ClusteringColumn UUID readAt,
    UUID staffId,
    String staffRole,
    String what)
    implements ReadAudit.Row {}
