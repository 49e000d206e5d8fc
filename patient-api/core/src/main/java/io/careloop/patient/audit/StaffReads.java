package io.careloop.patient.audit;

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
 * The audit trail of staff reading patients' data: one row per patient read, written before the
 * data is handed out, so no read goes unrecorded.
 */
public final class StaffReads {

  /** One recorded read. */
  public record Read(UUID staffId, String staffRole, String what) {
  }

  private final StaffReadDao dao;

  /** Prepares its statements: construct it on a worker thread. */
  public StaffReads(CqlSession session) {
    this.dao = new AuditMapperBuilder(session).build().staffReads();
  }

  /** Records that {@code staff} read {@code what} of each patient. */
  public Future<Void> record(Principal staff, Collection<UUID> patients, String what) {
    int month = month();
    return Future.all(patients.stream().distinct()
            .map(patient -> Cql.onCaller(dao.insert(new StaffReadRow(patient, month, Uuids.timeBased(),
                staff.accountId(), staff.role().claim(), what))))
            .toList())
        .mapEmpty();
  }

  /** The reads of a patient's data this month. */
  public Future<List<Read>> thisMonth(UUID patientId) {
    return Cql.allMapped(dao.ofMonth(patientId, month()))
        .map(rows -> rows.stream().map(r -> new Read(r.staffId(), r.staffRole(), r.what())).toList());
  }

  /** An audit tells when a read really happened: the real clock, as in read_at, not a business clock. */
  private static int month() {
    var date = Instant.now().atZone(ZoneOffset.UTC);
    return date.getYear() * 100 + date.getMonthValue();
  }
}
