package io.careloop.crm.projection;

import io.careloop.alerts.bus.AlertChanged;
import io.careloop.alerts.bus.AlertState;
import io.careloop.crm.patient.AppProfile;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.projection.OpenAlertRepository.OpenAlert;
import io.careloop.crm.timeline.Timeline;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the CRM keeps of the other modules' facts: each fact, heard as an event or read again by
 * the sweep, is written so that hearing it twice, late or out of order changes nothing more.
 */
public final class Projections {

  private final Patients patients;
  private final Timeline timeline;
  private final AppointmentProjectionRepository appointments;
  private final OpenAlertRepository openAlerts;

  public Projections(Patients patients, Timeline timeline, AppointmentProjectionRepository appointments,
                     OpenAlertRepository openAlerts) {
    this.patients = patients;
    this.timeline = timeline;
    this.appointments = appointments;
    this.openAlerts = openAlerts;
  }

  /** A booking, reschedule, cancel or visit status: the appointment, its timeline entry, the patient's clinic. */
  public Future<Void> appointmentChanged(AppointmentChanged e) {
    if (e.patientErased()) { // under the erasure's pseudonym: the CRM's record of them is going, not coming
      return Future.succeededFuture();
    }
    Appointment a = e.appointment();
    return patients.known(a.patientId()).compose(patientId -> Future.all(
        appointments.save(patientId, a),
        timeline.record(Entries.appointment(patientId, e)),
        patients.addClinic(patientId, a.clinicId())).mapEmpty());
  }

  /** A brushing session of an app account (nurses see it in the timeline and the brushing summary). */
  public Future<Void> sessionStored(UUID accountId, JsonObject session) {
    return patients.known(accountId).compose(patientId -> timeline.record(Entries.session(patientId, session)));
  }

  /** A step of an alert: the timeline entry, and whether it is still open. */
  public Future<Void> alertChanged(AlertChanged e) {
    AlertState a = e.alert();
    return patients.known(a.patientId()).compose(patientId -> {
      Future<Void> open = e.change().equals(AlertChanged.RESOLVED)
          ? openAlerts.resolved(patientId, a.alertId(), e.at())
          : openAlerts.open(patientId, new OpenAlert(a.alertId(), a.severity(), a.title()), e.at());
      return Future.all(open, timeline.record(Entries.alert(patientId, e))).mapEmpty();
    });
  }

  /** Every step an alert has taken by now, as its state tells (the sweep's reading again). */
  public Future<Void> alertState(AlertState a) {
    List<Future<Void>> steps = new ArrayList<>();
    steps.add(alertChanged(new AlertChanged(AlertChanged.OPENED, a)));
    a.acknowledgedAt().ifPresent(at -> steps.add(alertChanged(new AlertChanged(AlertChanged.ACKNOWLEDGED, a))));
    a.resolvedAt().ifPresent(at -> steps.add(alertChanged(new AlertChanged(AlertChanged.RESOLVED, a))));
    return Future.all(steps).mapEmpty();
  }

  /** A patient registered in the app, or changed their profile there ({@code at} of the change; null when read again). */
  public Future<Void> profile(AppProfile p, boolean registered, Instant changedAt) {
    return patients.appProfile(p).compose(patientId -> {
      if (registered && p.registeredAt() != null) {
        return timeline.record(Entries.registered(patientId, p));
      }
      return changedAt == null ? Future.succeededFuture() : timeline.record(Entries.profileChanged(patientId, p, changedAt));
    });
  }
}
