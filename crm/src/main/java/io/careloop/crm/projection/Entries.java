package io.careloop.crm.projection;

import io.careloop.alerts.bus.AlertChanged;
import io.careloop.alerts.bus.AlertState;
import io.careloop.crm.patient.AppProfile;
import io.careloop.crm.timeline.TimelineEntry;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.platform.bus.StoredSession;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * The timeline entry of each fact the CRM hears of: what it is called, when it happened, one line
 * about it.
 */
public final class Entries {

  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private Entries() {}

  public static TimelineEntry appointment(UUID patientId, AppointmentChanged e) {
    Appointment a = e.appointment();
    String when = LOCAL.format(a.start().atZone(a.zone())) + " (" + a.zone().getId() + ")";
    String summary =
        switch (e.change()) {
          case "booked" -> "Appointment booked for " + when;
          case "rescheduled" -> "Appointment moved to " + when;
          case "cancelled" -> "Appointment of " + when + " cancelled";
          case "checked_in" -> "Checked in for the appointment of " + when;
          case "completed" -> "Visit of " + when + " completed";
          case "no_show" -> "No-show at the appointment of " + when;
          default -> "Appointment " + e.change() + ": " + when;
        };
    return new TimelineEntry(
        patientId,
        a.updatedAt(),
        "appointment:" + a.id() + ":" + a.version(),
        "appointment_" + e.change(),
        false,
        summary,
        KnownAppointment.of(a).toJson());
  }

  public static TimelineEntry session(UUID patientId, StoredSession s) {
    int seconds = s.durationSec();
    JsonObject data =
        new JsonObject()
            .put("deviceId", s.deviceId())
            .put("sessionId", s.sessionId())
            .put("durationSec", seconds)
            .put("coveragePct", s.coveragePct())
            .put("pressureHighEvents", s.pressureHighEvents());
    s.plaqueIndex().ifPresent(p -> data.put("plaqueIndex", p));
    String summary =
        String.format(
            Locale.ROOT,
            "Brushed %d:%02d, coverage %s %%",
            seconds / 60,
            seconds % 60,
            s.coveragePct());
    return new TimelineEntry(
        patientId,
        s.placedAt(),
        "session:" + s.deviceId() + ":" + s.sessionId(),
        "brushing_session",
        true,
        summary,
        data);
  }

  public static TimelineEntry alert(UUID patientId, AlertChanged e) {
    AlertState a = e.alert();
    return new TimelineEntry(
        patientId,
        e.at(),
        "alert:" + a.alertId() + ":" + e.change(),
        "alert_" + e.change(),
        true,
        "Alert " + e.change() + ": " + a.title() + " (" + a.severity() + ")",
        a.toJson());
  }

  public static TimelineEntry visit(UUID patientId, Visit v) {
    String summary =
        "Visit "
            + v.status().replace('_', '-')
            + ": "
            + v.service()
            + (v.provider() == null ? "" : " with " + v.provider())
            + " (practice record)";
    return new TimelineEntry(
        patientId,
        middayOf(v.day()),
        "visit:" + v.key(),
        "visit_" + v.status(),
        false,
        summary,
        v.toJson());
  }

  public static TimelineEntry registered(UUID patientId, AppProfile p) {
    return new TimelineEntry(
        patientId,
        p.registeredAt(),
        "profile:registered",
        "registered",
        false,
        "Registered in the app",
        new JsonObject().put("accountId", p.accountId().toString()));
  }

  public static TimelineEntry profileChanged(UUID patientId, AppProfile p, Instant at) {
    return new TimelineEntry(
        patientId,
        at,
        "profile:" + at,
        "profile_changed",
        false,
        "Profile changed in the app",
        new JsonObject().put("accountId", p.accountId().toString()));
  }

  /** A visit has a date, not a time: it is placed at noon UTC of that date. */
  static Instant middayOf(LocalDate day) {
    return day.atTime(12, 0).toInstant(ZoneOffset.UTC);
  }
}
