package io.careloop.platform.privacy;

import com.datastax.oss.driver.api.mapper.annotations.ClusteringColumn;
import com.datastax.oss.driver.api.mapper.annotations.Entity;
import com.datastax.oss.driver.api.mapper.annotations.PartitionKey;
import java.util.UUID;

/**
 * A row of a module's audit table: one staff read of one patient's data. Every audit table has
 * these columns; the module names its table to {@link ReadAuditMapper}.
 */
@Entity
public record ReadAuditRow(
    @PartitionKey(0) UUID patientId,
    @PartitionKey(1) int month,
    @ClusteringColumn UUID readAt,
    UUID staffId,
    String staffRole,
    String what) {}
