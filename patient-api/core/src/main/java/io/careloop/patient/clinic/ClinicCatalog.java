package io.careloop.patient.clinic;

import io.careloop.patient.time.SlotGrid;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Clinics, the services they offer and the providers who work there: what admins set up and
 * patients choose from. Validates what admins send before anything is written.
 *
 * <p>A clinic, a service or a provider is written once and never changed (nothing changes them: a
 * clinic's hours, closures, facilities and priority time live in tables of their own), so one read
 * by id is remembered: a visit read them nine times (its search, its booking, the reminders it
 * plans). Only what was found is remembered, at most {@link #MAX_REMEMBERED} of each kind.
 */
public final class ClinicCatalog {

  static final Duration LONGEST_SERVICE = Duration.ofHours(4);
  static final Duration LONGEST_BUFFER = Duration.ofHours(1);

  /** What an admin sends to create a clinic; empty booking rules take the configured defaults. */
  public record NewClinic(
      String name,
      String address,
      String timeZone,
      Optional<Integer> bookingNoticeMinutes,
      Optional<Integer> changeNoticeMinutes,
      Optional<Integer> horizonDays) {}

  static final int MAX_REMEMBERED = 10_000;

  private final ClinicRepository clinics;
  private final BookingConfig config;
  private final Clock clock;
  private final Map<UUID, Clinic> knownClinics = new ConcurrentHashMap<>();
  private final Map<UUID, ClinicalService> knownServices = new ConcurrentHashMap<>();
  private final Map<UUID, Provider> knownProviders = new ConcurrentHashMap<>();

  public ClinicCatalog(ClinicRepository clinics, BookingConfig config, Clock clock) {
    this.clinics = clinics;
    this.config = config;
    this.clock = clock;
  }

  public Future<Clinic> createClinic(NewClinic request) {
    Clinic clinic;
    try {
      clinic =
          new Clinic(
              UUID.randomUUID(),
              text("name", request.name(), 200),
              text("address", request.address(), 500),
              zone(request.timeZone()),
              minutes(
                  "minBookingNoticeMinutes",
                  request.bookingNoticeMinutes(),
                  config.defaultBookingNotice()),
              minutes(
                  "minChangeNoticeMinutes",
                  request.changeNoticeMinutes(),
                  config.defaultChangeNotice()),
              request.horizonDays().orElse(config.defaultHorizonDays()));
      if (clinic.horizonDays() < 1 || clinic.horizonDays() > 730) {
        throw Problem.validation("bookingHorizonDays must be 1 to 730");
      }
    } catch (Problem p) {
      return Future.failedFuture(p);
    }
    return clinics.insert(clinic, now()).map(clinic);
  }

  public Future<Optional<Clinic>> clinic(UUID clinicId) {
    return remembered(knownClinics, clinicId, clinics::clinic);
  }

  /** The clinic, or a 404 problem (for a clinic named in the path). */
  public Future<Clinic> requireClinic(UUID clinicId) {
    return clinic(clinicId)
        .compose(
            c ->
                c.isPresent()
                    ? Future.succeededFuture(c.get())
                    : Future.failedFuture(Problem.notFound("No clinic " + clinicId)));
  }

  public Future<List<Clinic>> clinics() {
    return clinics
        .clinics()
        .map(all -> all.stream().sorted(Comparator.comparing(Clinic::name)).toList());
  }

  public Future<ClinicalService> createService(
      String name, int durationMinutes, int bufferMinutes) {
    ClinicalService service;
    try {
      service =
          new ClinicalService(
              UUID.randomUUID(),
              text("name", name, 200),
              Duration.ofMinutes(durationMinutes),
              Duration.ofMinutes(bufferMinutes));
      if (service.duration().isZero()
          || !SlotGrid.isOnGrid(service.duration())
          || service.duration().compareTo(LONGEST_SERVICE) > 0) {
        throw Problem.validation(
            "durationMinutes must be a multiple of "
                + SlotGrid.STEP.toMinutes()
                + " up to "
                + LONGEST_SERVICE.toMinutes());
      }
      if (!SlotGrid.isOnGrid(service.bufferAfter())
          || service.bufferAfter().compareTo(LONGEST_BUFFER) > 0) {
        throw Problem.validation(
            "bufferAfterMinutes must be a multiple of "
                + SlotGrid.STEP.toMinutes()
                + " up to "
                + LONGEST_BUFFER.toMinutes());
      }
    } catch (Problem p) {
      return Future.failedFuture(p);
    }
    return clinics.insert(service, now()).map(service);
  }

  public Future<Optional<ClinicalService>> service(UUID serviceId) {
    return remembered(knownServices, serviceId, clinics::service);
  }

  public Future<List<ClinicalService>> servicesAt(UUID clinicId) {
    return clinics
        .servicesAt(clinicId)
        .map(all -> all.stream().sorted(Comparator.comparing(ClinicalService::name)).toList());
  }

  /**
   * Creates a provider at existing clinics, offering existing services. The clinics must share one
   * time zone; every clinic then offers the provider's services.
   */
  public Future<Provider> createProvider(
      String name, String kind, Set<UUID> serviceIds, Set<UUID> clinicIds) {
    ProviderKind providerKind;
    String providerName;
    try {
      providerKind = ProviderKind.fromJson(kind);
      providerName = text("name", name, 200);
      if (serviceIds.isEmpty() || clinicIds.isEmpty()) {
        throw Problem.validation("A provider offers at least one service at at least one clinic");
      }
    } catch (Problem p) {
      return Future.failedFuture(p);
    }
    List<Future<Clinic>> atClinics =
        clinicIds.stream()
            .map(
                id ->
                    clinic(id)
                        .compose(
                            c ->
                                c.isPresent()
                                    ? Future.succeededFuture(c.get())
                                    : Future.<Clinic>failedFuture(unknown("clinic", id))))
            .toList();
    List<Future<ClinicalService>> services =
        serviceIds.stream()
            .map(
                id ->
                    service(id)
                        .compose(
                            s ->
                                s.isPresent()
                                    ? Future.succeededFuture(s.get())
                                    : Future.<ClinicalService>failedFuture(unknown("service", id))))
            .toList();
    List<Future<?>> lookups = new ArrayList<>(atClinics);
    lookups.addAll(services);
    return Future.all(lookups)
        .compose(
            all -> {
              Set<ZoneId> zones = new HashSet<>();
              atClinics.forEach(c -> zones.add(c.result().zone()));
              if (zones.size() > 1) {
                return Future.failedFuture(
                    new Problem(
                        422,
                        "clinics-in-several-time-zones",
                        "Clinics in several time zones",
                        "A provider's clinics must share one time zone (their time is claimed per local day), got "
                            + zones));
              }
              Provider provider =
                  new Provider(
                      UUID.randomUUID(),
                      providerName,
                      providerKind,
                      serviceIds,
                      clinicIds,
                      zones.iterator().next());
              return clinics
                  .insert(provider, services.stream().map(Future::result).toList(), now())
                  .map(provider);
            });
  }

  public Future<Optional<Provider>> provider(UUID providerId) {
    return remembered(knownProviders, providerId, clinics::provider);
  }

  /** What {@code read} finds for the id, remembered from the last time it found it. */
  private static <T> Future<Optional<T>> remembered(
      Map<UUID, T> known, UUID id, Function<UUID, Future<Optional<T>>> read) {
    T seen = id == null ? null : known.get(id);
    if (seen != null) {
      return Future.succeededFuture(Optional.of(seen));
    }
    return read.apply(id)
        .onSuccess(
            found ->
                found.ifPresent(
                    value -> {
                      if (known.size() >= MAX_REMEMBERED) {
                        known.clear();
                      }
                      known.put(id, value);
                    }));
  }

  public Future<List<Provider>> providersAt(UUID clinicId) {
    return clinics
        .providersAt(clinicId)
        .map(
            all ->
                all.stream()
                    .sorted(
                        Comparator.comparing(Provider::name).thenComparing(p -> p.id().toString()))
                    .toList());
  }

  /** A 422 problem for an id in a request body that names nothing: {@code unknown-clinic}... */
  public static Problem unknown(String what, UUID id) {
    return new Problem(422, "unknown-" + what, "Unknown " + what, "There is no " + what + " " + id);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private ZoneId zone(String timeZone) {
    ZoneId zone;
    try {
      zone = ZoneId.of(timeZone);
    } catch (DateTimeException | NullPointerException e) {
      throw Problem.validation(
          "timeZone must be an IANA time zone such as Europe/Paris, got " + timeZone);
    }
    if (!timeZone.contains("/") || !SlotGrid.fits(zone, clock.instant())) {
      throw Problem.validation(
          "timeZone must be a region (such as Europe/Paris) whose offsets are whole quarter hours,"
              + " got "
              + timeZone);
    }
    return zone;
  }

  private static String text(String field, String value, int max) {
    if (value == null || value.isBlank() || value.length() > max) {
      throw Problem.validation(field + " must have 1 to " + max + " characters");
    }
    return value.strip();
  }

  private static Duration minutes(String field, Optional<Integer> value, Duration fallback) {
    int minutes = value.orElse((int) fallback.toMinutes());
    if (minutes < 0 || minutes > 60 * 24 * 14) {
      throw Problem.validation(field + " must be 0 to " + 60 * 24 * 14);
    }
    return Duration.ofMinutes(minutes);
  }
}
