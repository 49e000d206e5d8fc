package io.careloop.crm.bus;

import io.careloop.alerts.bus.AlertChanged;
import io.careloop.alerts.bus.AlertCodecs;
import io.careloop.crm.patient.AppProfile;
import io.careloop.crm.projection.Projections;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.patient.bus.PatientChanged;
import io.careloop.patient.bus.PatientCodecs;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.SharedJsonCodec;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the other modules' events, from this process or another, and keeps the record current
 * with them: appointments changed, brushing sessions stored, alerts' steps, patients registered or
 * changed. An event lost or not stored here only waits for the sweep.
 */
public final class EventIntake {

  private static final Logger log = LoggerFactory.getLogger(EventIntake.class);

  private final EventBus bus;
  private final Projections projections;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public EventIntake(EventBus bus, Projections projections) {
    this.bus = bus;
    this.projections = projections;
  }

  public Future<Void> start() {
    PatientCodecs.register(bus);
    AlertCodecs.register(bus);
    SharedJsonCodec.registerOn(bus);
    consumers.add(bus.<JsonObject>consumer(Addresses.APPOINTMENT_CHANGED, m -> apply("appointment change",
        () -> projections.appointmentChanged(AppointmentChanged.fromJson(m.body())))));
    consumers.add(bus.<JsonObject>consumer(Addresses.SESSION_STORED, m -> sessions(m.body())));
    consumers.add(bus.<AlertChanged>consumer(Addresses.ALERT_CHANGED, m -> apply("alert step",
        () -> projections.alertChanged(m.body()))));
    consumers.add(bus.<PatientChanged>consumer(Addresses.PATIENT_CHANGED, m -> apply("patient change",
        () -> patientChanged(m.body()))));
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

  private void sessions(JsonObject event) {
    JsonArray sessions = event.getJsonArray("sessions", new JsonArray());
    for (int i = 0; i < sessions.size(); i++) {
      JsonObject session = sessions.getJsonObject(i);
      String patient = session.getString("patientId");
      if (patient != null) { // a brush nobody owns yet: nobody's record
        apply("session", () -> projections.sessionStored(UUID.fromString(patient), session));
      }
    }
  }

  private Future<Void> patientChanged(PatientChanged e) {
    AppProfile profile = new AppProfile(e.patientId(), e.email(), e.name(), e.phone(), e.timeZone(),
        e.change().equals(PatientChanged.REGISTERED) ? e.at() : null);
    boolean registered = e.change().equals(PatientChanged.REGISTERED);
    return projections.profile(profile, registered, registered ? null : e.at());
  }

  private void apply(String what, Supplier<Future<Void>> step) {
    Future<Void> done;
    try {
      done = step.get();
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onSuccess(v -> applied.incrementAndGet()).onFailure(err -> {
      failed.incrementAndGet();
      log.warn("A {} is not in the CRM yet (the sweep will bring it): {}", what, err.toString());
    });
  }
}
