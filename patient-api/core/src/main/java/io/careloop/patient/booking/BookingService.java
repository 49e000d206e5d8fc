package io.careloop.patient.booking;

import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.ClinicFacilities;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.MembershipRepository;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.time.Interval;
import io.careloop.patient.time.SlotGrid;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Booking, rescheduling, cancelling, and the visit's status, with these guarantees:
 *
 * <ul>
 *   <li>Nobody holds overlapping time of one provider: an appointment exists only once all its
 *       cells in provider_time_by_day are claimed, by one atomic conditional batch.
 *   <li>A booking request repeated with the same Idempotency-Key gets the same appointment: its id
 *       is derived from the patient and the key, and a pending row (IF NOT EXISTS) fixes what the
 *       key asked for and which claim holds its time.
 *   <li>A reschedule claims the new time before it lets go of the old; if the new time is taken the
 *       appointment stays exactly as it was.
 *   <li>Every change is a lightweight transaction on the appointment's state, recorded with who and
 *       when in the same batch; a reschedule holds a short lease on the appointment meanwhile, so
 *       two changes of one appointment never interleave. The one exception is a booking's own
 *       confirmation of its fresh pending row, which nothing else writes then: a plain write dated
 *       just after that row, which any later write of it outdates ({@link
 *       AppointmentRepository#confirmBookedAlone}). A booking costs two lightweight transactions
 *       (the pending row and the claim; three with a room), not three.
 * </ul>
 *
 * After a change is stored, the lists by patient and by clinic day are written and the change is
 * announced on the event bus, to every process ({@link Addresses#APPOINTMENT_CHANGED}).
 */
public final class BookingService implements Appointments {

  private static final Logger log = LoggerFactory.getLogger(BookingService.class);

  /** Far longer than any change takes; short enough that a crashed instance's lease soon lapses. */
  static final Duration CHANGE_LEASE = Duration.ofSeconds(30);

  /**
   * How often a cancel or status change waits for a reschedule of the same appointment to finish.
   */
  static final int BUSY_RETRIES = 20;

  static final long BUSY_WAIT_MILLIS = 50;
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

  /** What a patient asks to book. */
  public record BookingRequest(UUID clinicId, UUID serviceId, UUID providerId, Instant start) {

    /** What the request asked, to tell a replay from another request with the same key. */
    String hash() {
      return sha256(clinicId + "|" + serviceId + "|" + providerId + "|" + start.getEpochSecond());
    }
  }

  /**
   * The answer to a booking request.
   *
   * @param created false when this request repeated one that had already booked
   */
  public record Booked(Appointment appointment, boolean created) {}

  /** Who changes an appointment, for its history. */
  public record Actor(UUID accountId, String role) {

    public static Actor patient(UUID patientId) {
      return new Actor(patientId, "patient");
    }

    /**
     * The caller of a patient operation: the patient, or the carer acting for them (recorded as
     * {@code carer} with the carer's account: "carer X for patient Y", Y being the appointment's).
     */
    public static Actor of(Principal caller) {
      return caller
          .actingCarer()
          .map(carer -> new Actor(carer, "carer"))
          .orElse(patient(caller.accountId()));
    }
  }

  private final Vertx vertx;
  private final ClinicCatalog catalog;
  private final SlotSearch slots;
  private final AccessFit access;
  private final PriorityHolds holds;
  private final ProviderTimeRepository claims;
  private final RoomTime rooms;
  private final AppointmentRepository appointments;
  private final MembershipRepository membership;
  private final StrayClaims strayClaims;
  private final Clock clock;

  public BookingService(
      Vertx vertx,
      ClinicCatalog catalog,
      SlotSearch slots,
      AccessFit access,
      PriorityHolds holds,
      ProviderTimeRepository claims,
      RoomTime rooms,
      AppointmentRepository appointments,
      MembershipRepository membership,
      Clock clock) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.slots = slots;
    this.access = access;
    this.holds = holds;
    this.claims = claims;
    this.rooms = rooms;
    this.appointments = appointments;
    this.membership = membership;
    this.strayClaims = new StrayClaims(claims, appointments, clock);
    this.clock = clock;
  }

  // ---------------------------------------------------------------------------------- booking

  public Future<Booked> book(UUID patientId, String idempotencyKey, BookingRequest request) {
    return book(patientId, idempotencyKey, request, Actor.patient(patientId));
  }

  /** Books as {@code by} (the patient, or a carer acting for them) records in the history. */
  public Future<Booked> book(
      UUID patientId, String idempotencyKey, BookingRequest request, Actor by) {
    if (idempotencyKey == null || !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
      return Future.failedFuture(
          Problem.validation("The Idempotency-Key header must be 1 to 200 visible characters"));
    }
    UUID id = appointmentId(patientId, idempotencyKey);
    String hash = request.hash();
    return noteCarer(by, id)
        .compose(noted -> appointments.findIncludingPending(id))
        .compose(
            existing -> {
              if (existing.isPresent() && existing.get().status() != AppointmentStatus.PENDING) {
                return replay(existing.get(), hash);
              }
              return prepare(patientId, id, request, hash)
                  .compose(
                      pending ->
                          appointments
                              .insertPending(pending)
                              .compose(
                                  inserted -> {
                                    if (inserted.applied()) {
                                      return claimAndConfirm(pending, by);
                                    }
                                    Appointment other = inserted.existing().orElse(null);
                                    if (other == null) {
                                      return Future.failedFuture(busy());
                                    }
                                    if (!other.requestHash().equals(hash)) {
                                      return Future.failedFuture(keyReused());
                                    }
                                    if (other.status() != AppointmentStatus.PENDING) {
                                      return replay(other, hash);
                                    }
                                    // The same request is in flight, or an earlier attempt died
                                    // half-way: finish it.
                                    return claimAndConfirm(other, by);
                                  }));
            });
  }

  /** The id of the appointment a patient's booking request with this key makes. */
  static UUID appointmentId(UUID patientId, String idempotencyKey) {
    return UUID.nameUUIDFromBytes(
        ("appointment:" + patientId + ":" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
  }

  private Future<Booked> replay(Appointment existing, String hash) {
    if (!hash.equals(existing.requestHash())) {
      return Future.failedFuture(keyReused());
    }
    // Writing the lists again heals them, should the first request have died before writing them.
    return appointments
        .writeLists(existing, Optional.empty())
        .compose(v -> membership.addPatient(existing.clinicId(), existing.patientId()))
        .map(new Booked(existing, false));
  }

  /**
   * Checks everything a booking can be checked for before it claims time, and builds it as pending.
   */
  private Future<Appointment> prepare(
      UUID patientId, UUID id, BookingRequest request, String hash) {
    Future<Clinic> clinic = known(catalog.clinic(request.clinicId()), "clinic", request.clinicId());
    Future<ClinicalService> service =
        known(catalog.service(request.serviceId()), "service", request.serviceId());
    Future<Provider> provider =
        known(catalog.provider(request.providerId()), "provider", request.providerId());
    Future<AccessFit.Fitted> fit =
        Future.all(clinic, service)
            .compose(loaded -> access.fitFor(patientId, clinic.result(), service.result()));
    Future<ClinicalService> fitted = fit.map(AccessFit.Fitted::service);
    return Future.all(clinic, fitted, provider)
        .compose(
            loaded -> {
              try {
                checkProvider(provider.result(), clinic.result(), fitted.result());
                checkStart(clinic.result(), fitted.result(), request.start());
              } catch (Problem p) {
                return Future.failedFuture(p);
              }
              return holds
                  .checkBookable(patientId, clinic.result(), request.providerId(), request.start())
                  .compose(
                      free ->
                          availability(
                              clinic.result(),
                              fitted.result(),
                              provider.result(),
                              request.start(),
                              id))
                  .compose(
                      availability -> {
                        if (availability == SlotSearch.Availability.NOT_BOOKABLE) {
                          return Future.failedFuture(notBookable());
                        }
                        if (availability == SlotSearch.Availability.TAKEN) {
                          return Future.failedFuture(slotTaken());
                        }
                        return roomFor(clinic.result(), fit.result(), request.start(), id);
                      })
                  .map(
                      room -> {
                        Instant now = now();
                        ClinicalService s = fitted.result();
                        return new Appointment(
                            id,
                            patientId,
                            request.clinicId(),
                            request.providerId(),
                            request.serviceId(),
                            clinic.result().zone(),
                            request.start(),
                            request.start().plus(s.duration()),
                            request.start().plus(s.occupies()),
                            AppointmentStatus.PENDING,
                            0,
                            UUID.randomUUID(),
                            hash,
                            now,
                            now,
                            room.map(ClinicFacilities.Room::name));
                      });
            });
  }

  /** Whether it holds a room the needs require now, or none when they require none. */
  private static boolean holdsFittingRoom(Appointment a, AccessFit.Fitted fit) {
    return fit.needsRoom()
        ? fit.rooms().stream().anyMatch(r -> a.room().equals(Optional.of(r.name())))
        : a.room().isEmpty();
  }

  /**
   * The room the appointment will hold, where its needs require one: the first of them free then
   * (as last read; the claim decides), or slot-taken when none is.
   */
  private Future<Optional<ClinicFacilities.Room>> roomFor(
      Clinic clinic, AccessFit.Fitted fit, Instant start, UUID own) {
    if (!fit.needsRoom()) {
      return Future.succeededFuture(Optional.empty());
    }
    Interval wanted = new Interval(start, start.plus(fit.service().occupies()));
    return rooms
        .freeRoom(clinic.id(), fit.rooms(), wanted, clinic.zone(), Optional.of(own))
        .compose(
            room ->
                room.isPresent()
                    ? Future.succeededFuture(room)
                    : rooms
                        .freeStrays(clinic.id(), fit.rooms(), wanted, clinic.zone(), own)
                        .compose(
                            freed ->
                                freed
                                    ? rooms.freeRoom(
                                        clinic.id(),
                                        fit.rooms(),
                                        wanted,
                                        clinic.zone(),
                                        Optional.of(own))
                                    : Future.succeededFuture(
                                        Optional.<ClinicFacilities.Room>empty())))
        .compose(
            room ->
                room.isPresent()
                    ? Future.succeededFuture(room)
                    : Future.failedFuture(roomTaken(fit.rooms())));
  }

  private Future<Booked> claimAndConfirm(Appointment pending, Actor by) {
    return claimAndConfirm(pending, by, true);
  }

  private Future<Booked> claimAndConfirm(
      Appointment pending, Actor by, boolean mayFreeStrayClaims) {
    return claims
        .claim(
            pending.providerId(),
            pending.day(),
            pending.cells(),
            List.of(),
            pending.id(),
            pending.claimId(),
            null)
        .compose(
            applied ->
                applied
                    ? Future.succeededFuture(Optional.<List<ProviderTimeRepository.Claim>>empty())
                    : othersHolding(pending))
        .compose(
            blocking -> {
              if (blocking.isPresent() && mayFreeStrayClaims) {
                // Also look once more when nothing is in the way any more: the time was freed
                // meanwhile.
                return strayClaims
                    .free(pending.providerId(), pending.day(), blocking.get())
                    .compose(
                        freed ->
                            freed || blocking.get().isEmpty()
                                ? claimAndConfirm(pending, by, false)
                                : appointments
                                    .forgetPending(pending)
                                    .compose(x -> Future.failedFuture(slotTaken())));
              }
              if (blocking.isPresent()) {
                return appointments
                    .forgetPending(pending)
                    .compose(x -> Future.failedFuture(slotTaken()));
              }
              return claimRoom(pending)
                  .compose(roomHeld -> roomHeld ? confirm(pending, by) : giveUpRoomTaken(pending));
            });
  }

  /**
   * The provider's time (and room) held: the pending appointment becomes booked. A pending row
   * younger than half of {@link StrayClaims#ABANDONED_AFTER} cannot be forgotten meanwhile, so it
   * is booked without a lightweight transaction (its time's claim was one); an older one, left by
   * an attempt that died half-way, is booked only if it is still pending.
   */
  private Future<Booked> confirm(Appointment pending, Actor by) {
    Instant now = now();
    Appointment booked = pending.withStatus(AppointmentStatus.BOOKED, 1, now);
    boolean young = pending.bookedAt().plus(StrayClaims.ABANDONED_AFTER.dividedBy(2)).isAfter(now);
    return (young
            ? appointments.confirmBookedAlone(booked, by.accountId(), by.role())
            : appointments.confirmBooked(booked, by.accountId(), by.role()))
        .compose(
            confirmed -> {
              if (confirmed) {
                return afterChange(booked, Optional.empty(), "booked")
                    .map(new Booked(booked, true));
              }
              return appointments
                  .findIncludingPending(pending.id())
                  .compose(
                      current -> {
                        if (current.isPresent()
                            && current.get().status() != AppointmentStatus.PENDING
                            && current.get().claimId().equals(pending.claimId())) {
                          return replay(
                              current.get(),
                              pending.requestHash()); // a duplicate confirmed it first
                        }
                        return claims
                            .release(
                                pending.providerId(),
                                pending.day(),
                                pending.cells(),
                                pending.claimId())
                            .compose(x -> releaseRoom(pending))
                            .compose(x -> Future.failedFuture(slotTaken()));
                      });
            });
  }

  /**
   * Claims the cells of the room the appointment holds, if any: all of them, or none and false.
   * Cells its own claim already holds (a repeated request got there first) count as claimed.
   */
  private Future<Boolean> claimRoom(Appointment a) {
    if (a.roomId().isEmpty()) {
      return Future.succeededFuture(true);
    }
    UUID room = a.roomId().get();
    return rooms
        .claims()
        .claim(room, a.day(), a.cells(), List.of(), a.id(), a.claimId(), null)
        .compose(
            applied ->
                applied
                    ? Future.succeededFuture(true)
                    : rooms
                        .claims()
                        .claimsOnSerial(room, a.day())
                        .map(
                            all ->
                                all.stream().filter(c -> a.claimId().equals(c.claimId())).count()
                                    == a.cells().size()));
  }

  /** Someone took the room meanwhile: the provider's time goes back and nothing is booked. */
  private Future<Booked> giveUpRoomTaken(Appointment pending) {
    return claims
        .release(pending.providerId(), pending.day(), pending.cells(), pending.claimId())
        .compose(x -> appointments.forgetPending(pending))
        .compose(x -> Future.failedFuture(roomTaken(List.of())));
  }

  private Future<Void> releaseRoom(Appointment a) {
    return a.roomId()
        .map(room -> rooms.claims().release(room, a.day(), a.cells(), a.claimId()))
        .orElse(Future.succeededFuture());
  }

  /**
   * After a claim that was not applied: empty when every cell of the appointment is held by its own
   * claim after all (a duplicate of the request claimed it, as Paxos sees it now), otherwise the
   * claims of others in its way.
   */
  private Future<Optional<List<ProviderTimeRepository.Claim>>> othersHolding(Appointment a) {
    Set<Instant> wanted = new HashSet<>(a.cells());
    return claims
        .claimsOnSerial(a.providerId(), a.day())
        .map(
            all -> {
              List<ProviderTimeRepository.Claim> mine =
                  all.stream()
                      .filter(c -> wanted.contains(c.cell()) && a.claimId().equals(c.claimId()))
                      .toList();
              return mine.size() == wanted.size()
                  ? Optional.empty()
                  : Optional.of(
                      all.stream()
                          .filter(
                              c -> wanted.contains(c.cell()) && !a.claimId().equals(c.claimId()))
                          .toList());
            });
  }

  /**
   * What {@code start} is for the provider. When it is taken, claims in its way that no appointment
   * stands behind any more (left by a request that died half-way) are freed, and it is looked at
   * once more.
   */
  private Future<SlotSearch.Availability> availability(
      Clinic clinic, ClinicalService service, Provider provider, Instant start, UUID own) {
    return slots
        .check(clinic, service, provider, start, Optional.of(own))
        .compose(
            first -> {
              if (first != SlotSearch.Availability.TAKEN) {
                return Future.succeededFuture(first);
              }
              LocalDate day = start.atZone(clinic.zone()).toLocalDate();
              Interval wanted = new Interval(start, start.plus(service.occupies()));
              return claims
                  .claimsOn(provider.id(), day)
                  .map(
                      all ->
                          all.stream()
                              .filter(
                                  c ->
                                      !own.equals(c.appointmentId())
                                          && wanted.overlaps(SlotGrid.cell(c.cell())))
                              .toList())
                  .compose(blocking -> strayClaims.free(provider.id(), day, blocking))
                  .compose(
                      freed ->
                          freed
                              ? slots.check(clinic, service, provider, start, Optional.of(own))
                              : Future.succeededFuture(first));
            });
  }

  // ------------------------------------------------------------------------------- reschedule

  /** Moves the patient's appointment to {@code start}, with the same or another provider. */
  public Future<Appointment> reschedule(
      UUID patientId, UUID appointmentId, Instant start, Optional<UUID> providerId) {
    return reschedule(patientId, appointmentId, start, providerId, Actor.patient(patientId));
  }

  public Future<Appointment> reschedule(
      UUID patientId, UUID appointmentId, Instant start, Optional<UUID> providerId, Actor by) {
    return ownAppointment(patientId, appointmentId)
        .compose(current -> noteCarer(by, appointmentId).map(current))
        .compose(
            current -> {
              if (current.status() != AppointmentStatus.BOOKED) {
                return Future.failedFuture(notActive(current));
              }
              UUID newProvider = providerId.orElse(current.providerId());
              Future<Clinic> clinic = catalog.requireClinic(current.clinicId());
              Future<ClinicalService> service =
                  known(catalog.service(current.serviceId()), "service", current.serviceId());
              Future<Provider> provider =
                  known(catalog.provider(newProvider), "provider", newProvider);
              Future<AccessFit.Fitted> fit =
                  Future.all(clinic, service)
                      .compose(
                          loaded -> access.fitFor(patientId, clinic.result(), service.result()));
              Future<ClinicalService> fitted = fit.map(AccessFit.Fitted::service);
              return Future.all(clinic, fitted, provider)
                  .compose(
                      loaded -> {
                        try {
                          checkChangeNotice(clinic.result(), current);
                          checkProvider(provider.result(), clinic.result(), fitted.result());
                          checkStart(clinic.result(), fitted.result(), start);
                        } catch (Problem p) {
                          return Future.failedFuture(p);
                        }
                        // A change of the patient's needs changes the length: then it moves.
                        if (start.equals(current.start())
                            && newProvider.equals(current.providerId())
                            && current.lasts(fitted.result())
                            && holdsFittingRoom(current, fit.result())) {
                          return appointments
                              .writeLists(current, Optional.empty())
                              .map(current); // nothing to move
                        }
                        return holds
                            .checkBookable(patientId, clinic.result(), newProvider, start)
                            .compose(
                                free ->
                                    availability(
                                        clinic.result(),
                                        fitted.result(),
                                        provider.result(),
                                        start,
                                        current.id()))
                            .compose(
                                availability -> {
                                  if (availability == SlotSearch.Availability.NOT_BOOKABLE) {
                                    return Future.failedFuture(notBookable());
                                  }
                                  if (availability == SlotSearch.Availability.TAKEN) {
                                    return Future.failedFuture(slotTaken());
                                  }
                                  return roomFor(
                                      clinic.result(), fit.result(), start, current.id());
                                })
                            .compose(
                                room ->
                                    move(
                                        current,
                                        newProvider,
                                        start,
                                        fitted.result(),
                                        room.map(ClinicFacilities.Room::name),
                                        by));
                      });
            });
  }

  /**
   * Moves it to {@code start}, taking as long as {@code takes} (the needs as they are now), in
   * {@code room} where the needs require one.
   */
  private Future<Appointment> move(
      Appointment current,
      UUID provider,
      Instant start,
      ClinicalService takes,
      Optional<String> room,
      Actor actor) {
    UUID lease = UUID.randomUUID();
    return appointments
        .lock(current, lease, CHANGE_LEASE)
        .compose(
            locked -> {
              if (!locked) {
                return appointments
                    .find(current.id())
                    .compose(
                        now ->
                            Future.failedFuture(
                                now.isPresent() && now.get().status() != AppointmentStatus.BOOKED
                                    ? notActive(now.get())
                                    : busy()));
              }
              Appointment moved =
                  current.movedTo(
                      provider,
                      start,
                      takes.duration(),
                      takes.occupies(),
                      room,
                      UUID.randomUUID(),
                      now());
              return moveLocked(current, moved, lease, actor);
            });
  }

  /** Claims the new time (and room) before the old is given back; undone if anything fails. */
  private Future<Appointment> moveLocked(
      Appointment current, Appointment moved, UUID lease, Actor actor) {
    CellMove time =
        CellMove.of(
            Optional.of(current.providerId()), current, Optional.of(moved.providerId()), moved);
    CellMove room = CellMove.of(current.roomId(), current, moved.roomId(), moved);
    return claimBoth(time, room, current, moved)
        .recover(
            err ->
                undoBoth(time, room, current, moved)
                    .eventually(() -> appointments.unlock(current.id(), lease))
                    .transform(x -> Future.<Boolean>failedFuture(err)))
        .compose(
            claimed -> {
              if (!claimed) {
                return appointments
                    .unlock(current.id(), lease)
                    .compose(x -> Future.failedFuture(slotTaken()));
              }
              return appointments
                  .commitMove(moved, lease, actor.accountId(), actor.role())
                  .compose(
                      committed ->
                          committed
                              ? releaseOld(time, room, current)
                                  .compose(
                                      x -> afterChange(moved, Optional.of(current), "rescheduled"))
                                  .map(moved)
                              : undoBoth(time, room, current, moved)
                                  .compose(x -> Future.<Appointment>failedFuture(busy())));
            });
  }

  /** The provider's new time, then the room's; false (and nothing held) if either is taken. */
  private Future<Boolean> claimBoth(
      CellMove time, CellMove room, Appointment current, Appointment moved) {
    return time.claim(claims, current, moved)
        .compose(
            timeHeld ->
                !timeHeld
                    ? Future.succeededFuture(false)
                    : room.claim(rooms.claims(), current, moved)
                        .compose(
                            roomHeld ->
                                roomHeld
                                    ? Future.succeededFuture(true)
                                    : time.undo(claims, current, moved).map(false)));
  }

  private Future<Void> undoBoth(
      CellMove time, CellMove room, Appointment current, Appointment moved) {
    return Future.all(time.undo(claims, current, moved), room.undo(rooms.claims(), current, moved))
        .mapEmpty();
  }

  /** The move is committed: a failure to free the old cells is logged, they are found as stray. */
  private Future<Void> releaseOld(CellMove time, CellMove room, Appointment current) {
    return Future.all(time.release(claims, current), room.release(rooms.claims(), current))
        .<Void>mapEmpty()
        .recover(
            err -> {
              log.warn(
                  "Appointment {} moved, but its old time could not be released: {}",
                  current.id(),
                  err.toString());
              return Future.succeededFuture();
            });
  }

  // ----------------------------------------------------------------------------------- cancel

  /** Cancels the patient's appointment; its time is free again when this succeeds. Repeatable. */
  public Future<Appointment> cancel(UUID patientId, UUID appointmentId) {
    return cancel(patientId, appointmentId, Actor.patient(patientId));
  }

  public Future<Appointment> cancel(UUID patientId, UUID appointmentId, Actor by) {
    return ownAppointment(patientId, appointmentId)
        .compose(current -> noteCarer(by, appointmentId).map(current))
        .compose(current -> cancelAttempt(current, by, false, 0));
  }

  /**
   * A carer's change is noted before it is made, so that the carer's erasure finds it (a change
   * that then fails leaves a note that finds nothing).
   */
  private Future<Void> noteCarer(Actor by, UUID appointmentId) {
    return "carer".equals(by.role())
        ? appointments.changedByCarer(by.accountId(), appointmentId)
        : Future.succeededFuture();
  }

  /**
   * Cancels a booked appointment of a patient who erases their account, whatever the clinic's
   * notice (nobody will come); the history names the erasure's pseudonym. Anything else is left.
   */
  public Future<Appointment> cancelAtErasure(Appointment current, UUID pseudonym) {
    return current.status() != AppointmentStatus.BOOKED
        ? Future.succeededFuture(current)
        : cancelAttempt(current, Actor.patient(pseudonym), true, 0);
  }

  /** At erasure the clinic's notice does not hold, and the event says the patient is gone. */
  private Future<Appointment> cancelAttempt(
      Appointment current, Actor actor, boolean atErasure, int attempt) {
    if (current.status() == AppointmentStatus.CANCELLED) {
      // Releasing again is harmless and frees the time should the first cancel have died after
      // committing.
      return claims
          .release(current.providerId(), current.day(), current.cells(), current.claimId())
          .compose(x -> releaseRoom(current))
          .map(current);
    }
    if (current.status() != AppointmentStatus.BOOKED) {
      return Future.failedFuture(notActive(current));
    }
    return catalog
        .requireClinic(current.clinicId())
        .compose(
            clinic -> {
              try {
                if (!atErasure) {
                  checkChangeNotice(clinic, current);
                }
              } catch (Problem p) {
                return Future.failedFuture(p);
              }
              Appointment cancelled =
                  current.withStatus(AppointmentStatus.CANCELLED, current.version() + 1, now());
              return appointments
                  .commitStatus(current, cancelled, actor.accountId(), actor.role())
                  .compose(
                      committed -> {
                        if (!committed) {
                          return retry(
                              current,
                              attempt,
                              next -> cancelAttempt(next, actor, atErasure, attempt + 1));
                        }
                        return claims
                            .release(
                                current.providerId(),
                                current.day(),
                                current.cells(),
                                current.claimId())
                            .compose(x -> releaseRoom(current))
                            .compose(
                                x ->
                                    afterChange(
                                        new AppointmentChanged(
                                            "cancelled", cancelled, Optional.empty(), atErasure)))
                            .map(cancelled);
                      });
            });
  }

  // ----------------------------------------------------------------------------------- status

  /**
   * Staff record the visit: booked → checked_in → completed, or booked → no_show (once it has
   * started). A nurse may do it for her clinics only; another clinic's appointment is not found.
   */
  public Future<Appointment> setStatus(
      Principal staff, UUID appointmentId, AppointmentStatus target) {
    return visibleToStaff(staff, appointmentId)
        .compose(
            current ->
                statusAttempt(
                    current, target, new Actor(staff.accountId(), staff.role().claim()), 0));
  }

  private Future<Appointment> statusAttempt(
      Appointment current, AppointmentStatus target, Actor staff, int attempt) {
    if (current.status() == target) {
      return Future.succeededFuture(current);
    }
    if (!current.status().staffMayChangeTo(target)) {
      return Future.failedFuture(
          new Problem(
              409,
              "invalid-status-change",
              "Status change not possible",
              "An appointment that is "
                  + current.status().json()
                  + " cannot become "
                  + target.json()));
    }
    if (target == AppointmentStatus.NO_SHOW && now().isBefore(current.start())) {
      return Future.failedFuture(
          new Problem(
              409,
              "invalid-status-change",
              "Status change not possible",
              "An appointment is a no-show only once it has started"));
    }
    Appointment after = current.withStatus(target, current.version() + 1, now());
    return appointments
        .commitStatus(current, after, staff.accountId(), staff.role())
        .compose(
            committed ->
                committed
                    ? afterChange(after, Optional.empty(), target.json()).map(after)
                    : retry(
                        current, attempt, next -> statusAttempt(next, target, staff, attempt + 1)));
  }

  /**
   * Another change got there first, or a reschedule holds the lease: read again and retry a while.
   */
  private Future<Appointment> retry(
      Appointment stale, int attempt, Function<Appointment, Future<Appointment>> again) {
    if (attempt >= BUSY_RETRIES) {
      return Future.failedFuture(busy());
    }
    return vertx
        .timer(BUSY_WAIT_MILLIS)
        .compose(t -> appointments.find(stale.id()))
        .compose(
            next ->
                next.isPresent()
                    ? again.apply(next.get())
                    : Future.failedFuture(Problem.notFound("No appointment " + stale.id())));
  }

  // ------------------------------------------------------------------------------------ reads

  /** The patient's own appointment; anyone else's is not found. */
  public Future<Appointment> ownAppointment(UUID patientId, UUID appointmentId) {
    return appointments
        .find(appointmentId)
        .compose(
            a ->
                a.isPresent() && a.get().patientId().equals(patientId)
                    ? Future.succeededFuture(a.get())
                    : Future.failedFuture(Problem.notFound("No appointment " + appointmentId)));
  }

  /** The patient's appointments, by start. */
  public Future<List<Appointment>> appointmentsOf(UUID patientId) {
    return appointments
        .idsOfPatient(patientId)
        .compose(ids -> all(ids, a -> a.patientId().equals(patientId)));
  }

  /**
   * An appointment at one of the staff member's clinics (an admin sees all); others are not found.
   */
  public Future<Appointment> visibleToStaff(Principal staff, UUID appointmentId) {
    return appointments
        .find(appointmentId)
        .compose(
            a ->
                a.isPresent() && staff.role() != Role.PATIENT && staff.worksAt(a.get().clinicId())
                    ? Future.succeededFuture(a.get())
                    : Future.failedFuture(Problem.notFound("No appointment " + appointmentId)));
  }

  public Future<List<AppointmentChange>> history(UUID appointmentId) {
    return appointments.history(appointmentId);
  }

  /**
   * Every stored change of the patient's appointments, as each was announced: what a listener that
   * missed an event reads again.
   */
  public Future<List<AppointmentChanged>> changesOf(UUID patientId) {
    return appointmentsOf(patientId)
        .compose(list -> Future.all(list.stream().map(this::changesOf).toList()))
        .map(
            all -> {
              List<AppointmentChanged> changes = new ArrayList<>();
              for (int i = 0; i < all.size(); i++) {
                List<AppointmentChanged> some = all.resultAt(i);
                changes.addAll(some);
              }
              return changes;
            });
  }

  private Future<List<AppointmentChanged>> changesOf(Appointment latest) {
    return history(latest.id())
        .map(
            history -> {
              List<AppointmentChanged> changes = new ArrayList<>();
              Optional<Appointment> before = Optional.empty();
              for (AppointmentChange change : history) {
                Appointment after = latest.asOf(change);
                changes.add(
                    new AppointmentChanged(
                        change.change(),
                        after,
                        change.change().equals("rescheduled") ? before : Optional.empty()));
                before = Optional.of(after);
              }
              return changes;
            });
  }

  @Override
  public Future<List<Appointment>> ofPatient(UUID patientId) {
    return appointmentsOf(patientId);
  }

  @Override
  public Future<Optional<Appointment>> find(UUID appointmentId) {
    return appointments.find(appointmentId);
  }

  @Override
  public Future<List<Appointment>> atClinicOn(UUID clinicId, LocalDate day) {
    return appointments
        .idsAtClinicOn(clinicId, day)
        .compose(ids -> all(ids, a -> a.clinicId().equals(clinicId) && a.day().equals(day)));
  }

  @Override
  public MessageConsumer<AppointmentChanged> onChange(Handler<AppointmentChanged> handler) {
    return vertx
        .eventBus()
        .<AppointmentChanged>localConsumer(
            Addresses.APPOINTMENT_CHANGED, msg -> handler.handle(msg.body()));
  }

  /** The appointments behind list ids, as stored now; rows a change has left behind are skipped. */
  private Future<List<Appointment>> all(List<UUID> ids, Predicate<Appointment> stillBelongs) {
    List<Future<Optional<Appointment>>> reads = ids.stream().map(appointments::find).toList();
    return Future.all(reads)
        .map(
            done -> {
              List<Appointment> list = new ArrayList<>();
              reads.forEach(r -> r.result().filter(stillBelongs).ifPresent(list::add));
              list.sort(
                  Comparator.comparing(Appointment::start).thenComparing(a -> a.id().toString()));
              return list;
            });
  }

  // ---------------------------------------------------------------------------------- helpers

  private Future<Void> afterChange(Appointment now, Optional<Appointment> before, String change) {
    return afterChange(new AppointmentChanged(change, now, before));
  }

  private Future<Void> afterChange(AppointmentChanged e) {
    Appointment now = e.appointment();
    Future<Void> lists = appointments.writeLists(now, e.previous());
    Future<Void> member =
        e.change().equals("booked")
            ? membership.addPatient(now.clinicId(), now.patientId())
            : Future.succeededFuture();
    return Future.all(lists, member)
        .map(
            v -> {
              vertx.eventBus().publish(Addresses.APPOINTMENT_CHANGED, e);
              return null;
            });
  }

  private void checkProvider(Provider provider, Clinic clinic, ClinicalService service) {
    if (!provider.worksAt(clinic.id())) {
      throw new Problem(
          422,
          "provider-not-at-clinic",
          "Provider not at this clinic",
          "Provider " + provider.id() + " does not work at clinic " + clinic.id());
    }
    if (!provider.offers(service.id())) {
      throw SlotSearch.notOffered(service.id());
    }
  }

  /**
   * On the grid, within the clinic's booking window, and ending (with its buffer) on its own day.
   */
  private void checkStart(Clinic clinic, ClinicalService service, Instant start) {
    if (!SlotGrid.isOnGrid(start)) {
      throw new Problem(
          422,
          "off-grid",
          "Start not on the slot grid",
          "Appointments start at :00, :15, :30 or :45; got "
              + Appointment.rfc3339(start, clinic.zone()));
    }
    Instant now = clock.instant();
    if (start.isBefore(now.plus(clinic.bookingNotice()))) {
      throw new Problem(
          422,
          "outside-booking-window",
          "Outside the booking window",
          start.isBefore(now)
              ? "The start is in the past"
              : "This clinic takes online bookings at least "
                  + clinic.bookingNotice().toMinutes()
                  + " minutes ahead");
    }
    LocalDate day = start.atZone(clinic.zone()).toLocalDate();
    if (day.isAfter(now.atZone(clinic.zone()).toLocalDate().plusDays(clinic.horizonDays()))) {
      throw new Problem(
          422,
          "outside-booking-window",
          "Outside the booking window",
          "This clinic takes bookings up to " + clinic.horizonDays() + " days ahead");
    }
    if (start
        .plus(service.occupies())
        .isAfter(day.plusDays(1).atStartOfDay(clinic.zone()).toInstant())) {
      throw new Problem(
          422,
          "spans-midnight",
          "Appointment would span midnight",
          "An appointment and its buffer end on the day they start, in the clinic's time zone");
    }
  }

  private void checkChangeNotice(Clinic clinic, Appointment current) {
    if (current.start().isBefore(clock.instant().plus(clinic.changeNotice()))) {
      throw new Problem(
          409,
          "too-late-to-change",
          "Too late to change online",
          "Appointments at this clinic can be changed or cancelled online up to "
              + clinic.changeNotice().toMinutes()
              + " minutes before they start; please call the clinic");
    }
  }

  private static <T> Future<T> known(Future<Optional<T>> lookup, String what, UUID id) {
    return lookup.compose(
        found ->
            found.isPresent()
                ? Future.succeededFuture(found.get())
                : Future.failedFuture(ClinicCatalog.unknown(what, id)));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  public static Problem slotTaken() {
    return Problem.conflict(
        "slot-taken", "Slot taken", "Someone holds this time of the provider; pick another slot");
  }

  /** None of the rooms that meet the patient's needs is free then. */
  private static Problem roomTaken(List<ClinicFacilities.Room> rooms) {
    String which =
        rooms.isEmpty()
            ? "the room that meets your needs"
            : "any of the rooms that meet your needs ("
                + String.join(", ", rooms.stream().map(ClinicFacilities.Room::name).toList())
                + ")";
    return Problem.conflict(
        "slot-taken", "Slot taken", "Someone holds " + which + " then; pick another slot");
  }

  private static Problem notBookable() {
    return new Problem(
        422,
        "not-bookable",
        "Not a bookable time",
        "The provider does not take appointments then (working hours, breaks, closures)");
  }

  private static Problem notActive(Appointment a) {
    return Problem.conflict(
        "appointment-not-active",
        "Appointment not active",
        "The appointment is " + a.status().json() + " and can no longer be changed");
  }

  private static Problem busy() {
    return Problem.conflict(
        "appointment-busy",
        "Appointment being changed",
        "Another change of this appointment is in progress; try again");
  }

  private static Problem keyReused() {
    return new Problem(
        422,
        "idempotency-key-reused",
        "Idempotency-Key reused",
        "This Idempotency-Key was used for a different booking request; use a new key for a new request");
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
