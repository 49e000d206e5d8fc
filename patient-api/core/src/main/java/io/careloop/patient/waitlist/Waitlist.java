package io.careloop.patient.waitlist;

import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.BookingService;
import io.careloop.patient.booking.BookingService.BookingRequest;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a patient does with the waitlist: join it for a service at a clinic, see their entries and
 * the offers made to them, leave it, and accept an offer. Accepting books through {@link
 * BookingService} like any booking, so the first of several patients offered the same time gets it
 * and the others get 409 {@code slot-taken} and stay on the list.
 */
public final class Waitlist {

  /** What a patient asks to wait for. */
  public record Request(
      UUID clinicId, UUID serviceId, Optional<UUID> providerId, LocalDate from, LocalDate to) {}

  /** The longest window of days the figures read (a quarter). */
  public static final int MAX_FIGURES_DAYS = 92;

  private final WaitlistRepository repository;
  private final ClinicCatalog catalog;
  private final BookingService booking;
  private final WaitlistConfig config;
  private final Clock clock;

  public Waitlist(
      WaitlistRepository repository,
      ClinicCatalog catalog,
      BookingService booking,
      WaitlistConfig config,
      Clock clock) {
    this.repository = repository;
    this.catalog = catalog;
    this.booking = booking;
    this.config = config;
    this.clock = clock;
  }

  public Future<WaitlistEntry> join(UUID patientId, Request request) {
    if (request.to().isBefore(request.from())) {
      return Future.failedFuture(Problem.validation("from must not be after to"));
    }
    return checkOffered(request)
        .compose(v -> repository.ofPatient(patientId))
        .compose(
            entries -> {
              if (entries.size() >= config.maxEntriesPerPatient()) {
                return Future.failedFuture(
                    Problem.conflict(
                        "waitlist-full",
                        "Too many waitlist entries",
                        "A patient may wait for at most "
                            + config.maxEntriesPerPatient()
                            + " things at once: leave one first"));
              }
              WaitlistEntry entry =
                  new WaitlistEntry(
                      UUID.randomUUID(),
                      patientId,
                      request.clinicId(),
                      request.serviceId(),
                      request.providerId(),
                      request.from(),
                      request.to(),
                      clock.instant());
              return repository.add(entry).map(entry);
            });
  }

  /** The clinic must exist and offer the service (with the provider asked for, if any). */
  private Future<Void> checkOffered(Request request) {
    Future<List<Provider>> providers =
        catalog.requireClinic(request.clinicId()).compose(c -> catalog.providersAt(c.id()));
    Future<Boolean> serviceKnown = catalog.service(request.serviceId()).map(Optional::isPresent);
    return Future.all(providers, serviceKnown)
        .compose(
            loaded -> {
              if (!serviceKnown.result()) {
                return Future.failedFuture(ClinicCatalog.unknown("service", request.serviceId()));
              }
              boolean offered =
                  providers.result().stream()
                      .filter(p -> request.providerId().map(p.id()::equals).orElse(true))
                      .anyMatch(p -> p.offers(request.serviceId()));
              return offered
                  ? Future.succeededFuture()
                  : Future.failedFuture(
                      new Problem(
                          422,
                          "service-not-offered",
                          "Service not offered",
                          "Nobody at this clinic"
                              + request.providerId().map(p -> " by that provider").orElse("")
                              + " offers service "
                              + request.serviceId()));
            });
  }

  /** The patient's entries and the offers they may still accept. */
  public Future<JsonObject> of(UUID patientId) {
    Instant now = clock.instant();
    return Future.all(repository.ofPatient(patientId), repository.offersOf(patientId))
        .map(
            all -> {
              List<WaitlistEntry> entries = all.resultAt(0);
              List<WaitlistOffer> offers = all.resultAt(1);
              return new JsonObject()
                  .put("entries", new JsonArray(entries.stream().map(e -> e.toJson()).toList()))
                  .put(
                      "offers",
                      new JsonArray(
                          offers.stream()
                              .filter(o -> o.appointmentId().isEmpty() && !o.expiredAt(now))
                              .map(WaitlistOffer::toJson)
                              .toList()));
            });
  }

  public Future<Void> leave(UUID patientId, UUID entryId) {
    return repository
        .entry(patientId, entryId)
        .compose(
            entry ->
                entry.isPresent()
                    ? repository.remove(entry.get())
                    : Future.failedFuture(Problem.notFound("No waitlist entry " + entryId)));
  }

  /**
   * Books the offered time for the patient. Repeating an accepted offer answers its appointment
   * again; an expired offer, or one whose time someone else took, is refused with 409.
   */
  public Future<Appointment> accept(UUID patientId, UUID offerId) {
    return repository
        .offer(patientId, offerId)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(Problem.notFound("No waitlist offer " + offerId));
              }
              WaitlistOffer offer = found.get();
              if (offer.appointmentId().isPresent()) {
                return booking.ownAppointment(patientId, offer.appointmentId().get());
              }
              return repository
                  .round(offer.clinicId(), offer.start(), offer.providerId(), offer.freedBy())
                  .compose(round -> bookOffered(offer, round));
            });
  }

  private Future<Appointment> bookOffered(WaitlistOffer offer, Optional<FreedTime> round) {
    if (round.isEmpty() || round.get().takenByOffer().isPresent()) {
      return refused(offer, BookingService.slotTaken());
    }
    if (offer.expiredAt(clock.instant())) {
      return Future.failedFuture(
          Problem.conflict(
              "offer-expired",
              "Offer expired",
              "The offer ran out at "
                  + offer.expiresAt()
                  + ": the time went to the next patients"));
    }
    BookingRequest request =
        new BookingRequest(offer.clinicId(), offer.serviceId(), offer.providerId(), offer.start());
    return booking
        .book(offer.patientId(), "waitlist-offer:" + offer.id(), request)
        .recover(failed -> timeWent(failed) ? refused(offer, failed) : Future.failedFuture(failed))
        .compose(
            booked -> {
              Appointment appointment = booked.appointment();
              return Future.all(
                      repository.taken(round.get(), offer.id()),
                      repository.save(offer.accepted(appointment.id(), clock.instant())),
                      repository
                          .entry(offer.patientId(), offer.entryId())
                          .compose(e -> e.map(repository::remove).orElse(Future.succeededFuture())))
                  .map(appointment);
            });
  }

  private static boolean timeWent(Throwable failure) {
    return failure instanceof Problem p && "slot-taken".equals(p.kind());
  }

  /** Records that the patient came for time already gone (the figures count it), then fails. */
  private <T> Future<T> refused(WaitlistOffer offer, Throwable why) {
    return repository
        .save(offer.refused(clock.instant()))
        .transform(saved -> Future.failedFuture(why));
  }

  /**
   * The clinic's waitlist figures: who waits today (the clinic's day) and the offers made on its
   * local days {@code from} to {@code to} (at most {@link #MAX_FIGURES_DAYS}).
   */
  public Future<WaitlistFigures> figures(UUID clinicId, LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      return Future.failedFuture(Problem.validation("from must not be after to"));
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_FIGURES_DAYS) {
      return Future.failedFuture(
          Problem.validation("The window may span at most " + MAX_FIGURES_DAYS + " days"));
    }
    List<LocalDate> days = from.datesUntil(to.plusDays(1)).toList();
    return catalog
        .requireClinic(clinicId)
        .compose(
            clinic ->
                Future.all(
                        repository.atClinic(clinicId),
                        repository.offersAtClinic(clinicId, days),
                        catalog.servicesAt(clinicId))
                    .map(
                        loaded -> {
                          Instant now = clock.instant();
                          List<ClinicalService> services = loaded.resultAt(2);
                          return WaitlistFigures.of(
                              clinicId,
                              from,
                              to,
                              now.atZone(clinic.zone()).toLocalDate(),
                              loaded.resultAt(0),
                              loaded.resultAt(1),
                              services.stream()
                                  .collect(
                                      Collectors.toMap(ClinicalService::id, ClinicalService::name)),
                              now);
                        }));
  }

  /** The patient's entries and offers, for their data export. */
  public Future<JsonObject> export(UUID patientId) {
    return Future.all(repository.ofPatient(patientId), repository.offersOf(patientId))
        .map(
            all ->
                new JsonObject()
                    .put(
                        "entries",
                        new JsonArray(
                            all.<List<WaitlistEntry>>resultAt(0).stream()
                                .map(WaitlistEntry::toJson)
                                .toList()))
                    .put(
                        "offers",
                        new JsonArray(
                            all.<List<WaitlistOffer>>resultAt(1).stream()
                                .map(WaitlistOffer::toJson)
                                .toList())));
  }

  /** Erasure: every entry and offer of the patient goes; returns how many entries there were. */
  public Future<Integer> forget(UUID patientId) {
    return repository
        .ofPatient(patientId)
        .compose(
            entries ->
                Future.all(entries.stream().map(repository::remove).toList())
                    .compose(v -> repository.forgetOffers(patientId))
                    .map(entries.size()));
  }
}
