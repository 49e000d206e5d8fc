package io.careloop.crm.bus;

import io.careloop.alerts.bus.AlertChanged;
import io.careloop.alerts.bus.AlertCodecs;
import io.careloop.crm.patient.AppProfile;
import io.careloop.crm.projection.Projections;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.patient.bus.PatientChanged;
import io.careloop.patient.bus.PatientCodecs;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.DevicePaired;
import io.careloop.platform.bus.SessionsStored;
import io.careloop.platform.bus.SharedCodecs;
import io.careloop.platform.bus.StoredSession;
import io.careloop.platform.vertx.Backlog;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the other modules' events, from this process or another, keeps the record and the patient's
 * facts current with them (appointments changed, brushing sessions stored and the day's brushing
 * they make, alerts' steps and the care plan behind them, patients registered or changed, brushes
 * paired), then has the patient judged. An event lost or not stored here only waits for the sweep.
 *
 * <p>At most {@link #IN_FLIGHT} events are applied at once and {@link #WAITING} wait; past that an
 * event is shed (counted, and left to the sweep). Brushes can send faster than the CRM applies what
 * they send, and every event under way holds the rows it read: at 1,000 sessions per second on two
 * cores the events in flight held up to 260 MiB of the heap.
 */
public final class EventIntake {

  private static final Logger log = LoggerFactory.getLogger(EventIntake.class);

  static final int IN_FLIGHT = 256;
  static final int WAITING = 20_000;

  private final EventBus bus;
  private final Projections projections;
  private final Sources sources;
  private final Function<UUID, Future<Void>> judge;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong shed = new AtomicLong();
  private final Backlog backlog = new Backlog(IN_FLIGHT, WAITING);

  /** {@code judge} judges a patient whose facts an event changed. */
  public EventIntake(
      EventBus bus, Projections projections, Sources sources, Function<UUID, Future<Void>> judge) {
    this.bus = bus;
    this.projections = projections;
    this.sources = sources;
    this.judge = judge;
  }

  public Future<Void> start() {
    PatientCodecs.register(bus);
    AlertCodecs.register(bus);
    SharedCodecs.register(bus);
    consumers.add(
        bus.<AppointmentChanged>consumer(
            Addresses.APPOINTMENT_CHANGED,
            m -> apply("appointment change", () -> projections.appointmentChanged(m.body()))));
    consumers.add(bus.<SessionsStored>consumer(Addresses.SESSION_STORED, m -> sessions(m.body())));
    consumers.add(
        bus.<AlertChanged>consumer(
            Addresses.ALERT_CHANGED, m -> apply("alert step", () -> alertChanged(m.body()))));
    consumers.add(
        bus.<PatientChanged>consumer(
            Addresses.PATIENT_CHANGED,
            m -> apply("patient change", () -> patientChanged(m.body()))));
    consumers.add(
        bus.<DevicePaired>localConsumer(
            Addresses.DEVICE_PAIRED, m -> apply("pairing", () -> paired(m.body()))));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  public Future<Void> stop() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  /** Events applied and failed since start (failures wait for the sweep). */
  public long applied() {
    return applied.get();
  }

  public long failed() {
    return failed.get();
  }

  /** Events left to the sweep because too many were under way and waiting. */
  public long shed() {
    return shed.get();
  }

  private void sessions(SessionsStored event) {
    Map<UUID, List<StoredSession>> byAccount = new LinkedHashMap<>();
    for (StoredSession session : event.sessions()) {
      if (session.patientId() != null) { // a brush nobody owns yet: nobody's record
        byAccount.computeIfAbsent(session.patientId(), k -> new ArrayList<>()).add(session);
      }
    }
    byAccount.forEach((account, list) -> apply("session", () -> sessionsOf(account, list)));
  }

  /** The sessions in the timeline, then the days they fall on as device-ingest figures them now. */
  private Future<UUID> sessionsOf(UUID account, List<StoredSession> sessions) {
    TreeSet<LocalDate> days = new TreeSet<>();
    sessions.forEach(s -> days.add(s.placedAt().atZone(ZoneOffset.UTC).toLocalDate()));
    return Future.all(sessions.stream().map(s -> projections.sessionStored(account, s)).toList())
        .compose(
            all -> {
              UUID patientId = all.resultAt(0);
              return sources
                  .dailyBrushing(account, days.first(), days.last())
                  .compose(figures -> projections.brushingDays(patientId, figures))
                  .map(patientId);
            });
  }

  /**
   * The alert's step, and the care plan as it is now (a nurse's change of plan sends no event of
   * its own).
   */
  private Future<UUID> alertChanged(AlertChanged e) {
    return projections
        .alertChanged(e)
        .compose(
            patientId ->
                sources
                    .care(e.alert().patientId(), Set.of())
                    .compose(care -> projections.carePlan(patientId, care.carePlan()))
                    .map(patientId));
  }

  private Future<UUID> patientChanged(PatientChanged e) {
    AppProfile profile =
        new AppProfile(
            e.patientId(),
            e.email(),
            e.name(),
            e.phone(),
            e.timeZone(),
            e.change().equals(PatientChanged.REGISTERED) ? e.at() : null);
    boolean registered = e.change().equals(PatientChanged.REGISTERED);
    return projections.profile(profile, registered, registered ? null : e.at());
  }

  private Future<UUID> paired(DevicePaired event) {
    UUID account = event.patientId();
    LocalDate day = event.pairedAt().atZone(ZoneOffset.UTC).toLocalDate();
    return projections
        .known(account)
        .compose(patientId -> projections.brushPaired(patientId, day).map(patientId));
  }

  private void apply(String what, Supplier<Future<UUID>> step) {
    if (!backlog.offer(() -> applyNow(what, step))) {
      if (shed.incrementAndGet() % 1_000 == 1) {
        log.warn(
            "The CRM is behind its events: {} shed so far, this one a {} (the sweep will bring"
                + " them)",
            shed.get(),
            what);
      }
    }
  }

  private Future<Void> applyNow(String what, Supplier<Future<UUID>> step) {
    return Future.<Void>succeededFuture()
        .compose(v -> step.get()) // a step that throws fails like one that fails
        .compose(patientId -> patientId == null ? Future.succeededFuture() : judge.apply(patientId))
        .onSuccess(v -> applied.incrementAndGet())
        .onFailure(
            err -> {
              failed.incrementAndGet();
              log.warn(
                  "A {} is not in the CRM yet (the sweep will bring it): {}", what, err.toString());
            });
  }
}
