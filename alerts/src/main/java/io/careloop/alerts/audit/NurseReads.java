package io.careloop.alerts.audit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.alerts.alert.AlertRepository;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The audit of staff reading patients' data through the alerts module (alerts, daily brushing, care
 * plans): one row per patient and read, written before the data is handed out.
 */
public final class NurseReads {

  /** One recorded read. */
  public record Read(UUID staffId, String staffRole, String what, Instant at) {}

  private final NurseReadDao dao;

  /** Prepares its statements: construct it on a worker thread. */
  public NurseReads(CqlSession session) {
    this.dao = new AuditMapperBuilder(session).build().nurseReads();
  }

  public Future<Void> record(Principal staff, Collection<UUID> patients, String what) {
    int month = month();
    return Future.all(
            patients.stream()
                .distinct()
                .map(
                    patient ->
                        Cql.onCaller(
                            dao.insert(
                                new NurseReadRow(
                                    patient,
                                    month,
                                    Uuids.timeBased(),
                                    staff.accountId(),
                                    staff.role().claim(),
                                    what))))
                .toList())
        .mapEmpty();
  }

  /** This month's reads of a patient's data, newest first. */
  public Future<List<Read>> thisMonth(UUID patientId) {
    return Cql.allMapped(dao.ofMonth(patientId, month()))
        .map(rows -> rows.stream().map(NurseReads::read).toList());
  }

  /** The reads of a patient's data in {@code months} (UTC), month by month. */
  public Future<List<Read>> of(UUID patientId, List<YearMonth> months) {
    List<Future<List<NurseReadRow>>> reads =
        months.stream().map(m -> Cql.allMapped(dao.ofMonth(patientId, month(m)))).toList();
    return Future.all(reads)
        .map(
            all -> reads.stream().flatMap(f -> f.result().stream()).map(NurseReads::read).toList());
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
                                            new NurseReadRow(
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

  private static Read read(NurseReadRow r) {
    return new Read(
        r.staffId(),
        r.staffRole(),
        r.what(),
        Instant.ofEpochMilli(Uuids.unixTimestamp(r.readAt())));
  }

  private static int month(YearMonth m) {
    return m.getYear() * 100 + m.getMonthValue();
  }

  /** An audit tells when a read really happened: the real clock, not a business clock. */
  private static int month() {
    return AlertRepository.month(Instant.now());
  }
}
