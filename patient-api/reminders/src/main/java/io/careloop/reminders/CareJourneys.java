package io.careloop.reminders;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.AppointmentStatus;
import io.careloop.patient.booking.Appointments;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.platform.cassandra.Cql;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Care journeys as data: a journey says on which appointment event (trigger), for which service
 * (or any), how many days later at what local time, under which condition, which message to send.
 * Admins add them over the API; no code changes. Seeded with one: seven days after a cleaning,
 * an oral-care article.
 */
public final class CareJourneys {

  private static final Logger log = LoggerFactory.getLogger(CareJourneys.class);
  public static final Set<String> TRIGGERS = Set.of("appointment.booked", "appointment.rescheduled",
      "appointment.cancelled", "appointment.checked_in", "appointment.completed", "appointment.no_show");
  public static final String NO_UPCOMING = "no-upcoming-appointment";
  public static final Set<String> CONDITIONS = Set.of("none", NO_UPCOMING);
  /** How long after its time a journey message is still worth sending. */
  static final Duration USEFUL_FOR = Duration.ofDays(3);

  /** One journey. */
  public record Journey(UUID id, String name, String trigger, String serviceName, int delayDays, LocalTime localTime,
                        String condition, String title, String body, Map<String, String> data, boolean active) {

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("id", id.toString()).put("name", name).put("trigger", trigger)
          .put("delayDays", delayDays).put("localTime", localTime.toString()).put("condition", condition)
          .put("title", title).put("body", body).put("data", new JsonObject(new HashMap<>(data))).put("active", active);
      if (serviceName != null) {
        json.put("serviceName", serviceName);
      }
      return json;
    }

    /** Reads and checks a journey an admin sends; a validation problem names the bad field. */
    public static Journey fromJson(JsonObject json) {
      String trigger = json.getString("trigger");
      if (trigger == null || !TRIGGERS.contains(trigger)) {
        throw Problem.validation("trigger must be one of " + TRIGGERS.stream().sorted().toList());
      }
      String condition = json.getString("condition", "none");
      if (!CONDITIONS.contains(condition)) {
        throw Problem.validation("condition must be one of " + CONDITIONS.stream().sorted().toList());
      }
      Integer delay = json.getInteger("delayDays");
      if (delay == null || delay < 0 || delay > 365) {
        throw Problem.validation("delayDays must be 0 to 365");
      }
      LocalTime at;
      try {
        at = LocalTime.parse(json.getString("localTime", "10:00"));
      } catch (RuntimeException e) {
        throw Problem.validation("localTime must be HH:mm");
      }
      Map<String, String> data = new HashMap<>();
      json.getJsonObject("data", new JsonObject()).forEach(e -> data.put(e.getKey(), String.valueOf(e.getValue())));
      Journey journey = new Journey(UUID.randomUUID(), text(json, "name", 200), trigger,
          Optional.ofNullable(json.getString("serviceName")).map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse(null),
          delay, at, condition, text(json, "title", 200), text(json, "body", 2000), data, json.getBoolean("active", true));
      // The message must be one FCM accepts: check it as the notification it becomes.
      new io.careloop.notifications.bus.NotificationRequest(UUID.randomUUID(), "care_tip", journey.title(),
          journey.body(), "check", null, null, journey.data()).validated();
      return journey;
    }

    private static String text(JsonObject json, String field, int max) {
      String value = json.getString(field);
      if (value == null || value.isBlank() || value.length() > max) {
        throw Problem.validation(field + " must have 1 to " + max + " characters");
      }
      return value;
    }
  }

  private final Cql cql;
  private final ReminderRepository reminders;
  private final Appointments appointments;
  private final ClinicCatalog catalog;
  private final Recipients recipients;
  private final ReminderConfig config;
  private final Clock clock;
  private final PreparedStatement byTrigger;
  private final PreparedStatement insert;

  /** Prepares its statements: construct it on a worker thread. */
  public CareJourneys(CqlSession session, ReminderRepository reminders, Appointments appointments, ClinicCatalog catalog,
                      Recipients recipients, ReminderConfig config, Clock clock) {
    this.cql = new Cql(session);
    this.reminders = reminders;
    this.appointments = appointments;
    this.catalog = catalog;
    this.recipients = recipients;
    this.config = config;
    this.clock = clock;
    byTrigger = session.prepare("SELECT * FROM care_journeys_by_trigger WHERE trigger = ?");
    insert = session.prepare("INSERT INTO care_journeys_by_trigger (trigger, journey_id, name, service_name, delay_days,"
        + " local_time, condition, title, body, data, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }

  /** What a patient's journey messages are filed under. */
  public static String subject(UUID patientId) {
    return "journey:" + patientId;
  }

  public Future<Journey> add(Journey j) {
    return cql.run(insert.bind(j.trigger(), j.id(), j.name(), j.serviceName(), j.delayDays(), j.localTime().toString(),
        j.condition(), j.title(), j.body(), j.data(), j.active(), clock.instant())).map(j);
  }

  public Future<List<Journey>> all() {
    List<Future<List<Journey>>> reads = TRIGGERS.stream().sorted().map(this::of).toList();
    return Future.all(reads).map(done -> reads.stream().flatMap(f -> f.result().stream()).toList());
  }

  public Future<List<Journey>> of(String trigger) {
    return cql.all(byTrigger.bind(trigger)).map(rows -> rows.stream().map(CareJourneys::toJourney).toList());
  }

  public void listen() {
    appointments.onChange(event -> onEvent("appointment." + event.change(), event.appointment())
        .onFailure(err -> log.warn("Care journeys of appointment {} not planned: {}", event.appointment().id(),
            err.toString())));
  }

  /** Plans the messages of every active journey this event of this appointment starts. */
  public Future<Void> onEvent(String trigger, Appointment a) {
    Future<List<Journey>> journeys = of(trigger);
    Future<Optional<ClinicalService>> service = catalog.service(a.serviceId());
    Future<Optional<Recipients.Recipient>> who = recipients.find(a.patientId());
    return Future.all(journeys, service, who).compose(done -> {
      if (who.result().isEmpty()) {
        return Future.succeededFuture();
      }
      String serviceName = service.result().map(s -> s.name().trim().toLowerCase(Locale.ROOT)).orElse("");
      Recipients.Recipient patient = who.result().get();
      List<Future<Boolean>> plans = new ArrayList<>();
      for (Journey j : journeys.result()) {
        if (!j.active() || (j.serviceName() != null && !j.serviceName().equals(serviceName))) {
          continue;
        }
        LocalDate day = a.start().atZone(patient.zone()).toLocalDate().plusDays(j.delayDays());
        Instant due = ReminderPlanner.deliveryTime(ReminderPlanner.localAt(day, j.localTime(), patient.zone()),
            QuietRule.POSTPONE, patient.preferences().quietHours(), patient.zone(), config.sameDayEarliest());
        if (due.isBefore(clock.instant())) {
          continue;
        }
        Map<String, String> data = LocalTimeReminders.withLocalDue(j.data(), day.atTime(j.localTime()));
        data.put("journeyId", j.id().toString());
        data.put("appointmentId", a.id().toString());
        plans.add(reminders.plan(Reminder.planned("journey:" + j.id() + ":" + a.id(), a.patientId(), "care_tip",
            subject(a.patientId()), due, due.plus(USEFUL_FOR), QuietRule.POSTPONE, j.condition(), j.title(), j.body(),
            data)));
      }
      return Future.all(plans).mapEmpty();
    });
  }

  /**
   * The repair pass: appointment events are fire and forget, so the journeys of every appointment
   * whose journey day may still lie ahead (from the longest active delay ago to today, in every
   * clinic) are planned again from what is stored: its booking, and its current status as the
   * event that led there. Planning is idempotent by key, so what the events planned stays as it
   * is. A reschedule leaves nothing in the stored appointment to tell it by: those journeys are
   * planned by the event only.
   */
  public Future<Integer> repair(Instant now) {
    return all().compose(journeys -> {
      Set<String> triggers = new HashSet<>();
      int longest = -1;
      for (Journey j : journeys) {
        if (j.active()) {
          triggers.add(j.trigger());
          longest = Math.max(longest, j.delayDays());
        }
      }
      if (longest < 0) {
        return Future.succeededFuture(0);
      }
      int back = longest;
      return catalog.clinics().compose(clinics -> {
        List<Future<Integer>> perClinic = new ArrayList<>();
        for (Clinic clinic : clinics) {
          LocalDate today = now.atZone(clinic.zone()).toLocalDate();
          Future<Integer> chain = Future.succeededFuture(0);
          for (int d = back; d >= 0; d--) {
            LocalDate day = today.minusDays(d);
            chain = chain.compose(n -> appointments.atClinicOn(clinic.id(), day).compose(list -> {
              List<Future<Void>> planned = new ArrayList<>();
              for (Appointment a : list) {
                for (String trigger : List.of("appointment.booked", "appointment." + a.status().json())) {
                  if (triggers.contains(trigger) && a.status() != AppointmentStatus.PENDING) {
                    planned.add(onEvent(trigger, a));
                  }
                }
              }
              return Future.all(planned).map(x -> n + planned.size());
            }));
          }
          perClinic.add(chain);
        }
        return Future.all(perClinic).map(done -> perClinic.stream().mapToInt(Future::result).sum());
      });
    });
  }

  /** At send time, for journeys that want no upcoming appointment. */
  public Future<Optional<String>> noUpcomingAppointment(Reminder reminder, Instant now) {
    return appointments.ofPatient(reminder.patientId()).map(list -> list.stream()
        .anyMatch(a -> a.status().isActive() && a.start().isAfter(now)) ? Optional.of("appointment-booked")
        : Optional.<String>empty());
  }

  private static Journey toJourney(Row r) {
    return new Journey(r.getUuid("journey_id"), r.getString("name"), r.getString("trigger"), r.getString("service_name"),
        r.getInt("delay_days"), LocalTime.parse(r.getString("local_time")), r.getString("condition"),
        r.getString("title"), r.getString("body"), r.getMap("data", String.class, String.class),
        r.isNull("active") || r.getBoolean("active"));
  }
}
