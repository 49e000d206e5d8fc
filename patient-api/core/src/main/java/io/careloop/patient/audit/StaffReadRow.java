package io.careloop.patient.audit;

import com.datastax.oss.driver.api.mapper.annotations.ClusteringColumn;
import com.datastax.oss.driver.api.mapper.annotations.CqlName;
import com.datastax.oss.driver.api.mapper.annotations.Entity;
import com.datastax.oss.driver.api.mapper.annotations.PartitionKey;
import io.careloop.platform.privacy.ReadAudit;
import java.util.UUID;

/** A row of staff_reads_by_patient_month: one staff read of one patient's data. */
@Entity
@CqlName("staff_reads_by_patient_month")
public record StaffReadRow(
    @PartitionKey(0) UUID patientId,
    @PartitionKey(1) int month,
    @ClusteringColumn UUID readAt,
    UUID staffId,
    String staffRole,
    String what)
    implements ReadAudit.Row {}
