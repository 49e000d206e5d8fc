package io.careloop.patient.booking;

import io.careloop.patient.booking.SlotFinder.ProviderTime;
import io.careloop.patient.booking.SlotFinder.Slot;
import io.careloop.patient.clinic.BookingConfig;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.clinic.ProviderSchedules;
import io.careloop.patient.clinic.ScheduleException;
import io.careloop.patient.clinic.WeeklyHours;
import io.careloop.patient.time.Interval;
import io.careloop.patient.time.SlotGrid;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Gathers what {@link SlotFinder} needs (the clinic's rules, the providers who offer the service
 * there, their weeks, exceptions and claimed time) and asks it; for a patient whose needs only some
 * rooms meet, keeps the starts at which one of those rooms is free. Claimed time is read per
 * provider and day, only for days the provider works, all at once.
 */
public final class SlotSearch {

  /**
   * Free starts of one search, with what they were computed for.
   *
   * @param priority the starts among {@code slots} held for the fast track ({@link PriorityHolds})
   */
  public record Result(
      Clinic clinic,
      ClinicalService service,
      LocalDate from,
      LocalDate to,
      List<Slot> slots,
      Set<Slot> priority) {}

  /** What a requested start is for one provider. */
  public enum Availability {
    /** Within working time and nobody holds it (as last read; the claim decides). */
    FREE,
    /** Within working time, but claimed. */
    TAKEN,
    /** Outside the provider's working time: hours, breaks, exceptions. */
    NOT_BOOKABLE
  }

  private final ClinicCatalog catalog;
  private final ProviderSchedules schedules;
  private final ProviderTimeRepository claims;
  private final RoomTime rooms;
  private final AccessFit access;
  private final PriorityHolds holds;
  private final BookingConfig config;
  private final Clock clock;

  public SlotSearch(
      ClinicCatalog catalog,
      ProviderSchedules schedules,
      ProviderTimeRepository claims,
      RoomTime rooms,
      AccessFit access,
      PriorityHolds holds,
      BookingConfig config,
      Clock clock) {
    this.catalog = catalog;
    this.schedules = schedules;
    this.claims = claims;
    this.rooms = rooms;
    this.access = access;
    this.holds = holds;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Free starts; for a patient ({@code forPatient}), as their access needs fit the clinic ({@link
   * AccessFit}).
   */
  public Future<Result> find(
      UUID clinicId,
      UUID serviceId,
      LocalDate from,
      LocalDate to,
      Optional<UUID> providerId,
      Optional<UUID> forPatient) {
    if (to.isBefore(from)) {
      return Future.failedFuture(Problem.validation("from must not be after to"));
    }
    if (ChronoUnit.DAYS.between(from, to) >= config.maxSearchDays()) {
      return Future.failedFuture(
          Problem.validation("A search covers at most " + config.maxSearchDays() + " days"));
    }
    Future<Clinic> clinic = catalog.requireClinic(clinicId);
    Future<ClinicalService> service =
        catalog
            .service(serviceId)
            .compose(
                s ->
                    s.isPresent()
                        ? Future.succeededFuture(s.get())
                        : Future.failedFuture(ClinicCatalog.unknown("service", serviceId)));
    Future<List<Provider>> providers = catalog.providersAt(clinicId);
    Future<AccessFit.Fitted> fit =
        Future.all(clinic, service)
            .compose(
                loaded ->
                    forPatient
                        .map(patient -> access.fitFor(patient, clinic.result(), service.result()))
                        .orElse(
                            Future.succeededFuture(
                                new AccessFit.Fitted(service.result(), List.of()))));
    Future<ClinicalService> fitted = fit.map(AccessFit.Fitted::service);
    return Future.all(clinic, fitted, providers)
        .compose(
            loaded -> {
              List<Provider> candidates =
                  providers.result().stream()
                      .filter(p -> p.offers(serviceId))
                      .filter(p -> providerId.map(p.id()::equals).orElse(true))
                      .toList();
              if (candidates.isEmpty()) {
                boolean providerKnownHere =
                    providerId
                        .map(id -> providers.result().stream().anyMatch(p -> p.id().equals(id)))
                        .orElse(true);
                return Future.failedFuture(
                    providerKnownHere
                        ? notOffered(serviceId)
                        : new Problem(
                            422,
                            "provider-not-at-clinic",
                            "Provider not at this clinic",
                            "Provider "
                                + providerId.get()
                                + " does not work at clinic "
                                + clinicId));
              }
              SlotFinder.Search search = search(clinic.result(), fitted.result(), from, to);
              if (search.firstDay().isAfter(search.lastDay())
                  || search.firstDay().isAfter(search.lastBookableDay())) {
                return Future.succeededFuture(
                    new Result(clinic.result(), fitted.result(), from, to, List.of(), Set.of()));
              }
              Future<List<Slot>> free =
                  providerTimes(clinic.result(), candidates, search, Optional.empty())
                      .map(times -> SlotFinder.find(search, times))
                      .compose(slots -> withRoom(clinic.result(), fit.result(), slots));
              Future<PriorityHolds.View> view = holds.viewFor(forPatient, clinic.result());
              return Future.all(free, view)
                  .map(
                      found -> {
                        List<Slot> visible =
                            free.result().stream().filter(s -> !view.result().hidden(s)).toList();
                        Set<Slot> held =
                            visible.stream()
                                .filter(view.result()::held)
                                .collect(Collectors.toUnmodifiableSet());
                        return new Result(
                            clinic.result(), fitted.result(), from, to, visible, held);
                      });
            });
  }

  /** Where the needs require a room, only the slots at which one of those rooms is free. */
  private Future<List<Slot>> withRoom(Clinic clinic, AccessFit.Fitted fit, List<Slot> slots) {
    return fit.needsRoom()
        ? rooms.withFreeRoom(
            clinic.id(), fit.rooms(), slots, fit.service().occupies(), clinic.zone())
        : Future.succeededFuture(slots);
  }

  /**
   * Whether {@code start} is a free start of the provider, ignoring time held by {@code
   * ownAppointment} (a reschedule may overlap its own old time).
   */
  public Future<Availability> check(
      Clinic clinic,
      ClinicalService service,
      Provider provider,
      Instant start,
      Optional<UUID> ownAppointment) {
    LocalDate day = start.atZone(clinic.zone()).toLocalDate();
    SlotFinder.Search search = search(clinic, service, day, day);
    return providerTimes(clinic, List.of(provider), search, ownAppointment)
        .map(
            times -> {
              ProviderTime time = times.get(0);
              ProviderTime unclaimed =
                  new ProviderTime(time.providerId(), time.week(), time.exceptions(), List.of());
              if (!SlotFinder.offers(search, unclaimed, start)) {
                return Availability.NOT_BOOKABLE;
              }
              return SlotFinder.offers(search, time, start)
                  ? Availability.FREE
                  : Availability.TAKEN;
            });
  }

  /** The search window, narrowed to what the clinic's notice and horizon allow from now. */
  SlotFinder.Search search(Clinic clinic, ClinicalService service, LocalDate from, LocalDate to) {
    Instant now = clock.instant();
    LocalDate today = now.atZone(clinic.zone()).toLocalDate();
    LocalDate first = from.isBefore(today) ? today : from;
    return new SlotFinder.Search(
        clinic.zone(),
        first,
        to,
        service.duration(),
        service.bufferAfter(),
        now.plus(clinic.bookingNotice()),
        today.plusDays(clinic.horizonDays()));
  }

  private Future<List<ProviderTime>> providerTimes(
      Clinic clinic,
      List<Provider> providers,
      SlotFinder.Search search,
      Optional<UUID> ignoredAppointment) {
    LocalDate last =
        search.lastDay().isAfter(search.lastBookableDay())
            ? search.lastBookableDay()
            : search.lastDay();
    Future<Map<UUID, WeeklyHours>> weeks = schedules.weeksAt(clinic.id());
    Future<List<ScheduleException>> exceptions =
        schedules.exceptionsAt(clinic.id(), search.firstDay(), last);
    return Future.all(weeks, exceptions)
        .compose(
            loaded -> {
              List<Future<ProviderTime>> times = new ArrayList<>();
              for (Provider provider : providers) {
                WeeklyHours week = weeks.result().getOrDefault(provider.id(), WeeklyHours.NONE);
                List<ScheduleException> own =
                    exceptions.result().stream().filter(e -> e.appliesTo(provider.id())).toList();
                List<LocalDate> workDays = new ArrayList<>();
                for (LocalDate day = search.firstDay(); !day.isAfter(last); day = day.plusDays(1)) {
                  if (week.on(day.getDayOfWeek()).isPresent()) {
                    workDays.add(day);
                  }
                }
                times.add(
                    claims
                        .claimsOn(provider.id(), workDays)
                        .map(
                            claimed -> {
                              List<Interval> busy = new ArrayList<>();
                              for (ProviderTimeRepository.Claim claim : claimed) {
                                if (ignoredAppointment
                                    .map(id -> !id.equals(claim.appointmentId()))
                                    .orElse(true)) {
                                  busy.add(SlotGrid.cell(claim.cell()));
                                }
                              }
                              return new ProviderTime(provider.id(), week, own, busy);
                            }));
              }
              return Future.all(times).map(all -> times.stream().map(Future::result).toList());
            });
  }

  static Problem notOffered(UUID serviceId) {
    return new Problem(
        422,
        "service-not-offered",
        "Service not offered",
        "Service " + serviceId + " is not offered here (by this provider)");
  }
}
