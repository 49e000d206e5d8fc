package io.careloop.patient.waitlist;

import io.careloop.notifications.bus.NotificationRequest;
import io.careloop.notifications.bus.NotifyClient;
import io.careloop.patient.booking.AccessFit;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.Appointments;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.patient.booking.PriorityHolds;
import io.careloop.patient.booking.SlotSearch;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.PriorityTime;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.time.SlotGrid;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers time that frees up (a cancel, the old time of a reschedule, priority time released to
 * everyone) to the patients waiting for it, fast track first and then first come, in waves of
 * {@link WaitlistConfig#offersPerWave()}: each patient of a wave is told that the others got the
 * same offer and the first to accept gets the time. A wave that expires untaken passes the time to
 * the next patients, by the sweep. Every instance hears every change; a lightweight transaction on
 * the round ({@link FreedTime}) lets one of them make the offers, so no wave goes out twice. No
 * offer outlives the clinic's booking notice before the time.
 */
public final class FreedTimeOffers {

  private static final Logger log = LoggerFactory.getLogger(FreedTimeOffers.class);
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM, HH:mm");

  /** How far back the sweep looks for released priority time (sweeps missed meanwhile). */
  static final Duration RELEASED_LOOKBACK = Duration.ofHours(1);

  private final WaitlistRepository repository;
  private final ClinicCatalog catalog;
  private final SlotSearch slots;
  private final AccessFit access;
  private final PriorityHolds holds;
  private final NotifyClient notify;
  private final WaitlistConfig config;
  private final Clock clock;

  public FreedTimeOffers(
      WaitlistRepository repository,
      ClinicCatalog catalog,
      SlotSearch slots,
      AccessFit access,
      PriorityHolds holds,
      NotifyClient notify,
      WaitlistConfig config,
      Clock clock) {
    this.repository = repository;
    this.catalog = catalog;
    this.slots = slots;
    this.access = access;
    this.holds = holds;
    this.notify = notify;
    this.config = config;
    this.clock = clock;
  }

  /** Hears the appointments' changes and sweeps for expired waves until Vert.x closes. */
  public void follow(Vertx vertx, Appointments appointments) {
    appointments.onChange(change -> freedBy(change).onFailure(this::logFailure));
    vertx.setPeriodic(config.sweepInterval().toMillis(), id -> sweep().onFailure(this::logFailure));
  }

  /** Offers the time the change let go, if it let any go. */
  public Future<Void> freedBy(AppointmentChanged change) {
    Optional<Appointment> freed =
        switch (change.change()) {
          case "cancelled" -> Optional.of(change.appointment());
          case "rescheduled" -> change.previous();
          default -> Optional.empty();
        };
    if (freed.isEmpty()) {
      return Future.succeededFuture();
    }
    Appointment a = freed.get();
    UUID freedBy =
        UUID.nameUUIDFromBytes(
            ("freed:" + a.id() + ":" + change.appointment().version())
                .getBytes(StandardCharsets.UTF_8));
    return catalog
        .requireClinic(a.clinicId())
        .compose(clinic -> firstWave(clinic, a.providerId(), a.start(), freedBy, a.patientId()));
  }

  /** The first wave leaves out the patient who let the time go. */
  private Future<Void> firstWave(
      Clinic clinic, UUID providerId, Instant start, UUID freedBy, UUID freedByPatient) {
    Instant now = clock.instant();
    Instant lastChance = start.minus(clinic.bookingNotice());
    if (!now.isBefore(lastChance)) {
      return Future.succeededFuture();
    }
    // A round with nobody in its first wave is still started: the sweep offers the time to
    // whoever joins the list later, until the booking notice.
    return waiting(clinic)
        .compose(
            waiting ->
                nextPatients(
                    clinic, waiting, providerId, start, Set.of(), Optional.of(freedByPatient)))
        .compose(wave -> startRound(clinic, providerId, start, freedBy, wave, now));
  }

  private Future<Void> startRound(
      Clinic clinic,
      UUID providerId,
      Instant start,
      UUID freedBy,
      List<WaitlistEntry> wave,
      Instant now) {
    Instant expires =
        earliest(now.plus(config.offerValidity()), start.minus(clinic.bookingNotice()));
    FreedTime round =
        new FreedTime(
            clinic.id(), start, providerId, freedBy, 1, expires, ids(wave), Optional.empty());
    return repository
        .startRound(round, keep(start, now))
        .compose(started -> started ? offer(clinic, round, wave) : Future.succeededFuture());
  }

  /**
   * Offers each provider's priority time released since the last sweeps: one round per released
   * hour (keyed by the hour, so neither a later sweep nor another instance offers it again), at the
   * hour's first start that fits someone waiting; an hour nobody waits for is looked at again until
   * {@link #RELEASED_LOOKBACK} has passed, for patients who join meanwhile.
   */
  private Future<Void> released(
      Clinic clinic, Waiting waiting, List<FreedTime> rounds, Instant now) {
    Set<UUID> roundsOf = rounds.stream().map(FreedTime::freedBy).collect(Collectors.toSet());
    return catalog
        .providersAt(clinic.id())
        .compose(
            providers -> {
              PriorityTime time = waiting.time();
              List<Future<Void>> offered = new ArrayList<>();
              for (Provider p : providers) {
                for (Instant hour :
                    time.releasedBetween(
                        p.id(), clinic.zone(), now.minus(RELEASED_LOOKBACK), now)) {
                  UUID key = releasedKey(p.id(), hour);
                  if (!roundsOf.contains(key) && now.isBefore(hour.minus(clinic.bookingNotice()))) {
                    offered.add(releasedHour(clinic, waiting, p.id(), hour, key, 0, now));
                  }
                }
              }
              return Future.all(offered).mapEmpty();
            });
  }

  private Future<Void> releasedHour(
      Clinic clinic,
      Waiting waiting,
      UUID providerId,
      Instant hour,
      UUID key,
      int cell,
      Instant now) {
    Instant start = hour.plus(SlotGrid.STEP.multipliedBy(cell));
    if (!start.isBefore(hour.plus(Duration.ofHours(1)))) {
      return Future.succeededFuture();
    }
    return nextPatients(clinic, waiting, providerId, start, Set.of(), Optional.empty())
        .compose(
            wave ->
                wave.isEmpty()
                    ? releasedHour(clinic, waiting, providerId, hour, key, cell + 1, now)
                    : startRound(clinic, providerId, start, key, wave, now));
  }

  private static UUID releasedKey(UUID providerId, Instant hour) {
    return UUID.nameUUIDFromBytes(
        ("released:" + providerId + ":" + hour).getBytes(StandardCharsets.UTF_8));
  }

  /** Passes the time of every round whose wave expired untaken to the next waiting patients. */
  public Future<Void> sweep() {
    Instant now = clock.instant();
    return catalog
        .clinics()
        .compose(
            clinics -> Future.all(clinics.stream().map(c -> sweep(c, now)).toList()).mapEmpty());
  }

  /** A clinic nobody waits at costs one read: there is nobody to offer anything to. */
  private Future<Void> sweep(Clinic clinic, Instant now) {
    return waiting(clinic)
        .compose(
            waiting ->
                waiting.nobody()
                    ? Future.succeededFuture()
                    : repository
                        .roundsAfter(clinic.id(), now.plus(clinic.bookingNotice()))
                        .compose(
                            rounds ->
                                Future.all(
                                        rounds.stream()
                                            .filter(r -> r.takenByOffer().isEmpty())
                                            .filter(r -> !now.isBefore(r.waveExpires()))
                                            .map(r -> nextWave(clinic, waiting, r, now))
                                            .toList())
                                    .compose(v -> released(clinic, waiting, rounds, now))));
  }

  private Future<Void> nextWave(Clinic clinic, Waiting waiting, FreedTime round, Instant now) {
    Instant lastChance = round.start().minus(clinic.bookingNotice());
    Instant expires = earliest(now.plus(config.offerValidity()), lastChance);
    return nextPatients(
            clinic,
            waiting,
            round.providerId(),
            round.start(),
            round.offeredEntries(),
            Optional.empty())
        .compose(
            wave -> {
              if (wave.isEmpty()) {
                return Future.succeededFuture();
              }
              return repository
                  .nextWave(round, expires, ids(wave), keep(round.start(), now))
                  .compose(
                      moved -> {
                        FreedTime next =
                            new FreedTime(
                                round.clinicId(),
                                round.start(),
                                round.providerId(),
                                round.freedBy(),
                                round.wave() + 1,
                                expires,
                                Set.of(),
                                Optional.empty());
                        return moved ? offer(clinic, next, wave) : Future.succeededFuture();
                      });
            });
  }

  /**
   * The next {@link WaitlistConfig#offersPerWave()} entries, fast track first and then first come
   * (each group in the order they joined), that want this time and that the time fits: the service
   * with the patient's access needs starts there and is free, and the time is not held from the
   * patient for the fast track (an offer they could not accept).
   */
  private Future<List<WaitlistEntry>> nextPatients(
      Clinic clinic,
      Waiting waiting,
      UUID providerId,
      Instant start,
      Set<UUID> alreadyOffered,
      Optional<UUID> leftOut) {
    if (waiting.nobody()) {
      return Future.succeededFuture(List.of());
    }
    return catalog
        .provider(providerId)
        .compose(
            provider -> {
              if (provider.isEmpty()) {
                return Future.succeededFuture(List.<WaitlistEntry>of());
              }
              List<WaitlistEntry> candidates =
                  waiting.entries().stream()
                      .filter(e -> !alreadyOffered.contains(e.id()))
                      .filter(e -> leftOut.map(p -> !p.equals(e.patientId())).orElse(true))
                      .filter(e -> e.wants(providerId, start.atZone(clinic.zone()).toLocalDate()))
                      .filter(e -> provider.get().offers(e.serviceId()))
                      .toList();
              return fastTrackFirst(waiting, candidates)
                  .compose(
                      ordered ->
                          fitting(
                              clinic,
                              waiting,
                              provider.get(),
                              start,
                              ordered,
                              0,
                              new ArrayList<>()));
            });
  }

  /** The candidates on the fast track (the CRM's judgement), then the others; stable otherwise. */
  private Future<List<WaitlistEntry>> fastTrackFirst(
      Waiting waiting, List<WaitlistEntry> candidates) {
    List<Future<Boolean>> fast =
        candidates.stream().map(e -> fastTrackOf(waiting, e.patientId())).toList();
    return Future.all(fast)
        .map(
            all -> {
              List<WaitlistEntry> ordered = new ArrayList<>();
              for (boolean onFastTrack : List.of(true, false)) {
                for (int i = 0; i < candidates.size(); i++) {
                  if (fast.get(i).result() == onFastTrack) {
                    ordered.add(candidates.get(i));
                  }
                }
              }
              return ordered;
            });
  }

  /** Checks the candidates one by one, in order, until a wave is full. */
  private Future<List<WaitlistEntry>> fitting(
      Clinic clinic,
      Waiting waiting,
      Provider provider,
      Instant start,
      List<WaitlistEntry> candidates,
      int next,
      List<WaitlistEntry> wave) {
    if (wave.size() == config.offersPerWave() || next == candidates.size()) {
      return Future.succeededFuture(wave);
    }
    WaitlistEntry entry = candidates.get(next);
    return fits(clinic, waiting, provider, start, entry)
        .recover(refused -> Future.succeededFuture(false)) // needs the clinic cannot meet
        .compose(
            fits -> {
              if (fits) {
                wave.add(entry);
              }
              return fitting(clinic, waiting, provider, start, candidates, next + 1, wave);
            });
  }

  /**
   * Whether the time fits the entry: not held from the patient (held for the fast track and the
   * patient not on it: an offer they could not accept), and free for the service with their needs.
   */
  private Future<Boolean> fits(
      Clinic clinic, Waiting waiting, Provider provider, Instant start, WaitlistEntry e) {
    boolean held = waiting.time().holds(provider.id(), start, clinic.zone(), clock.instant());
    return (held ? fastTrackOf(waiting, e.patientId()) : Future.succeededFuture(true))
        .compose(
            allowed ->
                allowed ? freeFor(clinic, provider, start, e) : Future.succeededFuture(false));
  }

  private Future<Boolean> freeFor(
      Clinic clinic, Provider provider, Instant start, WaitlistEntry e) {
    return catalog
        .service(e.serviceId())
        .compose(
            service ->
                service.isEmpty()
                    ? Future.succeededFuture(false)
                    : access
                        .serviceFor(e.patientId(), clinic, service.get())
                        .compose(
                            fitted ->
                                slots.check(clinic, fitted, provider, start, Optional.empty()))
                        .map(a -> a == SlotSearch.Availability.FREE));
  }

  /**
   * One look at a clinic's waitlist: who waits and the clinic's priority time, read once, and each
   * patient's standing, asked of the CRM once, when first needed. A sweep or a freed time takes
   * one, so a patient met in many waves or released hours costs one question.
   */
  private record Waiting(
      List<WaitlistEntry> entries, PriorityTime time, Map<UUID, Future<Boolean>> standing) {

    boolean nobody() {
      return entries.isEmpty();
    }
  }

  private Future<Boolean> fastTrackOf(Waiting waiting, UUID patient) {
    return waiting.standing().computeIfAbsent(patient, holds::fastTrack);
  }

  /** Who waits at the clinic; the priority time only when somebody does. */
  private Future<Waiting> waiting(Clinic clinic) {
    return repository
        .atClinic(clinic.id())
        .compose(
            entries ->
                (entries.isEmpty()
                        ? Future.succeededFuture(PriorityTime.NONE)
                        : holds.of(clinic.id()))
                    .map(time -> new Waiting(entries, time, new ConcurrentHashMap<>())));
  }

  private Future<Void> offer(Clinic clinic, FreedTime round, List<WaitlistEntry> wave) {
    Instant now = clock.instant();
    return Future.all(
            wave.stream()
                .map(
                    e ->
                        new WaitlistOffer(
                            UUID.randomUUID(),
                            e.patientId(),
                            e.id(),
                            clinic.id(),
                            e.serviceId(),
                            round.providerId(),
                            round.start(),
                            round.freedBy(),
                            round.waveExpires(),
                            wave.size(),
                            Optional.empty(),
                            now,
                            now.atZone(clinic.zone()).toLocalDate(),
                            e.joinedAt(),
                            WaitlistOffer.State.OPEN,
                            Optional.empty()))
                .map(o -> repository.save(o).compose(v -> tell(clinic, o)))
                .toList())
        .mapEmpty();
  }

  /** The offer is stored before it is told: a lost notice leaves it in the patient's list. */
  private Future<Void> tell(Clinic clinic, WaitlistOffer offer) {
    String when = offer.start().atZone(clinic.zone()).format(WHEN);
    String shared =
        offer.sharedWith() == 1
            ? "It is offered to you alone"
            : "It is offered to " + offer.sharedWith() + " patients on the waitlist";
    NotificationRequest notice =
        new NotificationRequest(
            offer.patientId(),
            "appointment",
            "Earlier time free",
            "An earlier time is free at "
                + clinic.name()
                + ": "
                + when
                + ". "
                + shared
                + "; the first to accept gets it. Accept before "
                + offer
                    .expiresAt()
                    .atZone(clinic.zone())
                    .format(DateTimeFormatter.ofPattern("HH:mm"))
                + ".",
            "waitlist-offer:" + offer.id(),
            null,
            Duration.between(clock.instant(), offer.expiresAt()),
            Map.of("offerId", offer.id().toString(), "start", offer.start().toString()));
    return notify
        .send(notice)
        .<Void>mapEmpty()
        .recover(
            failed -> {
              log.warn("Waitlist offer {} not notified: {}", offer.id(), failed.getMessage());
              return Future.succeededFuture();
            });
  }

  private static Set<UUID> ids(List<WaitlistEntry> wave) {
    return wave.stream().map(WaitlistEntry::id).collect(Collectors.toSet());
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** A round is kept until a day after its time. */
  private static Duration keep(Instant start, Instant now) {
    return Duration.between(now, start).plusDays(1);
  }

  private void logFailure(Throwable failure) {
    log.warn("Waitlist offers: {}", failure.toString());
  }
}
