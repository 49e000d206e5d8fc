package io.careloop.platform.privacy;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The audit trail of staff reading patients' data, one row per patient and read, written before the
 * data is handed out, so no read goes unrecorded. Each module keeps its own table (partitioned by
 * patient and UTC month, clustered by a time-based read id, the columns of {@link ReadAuditRow});
 * this is what they do with it alike. A module's audit is a subclass that names its table.
 */
public class ReadAudit {

  /** One recorded read. */
  public record Read(UUID staffId, String staffRole, String what, Instant at) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("at", at.toString())
          .put("staffId", staffId.toString())
          .put("staffRole", staffRole)
          .put("what", what);
    }
  }

  private final ReadAuditDao table;

  /** Prepares its statements: construct it on a worker thread. */
  protected ReadAudit(CqlSession session, String table) {
    this.table = new ReadAuditMapperBuilder(session).build().reads(CqlIdentifier.fromCql(table));
  }

  /** Records that {@code staff} read {@code what} of each patient. */
  public Future<Void> record(Principal staff, Collection<UUID> patients, String what) {
    int month = month(thisMonth());
    return Future.all(
            patients.stream()
                .distinct()
                .map(
                    patient ->
                        insert(
                            new ReadAuditRow(
                                patient,
                                month,
                                Uuids.timeBased(),
                                staff.accountId(),
                                staff.role().claim(),
                                what)))
                .toList())
        .mapEmpty();
  }

  /** This month's reads of a patient's data, newest first. */
  public Future<List<Read>> thisMonth(UUID patientId) {
    return of(patientId, List.of(thisMonth()));
  }

  /** The reads of a patient's data in {@code months} (UTC), month by month. */
  public Future<List<Read>> of(UUID patientId, List<YearMonth> months) {
    List<Future<List<ReadAuditRow>>> reads =
        months.stream().map(m -> rowsOf(patientId, month(m))).toList();
    return Future.all(reads)
        .map(all -> reads.stream().flatMap(f -> f.result().stream()).map(ReadAudit::read).toList());
  }

  /**
   * Moves the patient's audit rows of {@code months} under {@code pseudonym}: the clinic keeps who
   * read what and when, no longer whose data it was. How many rows moved.
   */
  public Future<Integer> pseudonymize(UUID patientId, UUID pseudonym, List<YearMonth> months) {
    return Future.all(
            months.stream().map(m -> pseudonymize(patientId, pseudonym, month(m))).toList())
        .map(all -> all.<Integer>list().stream().mapToInt(Integer::intValue).sum());
  }

  private Future<Integer> pseudonymize(UUID patientId, UUID pseudonym, int month) {
    return rowsOf(patientId, month)
        .compose(
            rows ->
                Future.all(rows.stream().map(r -> insert(moved(r, pseudonym, month))).toList())
                    .compose(copied -> Cql.onCaller(table.deleteMonth(patientId, month)))
                    .map(rows.size()));
  }

  private static ReadAuditRow moved(ReadAuditRow r, UUID pseudonym, int month) {
    return new ReadAuditRow(pseudonym, month, r.readAt(), r.staffId(), r.staffRole(), r.what());
  }

  private Future<Void> insert(ReadAuditRow row) {
    return Cql.onCaller(table.insert(row));
  }

  private Future<List<ReadAuditRow>> rowsOf(UUID patientId, int month) {
    return Cql.allMapped(table.ofMonth(patientId, month));
  }

  private static Read read(ReadAuditRow r) {
    return new Read(
        r.staffId(),
        r.staffRole(),
        r.what(),
        Instant.ofEpochMilli(Uuids.unixTimestamp(r.readAt())));
  }

  /**
   * An audit tells when a read really happened: the real clock, as read_at is, not a business one.
   */
  private static YearMonth thisMonth() {
    return YearMonth.from(Instant.now().atZone(ZoneOffset.UTC));
  }

  private static int month(YearMonth m) {
    return m.getYear() * 100 + m.getMonthValue();
  }
}
