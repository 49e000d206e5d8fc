package io.careloop.reminders.kinds;

import io.careloop.patient.account.NotificationPreferences;
import io.careloop.patient.account.NotificationPreferencesRepository;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.AppointmentStatus;
import io.careloop.patient.booking.Appointments;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.reminders.schedule.QuietRule;
import io.careloop.reminders.schedule.Recipients;
import io.careloop.reminders.schedule.Reminder;
import io.careloop.reminders.schedule.ReminderConfig;
import io.careloop.reminders.schedule.ReminderPlanner;
import io.careloop.reminders.schedule.ReminderRepository;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recall: when a cleaning or check-up is completed, a reminder the patient's interval (3 to 24
 * months, default 6) later at the configured local time, and a second one two weeks after that;
 * both are sent only if nothing of the kind is booked by then, and a booking cancels them.
 */
public final class RecallReminders {

  private static final Logger log = LoggerFactory.getLogger(RecallReminders.class);
  public static final String CONDITION = "recall-not-booked";

  /** The data entry that says with which interval (months) a recall was planned. */
  static final String INTERVAL = "recallIntervalMonths";

  private final ReminderRepository reminders;
  private final Appointments appointments;
  private final ClinicCatalog catalog;
  private final Recipients recipients;
  private final ReminderConfig config;
  private final Clock clock;

  public RecallReminders(
      ReminderRepository reminders,
      Appointments appointments,
      ClinicCatalog catalog,
      Recipients recipients,
      ReminderConfig config,
      Clock clock) {
    this.reminders = reminders;
    this.appointments = appointments;
    this.catalog = catalog;
    this.recipients = recipients;
    this.config = config;
    this.clock = clock;
  }

  public static String subject(UUID patientId) {
    return "recall:" + patientId;
  }

  public void listen(NotificationPreferencesRepository preferences) {
    appointments.onChange(
        event ->
            onChange(event.change(), event.appointment())
                .onFailure(
                    err ->
                        log.warn(
                            "Recall of patient {} not updated now ({}); the repair sweep will",
                            event.appointment().patientId(),
                            err.toString())));
    preferences.onSaved(
        (patientId, saved) ->
            preferencesSaved(patientId, saved)
                .onFailure(
                    err ->
                        log.warn(
                            "Recall of patient {} not moved to the new interval now: {}",
                            patientId,
                            err.toString())));
  }

  private Future<Void> onChange(String change, Appointment a) {
    return isRecallService(a.serviceId())
        .compose(
            recall -> {
              if (!recall) {
                return Future.succeededFuture();
              }
              if (a.status() == AppointmentStatus.COMPLETED) {
                return planAfter(a);
              }
              if (a.status() == AppointmentStatus.BOOKED && a.start().isAfter(clock.instant())) {
                return reminders
                    .cancelPending(subject(a.patientId()), Set.of(), "booked")
                    .mapEmpty();
              }
              return Future.succeededFuture();
            });
  }

  Future<Boolean> isRecallService(UUID serviceId) {
    return catalog
        .service(serviceId)
        .map(
            s ->
                s.map(ClinicalService::name)
                    .map(n -> config.recallServices().contains(n.trim().toLowerCase(Locale.ROOT)))
                    .orElse(false));
  }

  /**
   * Plans the recall after a completed visit; the previous cycle's pending reminders are cancelled.
   */
  public Future<Void> planAfter(Appointment visit) {
    return planAfter(visit, "new-visit");
  }

  /**
   * The patient saved their preferences: a pending recall planned with another interval is planned
   * again from the same visit with this one (and the old one cancelled), so a patient who asks for
   * a recall every 3 months instead of 6 hears from us in 3.
   */
  public Future<Void> preferencesSaved(UUID patientId, NotificationPreferences saved) {
    String months = String.valueOf(saved.recallIntervalMonths());
    return reminders
        .keysOf(subject(patientId))
        .compose(keys -> Future.all(keys.stream().map(reminders::find).toList()))
        .compose(
            found -> {
              Optional<String> visitId =
                  found.<Optional<Reminder>>list().stream()
                      .flatMap(Optional::stream)
                      .filter(
                          r ->
                              r.state() == Reminder.State.PENDING
                                  && !months.equals(r.data().get(INTERVAL)))
                      .map(r -> r.data().get("visitAppointmentId"))
                      .filter(java.util.Objects::nonNull)
                      .findFirst();
              if (visitId.isEmpty()) {
                return Future.succeededFuture();
              }
              return appointments
                  .find(UUID.fromString(visitId.get()))
                  .compose(
                      visit ->
                          visit.isEmpty()
                              ? Future.succeededFuture()
                              : planAfter(visit.get(), "interval-changed"));
            });
  }

  private Future<Void> planAfter(Appointment visit, String cancelReason) {
    return recipients
        .find(visit.patientId())
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture();
              }
              Recipients.Recipient patient = found.get();
              ZoneId zone = patient.zone();
              LocalDate visitDay = visit.start().atZone(zone).toLocalDate();
              int months = patient.preferences().recallIntervalMonths();
              LocalDate firstDay = visitDay.plusMonths(months);
              LocalDate secondDay = firstDay.plusDays(config.recallFollowUp().toDays());
              Instant first =
                  ReminderPlanner.deliveryTime(
                      ReminderPlanner.localAt(firstDay, config.recallTime(), zone),
                      QuietRule.POSTPONE,
                      patient.preferences().quietHours(),
                      zone,
                      config.sameDayEarliest());
              Instant second =
                  ReminderPlanner.deliveryTime(
                      ReminderPlanner.localAt(secondDay, config.recallTime(), zone),
                      QuietRule.POSTPONE,
                      patient.preferences().quietHours(),
                      zone,
                      config.sameDayEarliest());
              // the interval is part of the key: planned again with another one, it is another
              // message
              String base = "recall:" + visit.patientId() + ":" + visitDay + ":" + months + "m:";
              Map<String, String> data =
                  Map.of(
                      "visitAppointmentId",
                      visit.id().toString(),
                      "clinicId",
                      visit.clinicId().toString(),
                      INTERVAL,
                      String.valueOf(months));
              List<Reminder> planned = new ArrayList<>();
              planned.add(
                  Reminder.planned(
                      base + "1",
                      visit.patientId(),
                      "recall",
                      subject(visit.patientId()),
                      first,
                      second,
                      QuietRule.POSTPONE,
                      CONDITION,
                      "Time for your check-up",
                      "It has been "
                          + months
                          + " months since your last visit: book your next cleaning or check-up.",
                      LocalTimeReminders.withLocalDue(data, firstDay.atTime(config.recallTime()))));
              planned.add(
                  Reminder.planned(
                      base + "2",
                      visit.patientId(),
                      "recall",
                      subject(visit.patientId()),
                      second,
                      second.plus(java.time.Duration.ofDays(30)),
                      QuietRule.POSTPONE,
                      CONDITION,
                      "Your check-up is due",
                      "A friendly reminder: your cleaning or check-up is due. Book a time that suits you.",
                      LocalTimeReminders.withLocalDue(
                          data, secondDay.atTime(config.recallTime()))));
              Set<String> keys = Set.of(base + "1", base + "2");
              return reminders
                  .cancelPending(subject(visit.patientId()), keys, cancelReason)
                  .compose(n -> Future.all(planned.stream().map(reminders::plan).toList()))
                  .mapEmpty();
            });
  }

  /** At send time: dropped when a cleaning or check-up is booked (or under way) from now on. */
  public Future<Optional<String>> dropReason(Reminder reminder, Instant now) {
    return appointments
        .ofPatient(reminder.patientId())
        .compose(
            list -> {
              List<Future<Boolean>> checks =
                  list.stream()
                      .filter(a -> a.status().isActive() && a.end().isAfter(now))
                      .map(a -> isRecallService(a.serviceId()))
                      .toList();
              return Future.all(checks)
                  .map(
                      done ->
                          checks.stream().anyMatch(Future::result)
                              ? Optional.of("booked")
                              : Optional.<String>empty());
            });
  }

  /**
   * Repair: yesterday's and today's completed recall visits at every clinic get their recall
   * planned.
   */
  public Future<Void> repair(Instant now) {
    return ClinicDays.walk(
            catalog,
            appointments,
            now,
            clinic -> Future.succeededFuture(new ClinicDays.Span(-1, 0)),
            list ->
                Future.all(
                        list.stream()
                            .filter(a -> a.status() == AppointmentStatus.COMPLETED)
                            .map(
                                a ->
                                    isRecallService(a.serviceId())
                                        .compose(r -> r ? planAfter(a) : Future.succeededFuture()))
                            .toList())
                    .map(x -> 0))
        .mapEmpty();
  }
}
