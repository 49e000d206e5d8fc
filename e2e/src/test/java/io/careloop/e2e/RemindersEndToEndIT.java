package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.reminders.RemindersProbe;
import io.careloop.reminders.kinds.AppointmentReminders;
import io.careloop.reminders.schedule.Reminder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Reminders in the whole application: a booking over HTTP plans them, a sweep at the reminder's
 * instant puts it in the inbox the app reads and pushes it once through the Firebase SDK to the
 * fake FCM; a cancel over HTTP removes the rest. The test app runs the scheduler without its timer,
 * so the test sweeps at the instants it chooses.
 */
class RemindersEndToEndIT {

  private final TestApp app = TestApp.get();
  private final ClinicFixture fixture = new ClinicFixture(app);

  private List<Reminder> reminders(UUID appointmentId) {
    return new RemindersProbe(app.app.reminders())
        .remindersOf(AppointmentReminders.subject(appointmentId));
  }

  /**
   * Appointment reminders sent so far by this process (0 before the first, which creates the
   * series).
   */
  private double sentAppointmentReminders() {
    double sent =
        app.metric("careloop_reminders_outcomes_total", "kind=\"appointment\",outcome=\"sent\"");
    return Double.isNaN(sent) ? 0 : sent;
  }

  @Test
  @DisplayName(
      "Book over HTTP, the 72 h reminder reaches the inbox and FCM once at its instant; cancel over HTTP, no more")
  void bookRemindCancel() {
    String zone = "Europe/Paris";
    JsonObject clinic = fixture.clinic(zone, 0, 0, 30);
    JsonObject checkUp = fixture.service("Check-up", 30, 0);
    JsonObject provider = fixture.provider("Dr Reminder", "dentist", List.of(checkUp), clinic);
    fixture.everyDay(provider, clinic, ClinicFixture.ranges("08:00", "17:00"), new JsonArray());
    ClinicFixture.Account patient = fixture.patient();
    String token = "fcm-" + UUID.randomUUID() + ":APA91bReminders";
    assertThat(
            app.post(
                    "/api/v1/me/push-tokens", patient.token(), new JsonObject().put("token", token))
                .statusCode())
        .isEqualTo(204);
    LocalDate day = LocalDate.now(ZoneId.of(zone)).plusDays(5);
    var booked =
        fixture.book(
            patient.token(),
            "remind-me",
            ClinicFixture.booking(
                clinic, checkUp, provider, ClinicFixture.at(day, "10:00:00", zone)));
    assertThat(booked.statusCode()).isEqualTo(201);
    UUID appointmentId = UUID.fromString(booked.bodyAsJsonObject().getString("id"));

    List<Reminder> planned =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> reminders(appointmentId), l -> l.size() == 3);
    Instant threeDaysBefore =
        ZonedDateTime.of(day.minusDays(3), java.time.LocalTime.of(10, 0), ZoneId.of(zone))
            .toInstant();
    assertThat(planned.get(0).dueAt()).isEqualTo(threeDaysBefore);

    double sentBefore = sentAppointmentReminders();
    app.app.reminders().scheduler().runOnce(threeDaysBefore).await();
    // Other tests' appointments in this shared app may fall due at the same run: at least ours.
    assertThat(sentAppointmentReminders())
        .as("counted on /metrics")
        .isGreaterThanOrEqualTo(sentBefore + 1);

    JsonArray inbox =
        app.get("/api/v1/me/notifications", patient.token())
            .bodyAsJsonObject()
            .getJsonArray("notifications");
    assertThat(inbox).hasSize(1);
    assertThat(inbox.getJsonObject(0).getString("kind")).isEqualTo("appointment");
    assertThat(inbox.getJsonObject(0).getJsonObject("data").getString("appointmentId"))
        .isEqualTo(appointmentId.toString());
    await().atMost(Duration.ofSeconds(20)).until(() -> app.fcm.deliveredTo(token) == 1);

    assertThat(
            app.post(
                    "/api/v1/appointments/" + appointmentId + "/cancel",
                    patient.token(),
                    new JsonObject())
                .statusCode())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                reminders(appointmentId).stream()
                        .filter(r -> r.state() == Reminder.State.PENDING)
                        .count()
                    == 0);
    app.app.reminders().scheduler().runOnce(threeDaysBefore.plus(Duration.ofDays(2))).await();

    assertThat(
            app.get("/api/v1/me/notifications", patient.token())
                .bodyAsJsonObject()
                .getJsonArray("notifications"))
        .hasSize(1);
    assertThat(app.fcm.requestsTo(token)).hasSize(1);
  }
}
