package io.careloop.patient.booking;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What other patient-api code (reminders, for one) may know about appointments, without touching
 * their tables or the booking rules. Changes are announced on the local event bus after they are
 * stored; the event is a shortcut, the tables are the truth, so a consumer that must not miss one
 * also sweeps {@link #atClinicOn} for the days it cares about.
 */
public interface Appointments {

  /** The appointment, whoever it belongs to; empty when there is none. */
  Future<Optional<Appointment>> find(UUID appointmentId);

  /** The patient's appointments (any status), by start. */
  Future<List<Appointment>> ofPatient(UUID patientId);

  /** Every appointment (any status) at the clinic on that local day. */
  Future<List<Appointment>> atClinicOn(UUID clinicId, LocalDate day);

  /**
   * Calls {@code handler} on this process's event-loop for every change from now on. Unregister the
   * returned consumer to stop.
   */
  MessageConsumer<AppointmentChanged> onChange(Handler<AppointmentChanged> handler);

  /**
   * One stored change.
   *
   * @param change booked, rescheduled, cancelled, checked_in, completed or no_show
   * @param previous the appointment before a reschedule
   * @param patientErased the change is the erasure of the patient's account (a coming visit
   *     cancelled, under the erasure's pseudonym): nobody's record follows it
   */
  record AppointmentChanged(
      String change,
      Appointment appointment,
      Optional<Appointment> previous,
      boolean patientErased) {

    public AppointmentChanged(
        String change, Appointment appointment, Optional<Appointment> previous) {
      this(change, appointment, previous, false);
    }

    public JsonObject toJson() {
      JsonObject json =
          new JsonObject().put("change", change).put("appointment", appointment.toJson());
      previous.ifPresent(p -> json.put("previous", p.toJson()));
      return patientErased ? json.put("patientErased", true) : json;
    }

    public static AppointmentChanged fromJson(JsonObject json) {
      return new AppointmentChanged(
          json.getString("change"),
          Appointment.fromJson(json.getJsonObject("appointment")),
          Optional.ofNullable(json.getJsonObject("previous")).map(Appointment::fromJson),
          json.getBoolean("patientErased", false));
    }
  }
}
