package io.careloop.patient.clinic;

import io.careloop.patient.time.SlotGrid;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Providers' weekly working hours at each clinic, and the exceptions to them (holidays, sick days).
 * Changing them never moves or cancels a booked appointment: the slot search simply stops offering
 * the time, and staff call the patients concerned.
 */
public final class ProviderSchedules {

  /**
   * The longest closure one request may create: a year (it is written to each month it touches).
   */
  static final int LONGEST_EXCEPTION_DAYS = 366;

  private final ScheduleRepository schedules;
  private final ClinicCatalog catalog;
  private final Clock clock;

  public ProviderSchedules(ScheduleRepository schedules, ClinicCatalog catalog, Clock clock) {
    this.schedules = schedules;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** Replaces the provider's week at the clinic (a day left out is a day off). */
  public Future<WeeklyHours> setWeeklyHours(UUID providerId, UUID clinicId, WeeklyHours week) {
    return catalog
        .provider(providerId)
        .compose(
            provider -> {
              if (provider.isEmpty()) {
                return Future.failedFuture(ClinicCatalog.unknown("provider", providerId));
              }
              if (!provider.get().worksAt(clinicId)) {
                return Future.failedFuture(notAtClinic(providerId, clinicId));
              }
              return schedules.replaceWeek(providerId, clinicId, week).map(week);
            });
  }

  /** Every provider's week at the clinic. */
  public Future<Map<UUID, WeeklyHours>> weeksAt(UUID clinicId) {
    return schedules.weeksAt(clinicId);
  }

  /**
   * Closes time at a clinic (for everyone, or one provider there) or, without a clinic, for one
   * provider at every clinic they work at.
   */
  public Future<List<ScheduleException>> addException(
      Optional<UUID> clinicId,
      Optional<UUID> providerId,
      LocalDate firstDay,
      LocalDate lastDay,
      Optional<TimeRange> hours,
      ScheduleException.Reason reason,
      String note) {
    try {
      checkException(clinicId, providerId, firstDay, lastDay, hours, note);
    } catch (Problem p) {
      return Future.failedFuture(p);
    }
    return clinicsClosed(clinicId, providerId)
        .compose(
            ids -> {
              UUID id = UUID.randomUUID();
              List<ScheduleException> created = new ArrayList<>();
              for (UUID clinic : ids) {
                created.add(
                    new ScheduleException(
                        id, clinic, providerId, firstDay, lastDay, hours, reason, note));
              }
              return schedules
                  .insert(created, clock.instant().truncatedTo(ChronoUnit.MILLIS))
                  .map(v -> List.copyOf(created));
            });
  }

  /** What an admin set at a clinic: each provider's week, and the closures of a span of days. */
  public record ClinicSchedule(
      UUID clinicId,
      LocalDate from,
      LocalDate to,
      Map<UUID, WeeklyHours> weeks,
      List<ScheduleException> closures) {}

  /**
   * The clinic's weeks and closures from {@code from} (today at the clinic) to {@code to} (90 days
   * on): a span as long as the longest closure, whose months are read one partition each.
   */
  public Future<ClinicSchedule> scheduleOf(
      UUID clinicId, Optional<LocalDate> from, Optional<LocalDate> to) {
    return catalog
        .requireClinic(clinicId)
        .compose(
            clinic -> {
              LocalDate first = from.orElse(LocalDate.now(clock.withZone(clinic.zone())));
              LocalDate last = to.orElse(first.plusDays(90));
              checkSpan(first, last);
              return Future.all(weeksAt(clinicId), exceptionsAt(clinicId, first, last))
                  .map(
                      both ->
                          new ClinicSchedule(
                              clinicId,
                              first,
                              last,
                              both.resultAt(0),
                              byFirstDay(both.resultAt(1))));
            });
  }

  private static void checkSpan(LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      throw Problem.validation("from must not be after to");
    }
    if (ChronoUnit.DAYS.between(from, to) >= LONGEST_EXCEPTION_DAYS) {
      throw Problem.validation("At most " + LONGEST_EXCEPTION_DAYS + " days at a time");
    }
  }

  private static List<ScheduleException> byFirstDay(List<ScheduleException> closures) {
    return closures.stream()
        .sorted(java.util.Comparator.comparing(ScheduleException::firstDay))
        .toList();
  }

  /** The exceptions at a clinic that touch any day from {@code from} to {@code to}. */
  public Future<List<ScheduleException>> exceptionsAt(UUID clinicId, LocalDate from, LocalDate to) {
    return schedules
        .exceptionsIn(clinicId, YearMonth.from(from), YearMonth.from(to))
        .map(
            all ->
                all.stream()
                    .filter(e -> !e.lastDay().isBefore(from) && !e.firstDay().isAfter(to))
                    .toList());
  }

  private static void checkException(
      Optional<UUID> clinicId,
      Optional<UUID> providerId,
      LocalDate firstDay,
      LocalDate lastDay,
      Optional<TimeRange> hours,
      String note) {
    if (clinicId.isEmpty() && providerId.isEmpty()) {
      throw Problem.validation("Name a clinic, a provider, or both");
    }
    if (lastDay.isBefore(firstDay)
        || ChronoUnit.DAYS.between(firstDay, lastDay) >= LONGEST_EXCEPTION_DAYS) {
      throw Problem.validation(
          "lastDay must be on or after firstDay, at most "
              + LONGEST_EXCEPTION_DAYS
              + " days in all");
    }
    if (hours.isPresent()
        && (!SlotGrid.isOnGrid(hours.get().start()) || !SlotGrid.isOnGrid(hours.get().end()))) {
      throw Problem.validation(
          "startTime and endTime must be on the " + SlotGrid.STEP.toMinutes() + "-minute grid");
    }
    if (note != null && note.length() > 500) {
      throw Problem.validation("note must have at most 500 characters");
    }
  }

  /** The clinics an exception closes: the one named, or every clinic of the provider. */
  private Future<List<UUID>> clinicsClosed(Optional<UUID> clinicId, Optional<UUID> providerId) {
    if (providerId.isEmpty()) {
      return catalog
          .clinic(clinicId.get())
          .compose(
              c ->
                  c.isPresent()
                      ? Future.succeededFuture(List.of(c.get().id()))
                      : Future.failedFuture(ClinicCatalog.unknown("clinic", clinicId.get())));
    }
    return catalog
        .provider(providerId.get())
        .compose(
            p -> {
              if (p.isEmpty()) {
                return Future.failedFuture(ClinicCatalog.unknown("provider", providerId.get()));
              }
              if (clinicId.isPresent() && !p.get().worksAt(clinicId.get())) {
                return Future.failedFuture(notAtClinic(providerId.get(), clinicId.get()));
              }
              return Future.succeededFuture(
                  clinicId.map(List::of).orElse(p.get().clinicIds().stream().sorted().toList()));
            });
  }

  private static Problem notAtClinic(UUID providerId, UUID clinicId) {
    return new Problem(
        422,
        "provider-not-at-clinic",
        "Provider not at this clinic",
        "Provider " + providerId + " does not work at clinic " + clinicId);
  }
}
