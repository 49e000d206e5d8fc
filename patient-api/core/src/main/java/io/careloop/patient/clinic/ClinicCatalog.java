package io.careloop.patient.clinic;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.patient.clinic.BookingConfig;
import io.careloop.patient.time.SlotGrid;
import io.careloop.platform.cassandra.Cql;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Clinics, the services they offer and the providers who work there: what admins set up and
 * patients choose from. Validates what admins send before anything is written.
 */
public final class ClinicCatalog {

  /** The one partition of clinics_by_chain: one deployment serves one chain. */
  static final String CHAIN = "careloop";
  static final Duration LONGEST_SERVICE = Duration.ofHours(4);
  static final Duration LONGEST_BUFFER = Duration.ofHours(1);

  /** What an admin sends to create a clinic; empty booking rules take the configured defaults. */
  public record NewClinic(String name, String address, String timeZone, Optional<Integer> bookingNoticeMinutes,
                          Optional<Integer> changeNoticeMinutes, Optional<Integer> horizonDays) {
  }

  private final Cql cql;
  private final BookingConfig config;
  private final Clock clock;

  private final PreparedStatement insertClinic;
  private final PreparedStatement insertClinicInChain;
  private final PreparedStatement selectClinic;
  private final PreparedStatement selectClinics;
  private final PreparedStatement insertService;
  private final PreparedStatement selectService;
  private final PreparedStatement insertServiceAtClinic;
  private final PreparedStatement selectServicesAtClinic;
  private final PreparedStatement insertProvider;
  private final PreparedStatement insertProviderAtClinic;
  private final PreparedStatement selectProvider;
  private final PreparedStatement selectProvidersAtClinic;

  /** Prepares its statements: construct it on a worker thread. */
  public ClinicCatalog(CqlSession session, BookingConfig config, Clock clock) {
    this.cql = new Cql(session);
    this.config = config;
    this.clock = clock;
    String clinicColumns = "clinic_id, name, address, time_zone, booking_notice_minutes, change_notice_minutes,"
        + " horizon_days";
    insertClinic = session.prepare("INSERT INTO clinics_by_id (" + clinicColumns + ", created_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insertClinicInChain = session.prepare("INSERT INTO clinics_by_chain (chain, " + clinicColumns + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    selectClinic = session.prepare("SELECT " + clinicColumns + " FROM clinics_by_id WHERE clinic_id = ?");
    selectClinics = session.prepare("SELECT " + clinicColumns + " FROM clinics_by_chain WHERE chain = ?");
    insertService = session.prepare("INSERT INTO services_by_id (service_id, name, duration_minutes, buffer_minutes,"
        + " created_at) VALUES (?, ?, ?, ?, ?)");
    selectService = session.prepare("SELECT service_id, name, duration_minutes, buffer_minutes FROM services_by_id"
        + " WHERE service_id = ?");
    insertServiceAtClinic = session.prepare("INSERT INTO services_by_clinic (clinic_id, service_id, name,"
        + " duration_minutes, buffer_minutes) VALUES (?, ?, ?, ?, ?)");
    selectServicesAtClinic = session.prepare("SELECT service_id, name, duration_minutes, buffer_minutes"
        + " FROM services_by_clinic WHERE clinic_id = ?");
    insertProvider = session.prepare("INSERT INTO providers_by_id (provider_id, name, kind, service_ids, clinic_ids,"
        + " time_zone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insertProviderAtClinic = session.prepare("INSERT INTO providers_by_clinic (clinic_id, provider_id, name, kind,"
        + " service_ids, clinic_ids, time_zone) VALUES (?, ?, ?, ?, ?, ?, ?)");
    selectProvider = session.prepare("SELECT provider_id, name, kind, service_ids, clinic_ids, time_zone"
        + " FROM providers_by_id WHERE provider_id = ?");
    selectProvidersAtClinic = session.prepare("SELECT provider_id, name, kind, service_ids, clinic_ids, time_zone"
        + " FROM providers_by_clinic WHERE clinic_id = ?");
  }

  public Future<Clinic> createClinic(NewClinic request) {
    Clinic clinic;
    try {
      clinic = new Clinic(UUID.randomUUID(), text("name", request.name(), 200), text("address", request.address(), 500),
          zone(request.timeZone()),
          minutes("minBookingNoticeMinutes", request.bookingNoticeMinutes(), config.defaultBookingNotice()),
          minutes("minChangeNoticeMinutes", request.changeNoticeMinutes(), config.defaultChangeNotice()),
          request.horizonDays().orElse(config.defaultHorizonDays()));
      if (clinic.horizonDays() < 1 || clinic.horizonDays() > 730) {
        throw Problem.validation("bookingHorizonDays must be 1 to 730");
      }
    } catch (Problem p) {
      return Future.failedFuture(p);
    }
    int bookingNotice = (int) clinic.bookingNotice().toMinutes();
    int changeNotice = (int) clinic.changeNotice().toMinutes();
    BatchStatement both = BatchStatement.newInstance(DefaultBatchType.LOGGED,
        insertClinic.bind(clinic.id(), clinic.name(), clinic.address(), clinic.zone().getId(), bookingNotice,
            changeNotice, clinic.horizonDays(), now()),
        insertClinicInChain.bind(CHAIN, clinic.id(), clinic.name(), clinic.address(), clinic.zone().getId(),
            bookingNotice, changeNotice, clinic.horizonDays()));
    return cql.run(both).map(clinic);
  }

  public Future<Optional<Clinic>> clinic(UUID clinicId) {
    return cql.one(selectClinic.bind(clinicId)).map(row -> row.map(ClinicCatalog::toClinic));
  }

  /** The clinic, or a 404 problem (for a clinic named in the path). */
  public Future<Clinic> requireClinic(UUID clinicId) {
    return clinic(clinicId).compose(c -> c.isPresent() ? Future.succeededFuture(c.get())
        : Future.failedFuture(Problem.notFound("No clinic " + clinicId)));
  }

  public Future<List<Clinic>> clinics() {
    return cql.all(selectClinics.bind(CHAIN)).map(rows -> rows.stream().map(ClinicCatalog::toClinic)
        .sorted(Comparator.comparing(Clinic::name)).toList());
  }

  public Future<ClinicalService> createService(String name, int durationMinutes, int bufferMinutes) {
    ClinicalService service;
    try {
      service = new ClinicalService(UUID.randomUUID(), text("name", name, 200), Duration.ofMinutes(durationMinutes),
          Duration.ofMinutes(bufferMinutes));
      if (service.duration().isZero() || !SlotGrid.isOnGrid(service.duration())
          || service.duration().compareTo(LONGEST_SERVICE) > 0) {
        throw Problem.validation("durationMinutes must be a multiple of " + SlotGrid.STEP.toMinutes() + " up to "
            + LONGEST_SERVICE.toMinutes());
      }
      if (!SlotGrid.isOnGrid(service.bufferAfter()) || service.bufferAfter().compareTo(LONGEST_BUFFER) > 0) {
        throw Problem.validation("bufferAfterMinutes must be a multiple of " + SlotGrid.STEP.toMinutes() + " up to "
            + LONGEST_BUFFER.toMinutes());
      }
    } catch (Problem p) {
      return Future.failedFuture(p);
    }
    return cql.run(insertService.bind(service.id(), service.name(), durationMinutes, bufferMinutes, now()))
        .map(service);
  }

  public Future<Optional<ClinicalService>> service(UUID serviceId) {
    return cql.one(selectService.bind(serviceId)).map(row -> row.map(ClinicCatalog::toService));
  }

  public Future<List<ClinicalService>> servicesAt(UUID clinicId) {
    return cql.all(selectServicesAtClinic.bind(clinicId)).map(rows -> rows.stream().map(ClinicCatalog::toService)
        .sorted(Comparator.comparing(ClinicalService::name)).toList());
  }

  /**
   * Creates a provider at existing clinics, offering existing services. The clinics must share
   * one time zone; every clinic then offers the provider's services.
   */
  public Future<Provider> createProvider(String name, String kind, Set<UUID> serviceIds, Set<UUID> clinicIds) {
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
    List<Future<Clinic>> clinics = clinicIds.stream().map(id -> clinic(id).compose(c -> c.isPresent()
        ? Future.succeededFuture(c.get()) : Future.<Clinic>failedFuture(unknown("clinic", id)))).toList();
    List<Future<ClinicalService>> services = serviceIds.stream().map(id -> service(id).compose(s -> s.isPresent()
        ? Future.succeededFuture(s.get()) : Future.<ClinicalService>failedFuture(unknown("service", id)))).toList();
    List<Future<?>> lookups = new ArrayList<>(clinics);
    lookups.addAll(services);
    return Future.all(lookups).compose(all -> {
      Set<ZoneId> zones = new HashSet<>();
      clinics.forEach(c -> zones.add(c.result().zone()));
      if (zones.size() > 1) {
        return Future.failedFuture(new Problem(422, "clinics-in-several-time-zones", "Clinics in several time zones",
            "A provider's clinics must share one time zone (their time is claimed per local day), got " + zones));
      }
      Provider provider = new Provider(UUID.randomUUID(), providerName, providerKind, serviceIds, clinicIds,
          zones.iterator().next());
      BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED);
      batch.addStatement(insertProvider.bind(provider.id(), provider.name(), providerKind.json(), serviceIds, clinicIds,
          provider.zone().getId(), now()));
      for (Future<Clinic> clinic : clinics) {
        UUID clinicId = clinic.result().id();
        batch.addStatement(insertProviderAtClinic.bind(clinicId, provider.id(), provider.name(), providerKind.json(),
            serviceIds, clinicIds, provider.zone().getId()));
        for (Future<ClinicalService> s : services) {
          ClinicalService service = s.result();
          batch.addStatement(insertServiceAtClinic.bind(clinicId, service.id(), service.name(),
              (int) service.duration().toMinutes(), (int) service.bufferAfter().toMinutes()));
        }
      }
      return cql.run(batch.build()).map(provider);
    });
  }

  public Future<Optional<Provider>> provider(UUID providerId) {
    return cql.one(selectProvider.bind(providerId)).map(row -> row.map(ClinicCatalog::toProvider));
  }

  public Future<List<Provider>> providersAt(UUID clinicId) {
    return cql.all(selectProvidersAtClinic.bind(clinicId)).map(rows -> rows.stream().map(ClinicCatalog::toProvider)
        .sorted(Comparator.comparing(Provider::name).thenComparing(p -> p.id().toString())).toList());
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
      throw Problem.validation("timeZone must be an IANA time zone such as Europe/Paris, got " + timeZone);
    }
    if (!timeZone.contains("/") || !SlotGrid.fits(zone, clock.instant())) {
      throw Problem.validation("timeZone must be a region (such as Europe/Paris) whose offsets are whole quarter hours,"
          + " got " + timeZone);
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

  private static Clinic toClinic(Row r) {
    return new Clinic(r.getUuid("clinic_id"), r.getString("name"), r.getString("address"),
        ZoneId.of(r.getString("time_zone")), Duration.ofMinutes(r.getInt("booking_notice_minutes")),
        Duration.ofMinutes(r.getInt("change_notice_minutes")), r.getInt("horizon_days"));
  }

  private static ClinicalService toService(Row r) {
    return new ClinicalService(r.getUuid("service_id"), r.getString("name"),
        Duration.ofMinutes(r.getInt("duration_minutes")), Duration.ofMinutes(r.getInt("buffer_minutes")));
  }

  private static Provider toProvider(Row r) {
    return new Provider(r.getUuid("provider_id"), r.getString("name"), ProviderKind.fromJson(r.getString("kind")),
        r.getSet("service_ids", UUID.class), r.getSet("clinic_ids", UUID.class), ZoneId.of(r.getString("time_zone")));
  }
}
