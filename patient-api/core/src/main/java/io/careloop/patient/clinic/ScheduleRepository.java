package io.careloop.patient.clinic;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Providers' weekly hours at each clinic (working_hours_by_clinic) and the closures of a clinic's
 * months (schedule_exceptions_by_clinic_month, an exception written to every month it touches).
 */
public final class ScheduleRepository {

  private static final TupleType TIME_PAIR = DataTypes.tupleOf(DataTypes.TIME, DataTypes.TIME);

  private final Cql cql;
  private final PreparedStatement clearWeek;
  private final PreparedStatement insertDay;
  private final PreparedStatement selectWeeks;
  private final PreparedStatement insertException;
  private final PreparedStatement selectExceptions;

  /** Prepares its statements: construct it on a worker thread. */
  public ScheduleRepository(CqlSession session) {
    this.cql = new Cql(session);
    clearWeek =
        session.prepare(
            "DELETE FROM working_hours_by_clinic USING TIMESTAMP ? WHERE clinic_id = ?"
                + " AND provider_id = ?");
    insertDay =
        session.prepare(
            "INSERT INTO working_hours_by_clinic (clinic_id, provider_id, weekday, hours, breaks)"
                + " VALUES (?, ?, ?, ?, ?) USING TIMESTAMP ?");
    selectWeeks =
        session.prepare(
            "SELECT provider_id, weekday, hours, breaks FROM working_hours_by_clinic"
                + " WHERE clinic_id = ?");
    insertException =
        session.prepare(
            "INSERT INTO schedule_exceptions_by_clinic_month (clinic_id, month,"
                + " exception_id, provider_id, first_day, last_day, start_time, end_time, reason, note, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    selectExceptions =
        session.prepare(
            "SELECT exception_id, provider_id, first_day, last_day, start_time, end_time,"
                + " reason, note FROM schedule_exceptions_by_clinic_month WHERE clinic_id = ? AND month = ?");
  }

  /**
   * Replaces the provider's week at the clinic in one single-partition batch, so a reader sees one
   * week or the other; the deletion gets an older timestamp than the inserts, or it would win over
   * them. Write timestamps come from the real clock like every other write's.
   */
  public Future<Void> replaceWeek(UUID providerId, UUID clinicId, WeeklyHours week) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    BatchStatementBuilder batch =
        BatchStatement.builder(DefaultBatchType.UNLOGGED)
            .addStatement(clearWeek.bind(micros, clinicId, providerId));
    for (WorkingDay day : week.days()) {
      batch.addStatement(
          insertDay.bind(
              clinicId,
              providerId,
              day.day().getValue(),
              pairs(day.hours()),
              pairs(day.breaks()),
              micros + 1));
    }
    return cql.run(batch.build());
  }

  /** Every provider's week at the clinic. */
  public Future<Map<UUID, WeeklyHours>> weeksAt(UUID clinicId) {
    return cql.all(selectWeeks.bind(clinicId))
        .map(
            rows -> {
              Map<UUID, List<WorkingDay>> days = new LinkedHashMap<>();
              for (Row row : rows) {
                days.computeIfAbsent(row.getUuid("provider_id"), id -> new ArrayList<>())
                    .add(
                        new WorkingDay(
                            DayOfWeek.of(row.getInt("weekday")),
                            ranges(row, "hours"),
                            ranges(row, "breaks")));
              }
              Map<UUID, WeeklyHours> weeks = new HashMap<>();
              days.forEach((provider, list) -> weeks.put(provider, new WeeklyHours(list)));
              return weeks;
            });
  }

  /** The exceptions, each in every month from its first to its last day, all or none. */
  public Future<Void> insert(List<ScheduleException> exceptions, Instant createdAt) {
    BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED);
    for (ScheduleException e : exceptions) {
      for (YearMonth month = YearMonth.from(e.firstDay());
          !month.isAfter(YearMonth.from(e.lastDay()));
          month = month.plusMonths(1)) {
        batch.addStatement(
            insertException.bind(
                e.clinicId(),
                monthKey(month),
                e.id(),
                e.providerId().orElse(null),
                e.firstDay(),
                e.lastDay(),
                e.hours().map(TimeRange::start).orElse(null),
                e.hours().map(TimeRange::end).orElse(null),
                e.reason().name().toLowerCase(Locale.ROOT),
                e.note(),
                createdAt));
      }
    }
    return cql.run(batch.build());
  }

  /** The exceptions stored in the clinic's months from {@code from} to {@code to}, each once. */
  public Future<List<ScheduleException>> exceptionsIn(UUID clinicId, YearMonth from, YearMonth to) {
    List<Future<List<Row>>> months = new ArrayList<>();
    for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
      months.add(cql.all(selectExceptions.bind(clinicId, monthKey(month))));
    }
    return Future.all(months)
        .map(
            all -> {
              Map<UUID, ScheduleException> byId = new LinkedHashMap<>();
              for (Future<List<Row>> month : months) {
                for (Row r : month.result()) {
                  ScheduleException e = toException(clinicId, r);
                  byId.put(e.id(), e);
                }
              }
              return List.copyOf(byId.values());
            });
  }

  static int monthKey(YearMonth month) {
    return month.getYear() * 100 + month.getMonthValue();
  }

  private static ScheduleException toException(UUID clinicId, Row r) {
    LocalTime start = r.getLocalTime("start_time");
    LocalTime end = r.getLocalTime("end_time");
    return new ScheduleException(
        r.getUuid("exception_id"),
        clinicId,
        Optional.ofNullable(r.getUuid("provider_id")),
        r.getLocalDate("first_day"),
        r.getLocalDate("last_day"),
        start == null ? Optional.empty() : Optional.of(new TimeRange(start, end)),
        ScheduleException.Reason.valueOf(r.getString("reason").toUpperCase(Locale.ROOT)),
        r.getString("note"));
  }

  private static List<TupleValue> pairs(List<TimeRange> ranges) {
    return ranges.stream().map(r -> TIME_PAIR.newValue(r.start(), r.end())).toList();
  }

  private static List<TimeRange> ranges(Row row, String column) {
    List<TupleValue> values = row.getList(column, TupleValue.class);
    return values == null
        ? List.of()
        : values.stream().map(t -> new TimeRange(t.getLocalTime(0), t.getLocalTime(1))).toList();
  }
}
