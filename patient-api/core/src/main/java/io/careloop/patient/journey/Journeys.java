package io.careloop.patient.journey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.careloop.patient.access.AccessNeeds;
import io.careloop.patient.access.AccessNeedsRepository;
import io.careloop.patient.account.AccountService;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.Appointments;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.journey.JourneyRepository.Step;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each person's journey with each clinic (the first time they reach each {@link
 * JourneyStage} there, by which channel, with their access needs then) and gives the clinic's
 * {@link Funnel}. Searches, provider views and booking attempts are recorded by the operations that
 * serve them; bookings, visits and returns from the appointments' changes, whoever made them.
 * Registering is recorded with a person's first step at a clinic, at the time they registered.
 * Recording never fails the request it follows: a lost step is logged.
 */
public final class Journeys {

  private static final Logger log = LoggerFactory.getLogger(Journeys.class);

  private final JourneyRepository repository;
  private final AccountService accounts;
  private final AccessNeedsRepository needs;
  private final ClinicCatalog catalog;
  private final Clock clock;

  /** Steps this process stored or found stored: repeats skip the read and the transaction. */
  private final Cache<String, Boolean> stored =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofHours(12)).build();

  public Journeys(
      JourneyRepository repository,
      AccountService accounts,
      AccessNeedsRepository needs,
      ClinicCatalog catalog,
      Clock clock) {
    this.repository = repository;
    this.accounts = accounts;
    this.needs = needs;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** How a request came: from a carer acting for the person, or the person's own app. */
  public static String channelOf(Principal caller) {
    return caller.actingCarer().isPresent() ? "carer" : "app";
  }

  /** Records the step now; completes when stored (or when storing failed, logged). */
  public Future<Void> reached(UUID person, UUID clinic, JourneyStage stage, String channel) {
    return reached(person, clinic, stage, channel, clock.instant());
  }

  private Future<Void> reached(
      UUID person, UUID clinic, JourneyStage stage, String channel, Instant at) {
    String step = person + "|" + clinic + "|" + stage;
    if (stored.getIfPresent(step) != null) {
      return Future.succeededFuture(); // only the first time counts, and it is stored
    }
    return needs
        .of(person)
        .compose(
            current -> {
              Set<String> tags = tags(current.needs());
              return repository
                  .reached(new Step(person, clinic, stage, at, channel, tags))
                  .compose(
                      first -> first ? registered(person, clinic, tags) : Future.succeededFuture());
            })
        .onSuccess(v -> stored.put(step, Boolean.TRUE))
        .otherwise(
            failure -> {
              log.warn("Journey step {} of {} not stored: {}", stage, person, failure.toString());
              return null;
            });
  }

  /** With a person's first step at a clinic, when they registered. */
  private Future<Void> registered(UUID person, UUID clinic, Set<String> tags) {
    return accounts
        .find(person)
        .compose(
            account ->
                repository.reached(
                    new Step(
                        person, clinic, JourneyStage.REGISTERED, account.createdAt(), "app", tags)))
        .mapEmpty();
  }

  /** Bookings, visits and returns, from every appointment change this process hears. */
  public void follow(Appointments appointments) {
    appointments.onChange(this::changed);
  }

  Future<Void> changed(AppointmentChanged change) {
    if (change.patientErased()) {
      return Future.succeededFuture();
    }
    Appointment a = change.appointment();
    UUID person = a.patientId();
    UUID clinic = a.clinicId();
    return switch (change.change()) {
      case "booked" ->
          returning(person, clinic)
              .compose(
                  back ->
                      reached(person, clinic, JourneyStage.BOOKED, "app")
                          .compose(
                              v ->
                                  back
                                      ? reached(person, clinic, JourneyStage.RETURNED, "app")
                                      : Future.succeededFuture()));
      case "checked_in" -> reached(person, clinic, JourneyStage.ATTENDED, "clinic");
      case "completed" ->
          reached(person, clinic, JourneyStage.ATTENDED, "clinic")
              .compose(v -> reached(person, clinic, JourneyStage.FOLLOW_UP_DONE, "clinic"));
      default -> Future.succeededFuture();
    };
  }

  /** Whether the person completed a visit at the clinic before: a booking now is a return. */
  private Future<Boolean> returning(UUID person, UUID clinic) {
    return repository
        .ofPerson(person)
        .map(
            steps ->
                steps.stream()
                    .anyMatch(
                        s ->
                            s.clinicId().equals(clinic)
                                && s.stage() == JourneyStage.FOLLOW_UP_DONE));
  }

  /** The clinic's funnel for people first in touch from {@code from} to {@code to} (local days). */
  public Future<JsonObject> funnel(
      UUID clinicId, LocalDate from, LocalDate to, Optional<String> need) {
    if (to.isBefore(from)) {
      return Future.failedFuture(Problem.validation("from must not be after to"));
    }
    return catalog
        .requireClinic(clinicId)
        .compose(
            clinic -> {
              Map<JourneyStage, Future<List<Step>>> reads = new EnumMap<>(JourneyStage.class);
              for (JourneyStage s : JourneyStage.values()) {
                reads.put(s, repository.atStage(clinicId, s));
              }
              return Future.all(List.copyOf(reads.values()))
                  .map(
                      all -> {
                        Map<JourneyStage, List<Step>> steps = new EnumMap<>(JourneyStage.class);
                        reads.forEach((s, f) -> steps.put(s, f.result()));
                        Instant start = from.atStartOfDay(clinic.zone()).toInstant();
                        Instant end = to.plusDays(1).atStartOfDay(clinic.zone()).toInstant();
                        return Funnel.of(steps, start, end, need)
                            .put("clinicId", clinicId.toString())
                            .put("from", from.toString())
                            .put("to", to.toString());
                      });
            });
  }

  /** The person's steps, for their data export. */
  public Future<JsonArray> export(UUID person) {
    return repository
        .ofPerson(person)
        .map(
            steps ->
                new JsonArray(
                    steps.stream()
                        .map(
                            s ->
                                new JsonObject()
                                    .put("clinicId", s.clinicId().toString())
                                    .put("stage", s.stage().json())
                                    .put("at", s.at().toString())
                                    .put("channel", s.channel()))
                        .toList()));
  }

  public Future<Integer> forget(UUID person) {
    return repository.forget(person);
  }

  /** The needs as the funnel splits by them: each named need, extra time, an interpreter. */
  static Set<String> tags(AccessNeeds n) {
    Set<String> tags = new HashSet<>(n.needs());
    if (n.extraMinutes() > 0) {
      tags.add("extra-time");
    }
    n.interpreterLanguage().ifPresent(l -> tags.add("interpreter"));
    return tags;
  }
}
