package io.careloop.patient.audit;

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
 * The audit trail of staff reading patients' data: one row per patient read, written before the
 * data is handed out, so no read goes unrecorded.
 */
public final class StaffReads {

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

  private final StaffReadDao dao;

  /** Prepares its statements: construct it on a worker thread. */
  public StaffReads(CqlSession session) {
    this.dao = new AuditMapperBuilder(session).build().staffReads();
  }

  /** Records that {@code staff} read {@code what} of each patient. */
  public Future<Void> record(Principal staff, Collection<UUID> patients, String what) {
    int month = month();
    return Future.all(
            patients.stream()
                .distinct()
                .map(
                    patient ->
                        Cql.onCaller(
                            dao.insert(
                                new StaffReadRow(
                                    patient,
                                    month,
                                    Uuids.timeBased(),
                                    staff.accountId(),
                                    staff.role().claim(),
                                    what))))
                .toList())
        .mapEmpty();
  }

  /** The reads of a patient's data this month. */
  public Future<List<Read>> thisMonth(UUID patientId) {
    return Cql.allMapped(dao.ofMonth(patientId, month()))
        .map(rows -> rows.stream().map(StaffReads::read).toList());
  }

  /** The reads of a patient's data in {@code months} (UTC), month by month. */
  public Future<List<Read>> of(UUID patientId, List<YearMonth> months) {
    List<Future<List<StaffReadRow>>> reads =
        months.stream().map(m -> Cql.allMapped(dao.ofMonth(patientId, month(m)))).toList();
    return Future.all(reads)
        .map(
            all -> reads.stream().flatMap(f -> f.result().stream()).map(StaffReads::read).toList());
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
    return Cql.allMapped(dao.ofMonth(patientId, month))
        .compose(
            rows ->
                Future.all(
                        rows.stream()
                            .map(
                                r ->
                                    Cql.onCaller(
                                        dao.insert(
                                            new StaffReadRow(
                                                pseudonym,
                                                month,
                                                r.readAt(),
                                                r.staffId(),
                                                r.staffRole(),
                                                r.what()))))
                            .toList())
                    .compose(copied -> Cql.onCaller(dao.deleteMonth(patientId, month)))
                    .map(rows.size()));
  }

  private static Read read(StaffReadRow r) {
    return new Read(
        r.staffId(),
        r.staffRole(),
        r.what(),
        Instant.ofEpochMilli(Uuids.unixTimestamp(r.readAt())));
  }

  private static int month(YearMonth m) {
    return m.getYear() * 100 + m.getMonthValue();
  }

  /**
   * An audit tells when a read really happened: the real clock, as in read_at, not a business
   * clock.
   */
  private static int month() {
    var date = Instant.now().atZone(ZoneOffset.UTC);
    return date.getYear() * 100 + date.getMonthValue();
  }
}
