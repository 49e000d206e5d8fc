package io.careloop.crm.audit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The audit of staff reading the CRM's patients (record, timeline, search listings): one row per
 * patient read, written before the data is handed out, so no read goes unrecorded.
 */
public final class RecordReads {

  /** One recorded read. */
  public record Read(UUID staffId, String staffRole, String what, Instant at) {}

  private final RecordReadDao dao;

  /** Prepares its statements: construct it on a worker thread. */
  public RecordReads(CqlSession session) {
    this.dao = new CrmAuditMapperBuilder(session).build().recordReads();
  }

  public Future<Void> record(Principal staff, Collection<UUID> patients, String what) {
    int month = month(Instant.now());
    return Future.all(
            patients.stream()
                .distinct()
                .map(
                    patient ->
                        Cql.onCaller(
                            dao.insert(
                                new RecordReadRow(
                                    patient,
                                    month,
                                    Uuids.timeBased(),
                                    staff.accountId(),
                                    staff.role().claim(),
                                    what))))
                .toList())
        .mapEmpty();
  }

  /** This month's reads of the patient's record, newest first. */
  public Future<List<Read>> thisMonth(UUID patientId) {
    return Cql.allMapped(dao.ofMonth(patientId, month(Instant.now())))
        .map(
            rows ->
                rows.stream()
                    .map(
                        r ->
                            new Read(
                                r.staffId(),
                                r.staffRole(),
                                r.what(),
                                Instant.ofEpochMilli(Uuids.unixTimestamp(r.readAt()))))
                    .toList());
  }

  /**
   * An audit tells when a read really happened: the real clock, as read_at is, not a business
   * clock.
   */
  private static int month(Instant at) {
    var date = at.atZone(ZoneOffset.UTC);
    return date.getYear() * 100 + date.getMonthValue();
  }
}
