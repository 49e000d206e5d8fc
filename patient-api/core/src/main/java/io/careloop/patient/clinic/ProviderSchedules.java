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
import io.careloop.patient.time.SlotGrid;
import io.careloop.platform.cassandra.Cql;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
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
 * Providers' weekly working hours at each clinic, and the exceptions to them (holidays, sick
 * days). Changing them never moves or cancels a booked appointment: the slot search simply stops
 * offering the time, and staff call the patients concerned.
 */
public final class ProviderSchedules {

  /** The longest closure one request may create: a year (it is written to each month it touches). */
  static final int LONGEST_EXCEPTION_DAYS = 366;
  private static final TupleType TIME_PAIR = DataTypes.tupleOf(DataTypes.TIME, DataTypes.TIME);

  private final Cql cql;
  private final ClinicCatalog catalog;
  private final Clock clock;

  private final PreparedStatement clearWeek;
  private final PreparedStatement insertDay;
  private final PreparedStatement selectWeeks;
  private final PreparedStatement insertException;
  private final PreparedStatement selectExceptions;

  /** Prepares its statements: construct it on a worker thread. */
  public ProviderSchedules(CqlSession session, ClinicCatalog catalog, Clock clock) {
    this.cql = new Cql(session);
    this.catalog = catalog;
    this.clock = clock;
    clearWeek = session.prepare("DELETE FROM working_hours_by_clinic USING TIMESTAMP ? WHERE clinic_id = ?"
        + " AND provider_id = ?");
    insertDay = session.prepare("INSERT INTO working_hours_by_clinic (clinic_id, provider_id, weekday, hours, breaks)"
        + " VALUES (?, ?, ?, ?, ?) USING TIMESTAMP ?");
    selectWeeks = session.prepare("SELECT provider_id, weekday, hours, breaks FROM working_hours_by_clinic"
        + " WHERE clinic_id = ?");
    insertException = session.prepare("INSERT INTO schedule_exceptions_by_clinic_month (clinic_id, month,"
        + " exception_id, provider_id, first_day, last_day, start_time, end_time, reason, note, created_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    selectExceptions = session.prepare("SELECT exception_id, provider_id, first_day, last_day, start_time, end_time,"
        + " reason, note FROM schedule_exceptions_by_clinic_month WHERE clinic_id = ? AND month = ?");
  }

  /**
   * Replaces the provider's week at the clinic (a day left out is a day off). The old week is
   * deleted and the new one written in one single-partition batch, so a reader sees one or the
   * other; the deletion gets an older timestamp than the inserts, or it would win over them.
   */
  public Future<WeeklyHours> setWeeklyHours(UUID providerId, UUID clinicId, WeeklyHours week) {
    return catalog.provider(providerId).compose(provider -> {
      if (provider.isEmpty()) {
        return Future.failedFuture(ClinicCatalog.unknown("provider", providerId));
      }
      if (!provider.get().worksAt(clinicId)) {
        return Future.failedFuture(new Problem(422, "provider-not-at-clinic", "Provider not at this clinic",
            "Provider " + providerId + " does not work at clinic " + clinicId));
      }
      // Write timestamps come from the real clock like every other write's, not the business clock.
      long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
      BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED)
          .addStatement(clearWeek.bind(micros, clinicId, providerId));
      for (WorkingDay day : week.days()) {
        batch.addStatement(insertDay.bind(clinicId, providerId, day.day().getValue(), pairs(day.hours()),
            pairs(day.breaks()), micros + 1));
      }
      return cql.run(batch.build()).map(week);
    });
  }

  /** Every provider's week at the clinic. */
  public Future<Map<UUID, WeeklyHours>> weeksAt(UUID clinicId) {
    return cql.all(selectWeeks.bind(clinicId)).map(rows -> {
      Map<UUID, List<WorkingDay>> days = new LinkedHashMap<>();
      for (Row row : rows) {
        days.computeIfAbsent(row.getUuid("provider_id"), id -> new ArrayList<>())
            .add(new WorkingDay(DayOfWeek.of(row.getInt("weekday")), ranges(row, "hours"), ranges(row, "breaks")));
      }
      Map<UUID, WeeklyHours> weeks = new HashMap<>();
      days.forEach((provider, list) -> weeks.put(provider, new WeeklyHours(list)));
      return weeks;
    });
  }

  /**
   * Closes time at a clinic (for everyone, or one provider there) or, without a clinic, for one
   * provider at every clinic they work at. Written to each month it touches.
   */
  public Future<List<ScheduleException>> addException(Optional<UUID> clinicId, Optional<UUID> providerId,
                                                      LocalDate firstDay, LocalDate lastDay, Optional<TimeRange> hours,
                                                      ScheduleException.Reason reason, String note) {
    if (clinicId.isEmpty() && providerId.isEmpty()) {
      return Future.failedFuture(Problem.validation("Name a clinic, a provider, or both"));
    }
    if (lastDay.isBefore(firstDay) || ChronoUnit.DAYS.between(firstDay, lastDay) >= LONGEST_EXCEPTION_DAYS) {
      return Future.failedFuture(Problem.validation("lastDay must be on or after firstDay, at most "
          + LONGEST_EXCEPTION_DAYS + " days in all"));
    }
    if (hours.isPresent() && (!SlotGrid.isOnGrid(hours.get().start()) || !SlotGrid.isOnGrid(hours.get().end()))) {
      return Future.failedFuture(Problem.validation("startTime and endTime must be on the "
          + SlotGrid.STEP.toMinutes() + "-minute grid"));
    }
    if (note != null && note.length() > 500) {
      return Future.failedFuture(Problem.validation("note must have at most 500 characters"));
    }
    Future<List<UUID>> clinics = providerId.isEmpty()
        ? catalog.clinic(clinicId.get()).compose(c -> c.isPresent() ? Future.succeededFuture(List.of(c.get().id()))
            : Future.failedFuture(ClinicCatalog.unknown("clinic", clinicId.get())))
        : catalog.provider(providerId.get()).compose(p -> {
          if (p.isEmpty()) {
            return Future.failedFuture(ClinicCatalog.unknown("provider", providerId.get()));
          }
          if (clinicId.isPresent() && !p.get().worksAt(clinicId.get())) {
            return Future.failedFuture(new Problem(422, "provider-not-at-clinic", "Provider not at this clinic",
                "Provider " + providerId.get() + " does not work at clinic " + clinicId.get()));
          }
          return Future.succeededFuture(clinicId.map(List::of).orElse(p.get().clinicIds().stream().sorted().toList()));
        });
    return clinics.compose(ids -> {
      UUID id = UUID.randomUUID();
      List<ScheduleException> created = new ArrayList<>();
      BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED);
      for (UUID clinic : ids) {
        ScheduleException exception = new ScheduleException(id, clinic, providerId, firstDay, lastDay, hours, reason,
            note);
        created.add(exception);
        for (YearMonth month = YearMonth.from(firstDay); !month.isAfter(YearMonth.from(lastDay));
             month = month.plusMonths(1)) {
          batch.addStatement(insertException.bind(clinic, monthKey(month), id, providerId.orElse(null), firstDay,
              lastDay, hours.map(TimeRange::start).orElse(null), hours.map(TimeRange::end).orElse(null),
              reason.name().toLowerCase(Locale.ROOT), note, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        }
      }
      return cql.run(batch.build()).map(v -> List.copyOf(created));
    });
  }

  /** The exceptions at a clinic that touch any day from {@code from} to {@code to}. */
  public Future<List<ScheduleException>> exceptionsAt(UUID clinicId, LocalDate from, LocalDate to) {
    List<Future<List<Row>>> months = new ArrayList<>();
    for (YearMonth month = YearMonth.from(from); !month.isAfter(YearMonth.from(to)); month = month.plusMonths(1)) {
      months.add(cql.all(selectExceptions.bind(clinicId, monthKey(month))));
    }
    return Future.all(months).map(all -> {
      Map<UUID, ScheduleException> byId = new LinkedHashMap<>();
      for (Future<List<Row>> month : months) {
        for (Row r : month.result()) {
          LocalTime start = r.getLocalTime("start_time");
          LocalTime end = r.getLocalTime("end_time");
          ScheduleException e = new ScheduleException(r.getUuid("exception_id"), clinicId,
              Optional.ofNullable(r.getUuid("provider_id")), r.getLocalDate("first_day"), r.getLocalDate("last_day"),
              start == null ? Optional.empty() : Optional.of(new TimeRange(start, end)),
              ScheduleException.Reason.valueOf(r.getString("reason").toUpperCase(Locale.ROOT)),
              r.getString("note"));
          if (!e.lastDay().isBefore(from) && !e.firstDay().isAfter(to)) {
            byId.put(e.id(), e);
          }
        }
      }
      return List.copyOf(byId.values());
    });
  }

  static int monthKey(YearMonth month) {
    return month.getYear() * 100 + month.getMonthValue();
  }

  private static List<TupleValue> pairs(List<TimeRange> ranges) {
    return ranges.stream().map(r -> TIME_PAIR.newValue(r.start(), r.end())).toList();
  }

  private static List<TimeRange> ranges(Row row, String column) {
    List<TupleValue> values = row.getList(column, TupleValue.class);
    return values == null ? List.of()
        : values.stream().map(t -> new TimeRange(t.getLocalTime(0), t.getLocalTime(1))).toList();
  }
}
