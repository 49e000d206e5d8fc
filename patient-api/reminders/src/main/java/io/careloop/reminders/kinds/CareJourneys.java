package io.careloop.reminders.kinds;

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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Care journeys as data: a journey says on which appointment event (trigger), for which service (or
 * any), how many days later at what local time, under which condition, which message to send.
 * Admins add them over the API; no code changes. Seeded with one: seven days after a cleaning, an
 * oral-care article.
 */
public final class CareJourneys {

  private static final Logger log = LoggerFactory.getLogger(CareJourneys.class);
  public static final String NO_UPCOMING = "no-upcoming-appointment";

  /** How long after its time a journey message is still worth sending. */
  static final Duration USEFUL_FOR = Duration.ofDays(3);

  private final CareJourneyRepository journeys;
  private final ReminderRepository reminders;
  private final Appointments appointments;
  private final ClinicCatalog catalog;
  private final Recipients recipients;
  private final ReminderConfig config;
  private final Clock clock;

  public CareJourneys(
      CareJourneyRepository journeys,
      ReminderRepository reminders,
      Appointments appointments,
      ClinicCatalog catalog,
      Recipients recipients,
      ReminderConfig config,
      Clock clock) {
    this.journeys = journeys;
    this.reminders = reminders;
    this.appointments = appointments;
    this.catalog = catalog;
    this.recipients = recipients;
    this.config = config;
    this.clock = clock;
  }

  /** What a patient's journey messages are filed under. */
  public static String subject(UUID patientId) {
    return "journey:" + patientId;
  }

  public Future<CareJourney> add(CareJourney j) {
    return journeys.add(j, clock.instant()).map(j);
  }

  public Future<List<CareJourney>> all() {
    List<Future<List<CareJourney>>> reads =
        CareJourney.TRIGGERS.stream().sorted().map(this::of).toList();
    return Future.all(reads).map(done -> reads.stream().flatMap(f -> f.result().stream()).toList());
  }

  /**
   * Stops a journey: it plans nothing more (what it planned is still sent). A journey replaced by a
   * CRM campaign is retired when the campaign is approved, so nobody gets both. Again, or for a
   * journey that is not there, changes nothing.
   */
  public Future<Boolean> retire(UUID journeyId) {
    return all()
        .compose(
            list ->
                list.stream()
                    .filter(j -> j.id().equals(journeyId))
                    .findFirst()
                    .map(j -> journeys.retire(j.trigger(), j.id()))
                    .orElse(Future.succeededFuture(false)));
  }

  public Future<List<CareJourney>> of(String trigger) {
    return journeys.byTrigger(trigger);
  }

  public void listen() {
    appointments.onChange(
        event ->
            onEvent("appointment." + event.change(), event.appointment())
                .onFailure(
                    err ->
                        log.warn(
                            "Care journeys of appointment {} not planned: {}",
                            event.appointment().id(),
                            err.toString())));
  }

  /** Plans the messages of every active journey this event of this appointment starts. */
  public Future<Void> onEvent(String trigger, Appointment a) {
    Future<List<CareJourney>> started = of(trigger);
    Future<Optional<ClinicalService>> service = catalog.service(a.serviceId());
    Future<Optional<Recipients.Recipient>> who = recipients.find(a.patientId());
    return Future.all(started, service, who)
        .compose(
            done -> {
              if (who.result().isEmpty()) {
                return Future.succeededFuture();
              }
              String serviceName =
                  service.result().map(s -> s.name().trim().toLowerCase(Locale.ROOT)).orElse("");
              Recipients.Recipient patient = who.result().get();
              List<Future<Boolean>> plans = new ArrayList<>();
              for (CareJourney j : started.result()) {
                if (!j.active()
                    || (j.serviceName() != null && !j.serviceName().equals(serviceName))) {
                  continue;
                }
                LocalDate day =
                    a.start().atZone(patient.zone()).toLocalDate().plusDays(j.delayDays());
                Instant due =
                    ReminderPlanner.deliveryTime(
                        ReminderPlanner.localAt(day, j.localTime(), patient.zone()),
                        QuietRule.POSTPONE,
                        patient.preferences().quietHours(),
                        patient.zone(),
                        config.sameDayEarliest());
                if (due.isBefore(clock.instant())) {
                  continue;
                }
                Map<String, String> data =
                    LocalTimeReminders.withLocalDue(j.data(), day.atTime(j.localTime()));
                data.put("journeyId", j.id().toString());
                data.put("appointmentId", a.id().toString());
                plans.add(
                    reminders.plan(
                        Reminder.planned(
                            "journey:" + j.id() + ":" + a.id(),
                            a.patientId(),
                            "care_tip",
                            subject(a.patientId()),
                            due,
                            due.plus(USEFUL_FOR),
                            QuietRule.POSTPONE,
                            j.condition(),
                            j.title(),
                            j.body(),
                            data)));
              }
              return Future.all(plans).mapEmpty();
            });
  }

  /**
   * The repair pass: appointment events are fire and forget, so the journeys of every appointment
   * whose journey day may still lie ahead (from the longest active delay ago to today, in every
   * clinic) are planned again from what is stored: its booking, and its current status as the event
   * that led there. Planning is idempotent by key, so what the events planned stays as it is. A
   * reschedule leaves nothing in the stored appointment to tell it by: those journeys are planned
   * by the event only.
   */
  public Future<Integer> repair(Instant now) {
    return all()
        .compose(
            all -> {
              Set<String> triggers = new HashSet<>();
              int longest = -1;
              for (CareJourney j : all) {
                if (j.active()) {
                  triggers.add(j.trigger());
                  longest = Math.max(longest, j.delayDays());
                }
              }
              if (longest < 0) {
                return Future.succeededFuture(0);
              }
              int back = longest;
              return ClinicDays.walk(
                  catalog,
                  appointments,
                  now,
                  clinic -> Future.succeededFuture(new ClinicDays.Span(-back, 0)),
                  list -> {
                    List<Future<Void>> planned = new ArrayList<>();
                    for (Appointment a : list) {
                      for (String trigger :
                          List.of("appointment.booked", "appointment." + a.status().json())) {
                        if (triggers.contains(trigger) && a.status() != AppointmentStatus.PENDING) {
                          planned.add(onEvent(trigger, a));
                        }
                      }
                    }
                    return Future.all(planned).map(x -> planned.size());
                  });
            });
  }

  /** At send time, for journeys that want no upcoming appointment. */
  public Future<Optional<String>> noUpcomingAppointment(Reminder reminder, Instant now) {
    return appointments
        .ofPatient(reminder.patientId())
        .map(
            list ->
                list.stream().anyMatch(a -> a.status().isActive() && a.start().isAfter(now))
                    ? Optional.of("appointment-booked")
                    : Optional.<String>empty());
  }
}
