package io.careloop.platform.privacy;

import com.datastax.oss.driver.api.core.MappedAsyncPagingIterable;
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
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The audit trail of staff reading patients' data, one row per patient and read, written before the
 * data is handed out, so no read goes unrecorded. Each module keeps its own table (partitioned by
 * patient and UTC month, clustered by a time-based read id) and reaches it through its
 * mapper-generated DAO; this is what they do with it alike. A module's audit is a subclass that
 * names its table.
 *
 * @param <R> the module's row
 */
public class ReadAudit<R extends ReadAudit.Row> {

  /** What the rows of every audit table hold. */
  public interface Row {
    UUID readAt();

    UUID staffId();

    String staffRole();

    String what();
  }

  /** Builds a module's row. */
  @FunctionalInterface
  public interface RowFactory<R> {
    R row(UUID patientId, int month, UUID readAt, UUID staffId, String staffRole, String what);
  }

  /** A module's audit table: its DAO's statements and its row. */
  public record Table<R>(
      Function<R, CompletionStage<Void>> insert,
      BiFunction<UUID, Integer, CompletionStage<MappedAsyncPagingIterable<R>>> ofMonth,
      BiFunction<UUID, Integer, CompletionStage<Void>> deleteMonth,
      RowFactory<R> rows) {}

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

  private final Table<R> table;

  protected ReadAudit(Table<R> table) {
    this.table = table;
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
                            table
                                .rows()
                                .row(
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
    List<Future<List<R>>> reads = months.stream().map(m -> rowsOf(patientId, month(m))).toList();
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
                    .compose(copied -> Cql.onCaller(table.deleteMonth().apply(patientId, month)))
                    .map(rows.size()));
  }

  private R moved(R r, UUID pseudonym, int month) {
    return table.rows().row(pseudonym, month, r.readAt(), r.staffId(), r.staffRole(), r.what());
  }

  private Future<Void> insert(R row) {
    return Cql.onCaller(table.insert().apply(row));
  }

  private Future<List<R>> rowsOf(UUID patientId, int month) {
    return Cql.allMapped(table.ofMonth().apply(patientId, month));
  }

  private static Read read(Row r) {
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
