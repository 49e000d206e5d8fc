package io.careloop.crm.projection;

import io.careloop.alerts.bus.AlertChanged;
import io.careloop.alerts.bus.AlertState;
import io.careloop.crm.model.facts.AlertSeverity;
import io.careloop.crm.model.facts.Channel;
import io.careloop.crm.model.facts.VisitStatus;
import io.careloop.crm.patient.AppProfile;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.projection.OpenAlertRepository.OpenAlert;
import io.careloop.crm.sheet.FactRow;
import io.careloop.crm.sheet.SheetRepository;
import io.careloop.crm.timeline.Timeline;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.platform.bus.PatientDailyBrushing;
import io.careloop.platform.bus.StoredSession;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the CRM keeps of the other modules' facts: each fact, heard as an event or read again by the
 * sweep, is written (to the record's tables and the patient's sheet) so that hearing it twice, late
 * or out of order changes nothing more. Each answers the patient it was about, to be judged.
 */
public final class Projections {

  private final Patients patients;
  private final Timeline timeline;
  private final AppointmentProjectionRepository appointments;
  private final OpenAlertRepository openAlerts;
  private final SheetRepository sheets;
  private final ServiceNames services;
  private final Map<UUID, String> serviceNames = new ConcurrentHashMap<>();

  public Projections(
      Patients patients,
      Timeline timeline,
      AppointmentProjectionRepository appointments,
      OpenAlertRepository openAlerts,
      SheetRepository sheets,
      ServiceNames services) {
    this.patients = patients;
    this.timeline = timeline;
    this.appointments = appointments;
    this.openAlerts = openAlerts;
    this.sheets = sheets;
    this.services = services;
  }

  /**
   * A booking, reschedule, cancel or visit status: the appointment, its fact, its timeline entry,
   * the patient's clinic; none (null) for a visit cancelled by an erasure.
   */
  public Future<UUID> appointmentChanged(AppointmentChanged e) {
    if (e
        .patientErased()) { // under the erasure's pseudonym: the CRM's record of them is going, not
      // coming
      return Future.succeededFuture();
    }
    Appointment a = e.appointment();
    return Future.all(patients.known(a.patientId()), serviceOf(a.serviceId()))
        .compose(
            both -> {
              UUID patientId = both.resultAt(0);
              return Future.all(
                      appointments.save(patientId, a),
                      sheets.saveAt(patientId, fact(a, both.resultAt(1)), a.version()),
                      timeline.record(Entries.appointment(patientId, e)),
                      patients.addClinic(patientId, a.clinicId()))
                  .map(patientId);
            });
  }

  /** The patient an app account is, known to the CRM from now on. */
  public Future<UUID> known(UUID accountId) {
    return patients.known(accountId);
  }

  /**
   * A brushing session of an app account (nurses see it in the timeline and the brushing summary).
   */
  public Future<UUID> sessionStored(UUID accountId, StoredSession session) {
    return patients
        .known(accountId)
        .compose(patientId -> timeline.record(Entries.session(patientId, session)).map(patientId));
  }

  /**
   * Days of brushing as device-ingest figures them ({@code DAILY_BRUSHING}, UTC days): those with
   * brushing.
   */
  public Future<Void> brushingDays(UUID patientId, List<PatientDailyBrushing.Day> days) {
    return Future.all(
            days.stream()
                .filter(d -> d.sessions() > 0)
                .map(
                    d ->
                        sheets.saveExpiring(
                            patientId,
                            FactRow.brushingDay(
                                d.date(), d.score(), d.sessions(), d.worstPlaqueIndex()),
                            SheetRepository.BRUSHING_DAY_TTL_SECONDS))
                .toList())
        .mapEmpty();
  }

  /**
   * The day a brush was paired to the patient: days after it without brushing count as days
   * without.
   */
  public Future<Void> brushPaired(UUID patientId, LocalDate pairedOn) {
    return sheets.save(patientId, FactRow.brush(pairedOn));
  }

  /** A step of an alert: the timeline entry, and whether it is still open. */
  public Future<UUID> alertChanged(AlertChanged e) {
    AlertState a = e.alert();
    return patients
        .known(a.patientId())
        .compose(
            patientId -> {
              long at = SheetRepository.micros(e.at());
              boolean resolved = e.change().equals(AlertChanged.RESOLVED);
              Future<Void> open =
                  resolved
                      ? openAlerts.resolved(patientId, a.alertId(), e.at())
                      : openAlerts.open(
                          patientId, new OpenAlert(a.alertId(), a.severity(), a.title()), e.at());
              Future<Void> fact =
                  resolved
                      ? sheets.deleteAt(patientId, FactRow.ALERT, a.alertId().toString(), at)
                      : sheets.saveAt(
                          patientId,
                          FactRow.alert(a.alertId(), a.ruleId(), severity(a), a.openedAt()),
                          at);
              return Future.all(open, fact, timeline.record(Entries.alert(patientId, e)))
                  .map(patientId);
            });
  }

  /** Every step an alert has taken by now, as its state tells (the sweep's reading again). */
  public Future<Void> alertState(AlertState a) {
    List<Future<UUID>> steps = new ArrayList<>();
    steps.add(alertChanged(new AlertChanged(AlertChanged.OPENED, a)));
    a.acknowledgedAt()
        .ifPresent(at -> steps.add(alertChanged(new AlertChanged(AlertChanged.ACKNOWLEDGED, a))));
    a.resolvedAt()
        .ifPresent(at -> steps.add(alertChanged(new AlertChanged(AlertChanged.RESOLVED, a))));
    return Future.all(steps).mapEmpty();
  }

  /**
   * The care plan as alerts has it now ({@code plan}, {@code startsAt}, {@code endsAt}), or none.
   */
  public Future<Void> carePlan(UUID patientId, Optional<JsonObject> plan) {
    return plan.map(
            p ->
                sheets.save(
                    patientId,
                    FactRow.carePlan(
                        p.getString("plan"),
                        Instant.parse(p.getString("startsAt")),
                        Instant.parse(p.getString("endsAt")))))
        .orElseGet(() -> sheets.delete(patientId, FactRow.CARE_PLAN, ""));
  }

  /**
   * A patient's app profile read again by the sweep: stored as {@link #profile} does (the address
   * claimed, the row written, listed and re-indexed, the registration in the timeline) if the
   * patient's row does not hold it yet or {@code repair}; otherwise nothing is written.
   */
  public Future<Void> profileAgain(AppProfile p, boolean repair) {
    return (repair ? Future.succeededFuture(false) : patients.holds(p))
        .compose(held -> held ? Future.<Void>succeededFuture() : profile(p, true, null).mapEmpty());
  }

  /**
   * A patient registered in the app, or changed their profile there ({@code at} of the change; null
   * when read again).
   */
  public Future<UUID> profile(AppProfile p, boolean registered, Instant changedAt) {
    return patients
        .appProfile(p)
        .compose(
            patientId -> {
              if (registered && p.registeredAt() != null) {
                return timeline.record(Entries.registered(patientId, p)).map(patientId);
              }
              return (changedAt == null
                      ? Future.<Void>succeededFuture()
                      : timeline.record(Entries.profileChanged(patientId, p, changedAt)))
                  .map(patientId);
            });
  }

  /**
   * An app appointment as a fact: a visit completed before its planned start (checked in early)
   * took place when it was completed; the app's bookings carry no price.
   */
  static FactRow fact(Appointment a, String service) {
    VisitStatus status =
        switch (a.status()) {
          case COMPLETED -> VisitStatus.COMPLETED;
          case NO_SHOW -> VisitStatus.NO_SHOW;
          case CANCELLED -> VisitStatus.CANCELLED;
          default -> VisitStatus.BOOKED;
        };
    Instant at =
        status == VisitStatus.COMPLETED && a.updatedAt().isBefore(a.start())
            ? a.updatedAt()
            : a.start();
    return FactRow.appointment(
        FactRow.APPOINTMENT, a.id().toString(), at, status, service, 0, Channel.APP, a.bookedAt());
  }

  /**
   * An imported visit as a fact: at noon UTC of its day, booked then unless the system said how.
   */
  public static FactRow fact(Visit v) {
    Instant at = Entries.middayOf(v.day());
    Channel via =
        Optional.ofNullable(v.channel()).flatMap(Channel::fromJson).orElse(Channel.IMPORT);
    return FactRow.appointment(
        FactRow.VISIT,
        v.key(),
        at,
        VisitStatus.fromJson(v.status()).orElseThrow(),
        serviceKey(v.service()),
        v.price() == null ? 0 : v.price().doubleValue(),
        via,
        at);
  }

  /**
   * Services are named in rules as the catalogue or the practice system names them, in lower case.
   */
  static String serviceKey(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  private Future<String> serviceOf(UUID serviceId) {
    String known = serviceNames.get(serviceId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return services
        .name(serviceId)
        .map(
            name -> {
              String key = name.map(Projections::serviceKey).orElse("service:" + serviceId);
              name.ifPresent(n -> serviceNames.put(serviceId, key));
              return key;
            });
  }

  private static AlertSeverity severity(AlertState a) {
    return AlertSeverity.fromJson(a.severity()).orElse(AlertSeverity.MEDIUM);
  }
}
