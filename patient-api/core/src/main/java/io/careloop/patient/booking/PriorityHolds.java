package io.careloop.patient.booking;

import io.careloop.patient.booking.SlotFinder.Slot;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.PriorityTime;
import io.careloop.patient.clinic.PriorityTimeRepository;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.PatientStanding;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast track: a clinic's {@link PriorityTime} is shown and bookable only to patients the CRM
 * judges of good standing, until it is released to everyone. Staff see it all, marked. A patient
 * whose standing the CRM does not answer in time is treated as not on the fast track: held time
 * stays held for them, nothing else changes.
 */
public final class PriorityHolds {

  private static final Logger log = LoggerFactory.getLogger(PriorityHolds.class);
  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(2_000);

  /** What one caller sees of a clinic's held time now. */
  public record View(PriorityTime time, ZoneId zone, Instant now, boolean seesHeldTime) {

    /** Held for the fast track and not released yet. */
    public boolean held(Slot slot) {
      return time.holds(slot.providerId(), slot.start(), zone, now);
    }

    /** Held from this caller. */
    public boolean hidden(Slot slot) {
      return !seesHeldTime && held(slot);
    }
  }

  private final PriorityTimeRepository times;
  private final EventBus bus;
  private final Clock clock;

  public PriorityHolds(PriorityTimeRepository times, EventBus bus, Clock clock) {
    this.times = times;
    this.bus = bus;
    this.clock = clock;
    PatientStanding.register(bus);
  }

  /** The clinic's priority time. */
  public Future<PriorityTime> of(UUID clinicId) {
    return times.of(clinicId);
  }

  /** The view of a patient (their standing decides), or of staff (empty: they see everything). */
  public Future<View> viewFor(Optional<UUID> patient, Clinic clinic) {
    Instant now = clock.instant();
    return times
        .of(clinic.id())
        .compose(
            time -> {
              if (time.sharePercent() == 0 || patient.isEmpty()) {
                return Future.succeededFuture(new View(time, clinic.zone(), now, true));
              }
              return fastTrack(patient.get()).map(fast -> new View(time, clinic.zone(), now, fast));
            });
  }

  /** Fails with 409 {@code priority-time} when the time is held from the patient. */
  public Future<Void> checkBookable(UUID patient, Clinic clinic, UUID providerId, Instant start) {
    Slot slot = new Slot(start, providerId);
    return viewFor(Optional.of(patient), clinic)
        .compose(
            view ->
                view.hidden(slot)
                    ? Future.failedFuture(held(view, slot))
                    : Future.succeededFuture());
  }

  /**
   * Whether the CRM counts the patient on the fast track; no answer within two seconds counts as
   * not.
   */
  public Future<Boolean> fastTrack(UUID patient) {
    return bus.<PatientStanding>request(
            Addresses.PATIENT_STANDING, PatientStanding.ask(patient), ASK)
        .map(reply -> reply.body().fastTrack())
        .recover(
            failed -> {
              log.debug("No standing for {}: {}", patient, failed.getMessage());
              return Future.succeededFuture(false);
            });
  }

  private static Problem held(View view, Slot slot) {
    Instant released = slot.start().minus(view.time().releaseBefore());
    return Problem.conflict(
        "priority-time",
        "Held for returning patients",
        "This time is held for returning patients until "
            + released
            + "; pick another slot or wait until then");
  }
}
