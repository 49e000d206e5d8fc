package io.careloop.reminders.kinds;

import io.careloop.patient.access.AccessNeeds;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.AppointmentStatus;
import io.careloop.patient.booking.Appointments;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.platform.http.Problem;
import io.careloop.reminders.schedule.Recipients;
import io.careloop.reminders.schedule.Reminder;
import io.careloop.reminders.schedule.ReminderConfig;
import io.careloop.reminders.schedule.ReminderPlanner;
import io.careloop.reminders.schedule.ReminderRepository;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
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
 * Appointment reminders: planned when an appointment is booked, moved when it is rescheduled (the
 * old ones cancelled, new ones planned for the new time), removed when it is cancelled or no longer
 * ahead. Driven by the appointment-changed events and, because those are fire and forget, by a
 * repair sweep over the next days' appointments of every clinic. Both go through {@link
 * #reconcile}, which is idempotent and skips an appointment already planned at its version. The
 * words follow the patient's communication needs ({@link AppointmentTexts}).
 */
public final class AppointmentReminders {

  private static final Logger log = LoggerFactory.getLogger(AppointmentReminders.class);
  static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEEE d MMMM 'at' HH:mm", Locale.ENGLISH);

  private final ReminderRepository reminders;
  private final ReminderSettingsRepository settings;
  private final ReminderPlanRepository plans;
  private final Appointments appointments;
  private final ClinicCatalog catalog;
  private final Recipients recipients;
  private final ReminderConfig config;
  private final Clock clock;
  private final AppointmentTexts texts = AppointmentTexts.load();

  public AppointmentReminders(
      ReminderRepository reminders,
      ReminderSettingsRepository settings,
      ReminderPlanRepository plans,
      Appointments appointments,
      ClinicCatalog catalog,
      Recipients recipients,
      ReminderConfig config,
      Clock clock) {
    this.reminders = reminders;
    this.settings = settings;
    this.plans = plans;
    this.appointments = appointments;
    this.catalog = catalog;
    this.recipients = recipients;
    this.config = config;
    this.clock = clock;
  }

  /** Follows the appointment-changed events of this process. */
  public void listen() {
    appointments.onChange(
        event ->
            reconcile(event.appointment())
                .onFailure(
                    err ->
                        log.warn(
                            "Reminders of appointment {} not planned now ({}); the repair sweep will",
                            event.appointment().id(),
                            err.toString())));
  }

  public static String subject(UUID appointmentId) {
    return "appointment:" + appointmentId;
  }

  /** The clinic's offsets, or the configured defaults. */
  public Future<List<Duration>> offsetsOf(UUID clinicId) {
    return settings.offsetsOf(clinicId).map(offsets -> offsets.orElse(config.appointmentOffsets()));
  }

  /** Sets a clinic's offsets (minutes before the start, 1 to 5 of them, each 15 min to 30 days). */
  public Future<List<Duration>> setOffsets(UUID clinicId, List<Integer> minutes) {
    if (minutes == null
        || minutes.isEmpty()
        || minutes.size() > 5
        || new HashSet<>(minutes).size() != minutes.size()
        || minutes.stream().anyMatch(m -> m == null || m < 15 || m > 30 * 24 * 60)) {
      return Future.failedFuture(
          Problem.validation(
              "appointmentOffsetsMinutes must be 1 to 5 different values from 15 to 43200 minutes"));
    }
    List<Duration> sorted =
        minutes.stream()
            .sorted(java.util.Comparator.reverseOrder())
            .map(m -> Duration.ofMinutes(m))
            .toList();
    return catalog
        .requireClinic(clinicId)
        .compose(c -> settings.save(clinicId, sorted, clock.instant()))
        .map(sorted);
  }

  /**
   * Brings the appointment's reminders in line with it: the ones it needs now planned, every other
   * pending one cancelled. Skipped when it was already planned at this version with the clinic's
   * current offsets.
   */
  public Future<Void> reconcile(Appointment appointment) {
    Future<Optional<ReminderPlanRepository.Plan>> plan = plans.find(appointment.id());
    Future<List<Duration>> offsets = offsetsOf(appointment.clinicId());
    Future<AccessNeeds> needs = recipients.needsOf(appointment.patientId());
    return Future.all(plan, offsets, needs)
        .compose(
            done -> {
              String fingerprint = fingerprint(offsets.result(), needs.result());
              if (plan.result().isPresent()
                  && plan.result().get().version() >= appointment.version()
                  && fingerprint.equals(plan.result().get().offsets())) {
                return Future.succeededFuture();
              }
              return desired(appointment, offsets.result(), needs.result())
                  .compose(
                      wanted -> {
                        Set<String> keys = new HashSet<>();
                        wanted.forEach(r -> keys.add(r.key()));
                        String reason =
                            appointment.status() == AppointmentStatus.BOOKED
                                ? "replanned"
                                : appointment.status().json();
                        return reminders
                            .cancelPending(subject(appointment.id()), keys, reason)
                            .compose(
                                n -> Future.all(wanted.stream().map(reminders::plan).toList()));
                      })
                  .compose(
                      v ->
                          plans.save(
                              new ReminderPlanRepository.Plan(
                                  appointment.id(), appointment.version(), fingerprint),
                              clock.instant()));
            });
  }

  /**
   * What the plan was made for: the clinic's offsets and, when the patient's needs call for other
   * words, their variant (so that the repair sweep replans reminders after the needs change).
   */
  private static String fingerprint(List<Duration> offsets, AccessNeeds needs) {
    String minutes =
        String.join(",", offsets.stream().map(d -> String.valueOf(d.toMinutes())).toList());
    String variant = AppointmentTexts.variant(needs);
    return variant.isEmpty() ? minutes : minutes + "|" + variant;
  }

  private Future<List<Reminder>> desired(
      Appointment a, List<Duration> offsetList, AccessNeeds needsNow) {
    Instant now = clock.instant();
    if (a.status() != AppointmentStatus.BOOKED || !a.start().isAfter(now)) {
      return Future.succeededFuture(List.of());
    }
    Future<List<Duration>> offsets = Future.succeededFuture(offsetList);
    Future<Optional<Recipients.Recipient>> who = recipients.find(a.patientId());
    Future<Optional<Clinic>> clinic = catalog.clinic(a.clinicId());
    Future<Optional<ClinicalService>> service = catalog.service(a.serviceId());
    Future<AccessNeeds> needs = Future.succeededFuture(needsNow);
    return Future.all(offsets, who, clinic, service, needs)
        .map(
            done -> {
              if (who.result().isEmpty()) {
                return List.<Reminder>of();
              }
              Recipients.Recipient patient = who.result().get();
              AppointmentTexts.Text text =
                  texts.of(visit(a, clinic.result(), service.result()), needs.result());
              List<Reminder> planned = new ArrayList<>();
              for (ReminderPlanner.AppointmentSlot slot :
                  ReminderPlanner.appointmentReminders(
                      a.start(),
                      a.zone(),
                      offsets.result(),
                      patient.zone(),
                      patient.preferences().quietHours(),
                      config.sameDayEarliest(),
                      now)) {
                // other words are another reminder: a change of needs cancels the pending ones
                String variant = AppointmentTexts.variant(needs.result());
                String key =
                    "appointment:"
                        + a.id()
                        + ":"
                        + slot.label()
                        + ":"
                        + a.start().getEpochSecond()
                        + (variant.isEmpty() ? "" : ":" + variant);
                planned.add(
                    Reminder.planned(
                        key,
                        a.patientId(),
                        "appointment",
                        subject(a.id()),
                        slot.dueAt(),
                        slot.usefulUntil(),
                        slot.quietRule(),
                        "none",
                        text.title(),
                        text.body(),
                        Map.of(
                            "appointmentId",
                            a.id().toString(),
                            "start",
                            Appointment.rfc3339(a.start(), a.zone()),
                            "clinicId",
                            a.clinicId().toString())));
              }
              return planned;
            });
  }

  private static AppointmentTexts.Visit visit(
      Appointment a, Optional<Clinic> clinic, Optional<ClinicalService> service) {
    return new AppointmentTexts.Visit(
        service.map(ClinicalService::name).orElse("appointment"),
        clinic.map(Clinic::name).orElse("the clinic"),
        clinic.map(Clinic::address).orElse(""),
        WHEN.format(a.start().atZone(a.zone())));
  }

  /**
   * The repair sweep: every clinic's appointments from today to the longest offset ahead (in the
   * clinic's calendar) reconciled, so that a lost event costs at most one repair interval.
   */
  public Future<Integer> repair(Instant now) {
    long days =
        config.appointmentOffsets().stream().mapToLong(Duration::toDays).max().orElse(0) + 1;
    return ClinicDays.walk(
        catalog,
        appointments,
        now,
        clinic ->
            offsetsOf(clinic.id())
                .map(
                    offsets ->
                        new ClinicDays.Span(
                            0,
                            Math.max(
                                days,
                                offsets.stream().mapToLong(Duration::toDays).max().orElse(0) + 1))),
        list -> Future.all(list.stream().map(this::reconcile).toList()).map(x -> list.size()));
  }
}
