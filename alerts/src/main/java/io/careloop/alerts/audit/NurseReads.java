package io.careloop.alerts.audit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.alerts.alert.AlertRepository;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The audit of staff reading patients' data through the alerts module (alerts, daily brushing,
 * care plans): one row per patient and read, written before the data is handed out.
 */
public final class NurseReads {

  /** One recorded read. */
  public record Read(UUID staffId, String staffRole, String what, Instant at) {
  }

  private final NurseReadDao dao;

  /** Prepares its statements: construct it on a worker thread. */
  public NurseReads(CqlSession session) {
    this.dao = new AuditMapperBuilder(session).build().nurseReads();
  }

  public Future<Void> record(Principal staff, Collection<UUID> patients, String what) {
    int month = month();
    return Future.all(patients.stream().distinct().map(patient -> Cql.onCaller(dao.insert(new NurseReadRow(patient,
        month, Uuids.timeBased(), staff.accountId(), staff.role().claim(), what)))).toList()).mapEmpty();
  }

  /** This month's reads of a patient's data, newest first. */
  public Future<List<Read>> thisMonth(UUID patientId) {
    return Cql.allMapped(dao.ofMonth(patientId, month())).map(rows -> rows.stream().map(r -> new Read(r.staffId(),
        r.staffRole(), r.what(), Instant.ofEpochMilli(Uuids.unixTimestamp(r.readAt())))).toList());
  }

  /** An audit tells when a read really happened: the real clock, not a business clock. */
  private static int month() {
    return AlertRepository.month(Instant.now());
  }
}
