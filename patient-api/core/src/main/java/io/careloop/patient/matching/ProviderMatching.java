package io.careloop.patient.matching;

import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.AppointmentStatus;
import io.careloop.patient.booking.BookingService;
import io.careloop.patient.booking.SlotFinder.Slot;
import io.careloop.patient.booking.SlotSearch;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.Provider;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.ProviderRatings;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Recommends providers to a patient for a service at a clinic ({@link ProviderRanking}): who saw
 * them before (their completed visits), the providers' declared expertise against the service's
 * complexity, each provider's soonest free start for this patient (priority time and access needs
 * as slot search sees them), and the ratings the CRM keeps. Without the CRM's answer the ranking
 * goes on without ratings.
 */
public final class ProviderMatching {

  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(2_000);

  private final ClinicCatalog catalog;
  private final SlotSearch slots;
  private final BookingService booking;
  private final ExpertiseRepository expertise;
  private final EventBus bus;
  private final Clock clock;

  public ProviderMatching(
      ClinicCatalog catalog,
      SlotSearch slots,
      BookingService booking,
      ExpertiseRepository expertise,
      EventBus bus,
      Clock clock) {
    this.catalog = catalog;
    this.slots = slots;
    this.booking = booking;
    this.expertise = expertise;
    this.bus = bus;
    this.clock = clock;
    ProviderRatings.register(bus);
  }

  public Future<List<ProviderRanking.Ranked>> recommend(
      UUID patientId, UUID clinicId, UUID serviceId) {
    Future<Clinic> clinic = catalog.requireClinic(clinicId);
    Future<List<Provider>> offering =
        catalog
            .providersAt(clinicId)
            .map(all -> all.stream().filter(p -> p.offers(serviceId)).toList());
    Future<List<Appointment>> visits =
        booking
            .appointmentsOf(patientId)
            .map(
                all ->
                    all.stream().filter(a -> a.status() == AppointmentStatus.COMPLETED).toList());
    Future<Integer> complexity = expertise.complexity(serviceId);
    return Future.all(clinic, offering, visits, complexity)
        .compose(
            loaded -> {
              if (offering.result().isEmpty()) {
                return Future.failedFuture(
                    new Problem(
                        422,
                        "service-not-offered",
                        "Service not offered",
                        "Nobody at clinic " + clinicId + " offers service " + serviceId));
              }
              return candidates(
                      patientId, clinic.result(), serviceId, offering.result(), visits.result())
                  .map(all -> ProviderRanking.rank(all, complexity.result(), clock.instant()));
            });
  }

  private Future<List<ProviderRanking.Candidate>> candidates(
      UUID patientId,
      Clinic clinic,
      UUID serviceId,
      List<Provider> providers,
      List<Appointment> visits) {
    Set<UUID> ids = providers.stream().map(Provider::id).collect(Collectors.toSet());
    return ratings(ids)
        .compose(
            ratings ->
                Future.all(
                        providers.stream()
                            .map(p -> candidate(patientId, clinic, serviceId, p, visits, ratings))
                            .toList())
                    .map(all -> all.<ProviderRanking.Candidate>list()));
  }

  private Future<ProviderRanking.Candidate> candidate(
      UUID patientId,
      Clinic clinic,
      UUID serviceId,
      Provider provider,
      List<Appointment> visits,
      ProviderRatings ratings) {
    Future<Map<UUID, Integer>> levels = expertise.levels(provider.id());
    Future<Optional<Instant>> soonest = soonest(patientId, clinic, serviceId, provider);
    return Future.all(levels, soonest)
        .map(
            loaded ->
                new ProviderRanking.Candidate(
                    provider,
                    visits.stream().filter(a -> a.providerId().equals(provider.id())).toList(),
                    levels.result().getOrDefault(serviceId, 1),
                    soonest.result(),
                    Optional.ofNullable(ratings.ratings().get(provider.id()))));
  }

  /** The provider's first free start for this patient within the ranking's horizon. */
  private Future<Optional<Instant>> soonest(
      UUID patientId, Clinic clinic, UUID serviceId, Provider provider) {
    LocalDate today = clock.instant().atZone(clinic.zone()).toLocalDate();
    LocalDate last = today.plusDays(ProviderRanking.HORIZON.toDays() - 1);
    return slots
        .find(
            clinic.id(), serviceId, today, last, Optional.of(provider.id()), Optional.of(patientId))
        .map(found -> found.slots().stream().map(Slot::start).min(Instant::compareTo))
        .recover(unmet -> Future.succeededFuture(Optional.empty())); // e.g. access needs unmet
  }

  private Future<ProviderRatings> ratings(Set<UUID> providers) {
    return bus.<ProviderRatings>request(
            Addresses.PROVIDER_RATINGS, ProviderRatings.ask(providers), ASK)
        .map(reply -> reply.body())
        .recover(none -> Future.succeededFuture(new ProviderRatings(providers, Map.of())));
  }
}
