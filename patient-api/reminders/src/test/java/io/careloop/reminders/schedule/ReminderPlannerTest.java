package io.careloop.reminders.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.patient.account.QuietHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Due times, quiet hours and daylight-saving days, as pure functions. */
class ReminderPlannerTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final List<Duration> DEFAULT =
      List.of(Duration.ofHours(72), Duration.ofHours(24), Duration.ofHours(2));
  private static final LocalTime SIX = LocalTime.of(6, 0);

  private static Instant paris(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(PARIS).toInstant();
  }

  private static List<ReminderPlanner.AppointmentSlot> plan(
      Instant start, ZoneId patientZone, QuietHours quiet, Instant now) {
    return ReminderPlanner.appointmentReminders(
        start, PARIS, DEFAULT, patientZone, quiet, SIX, now);
  }

  @Test
  @DisplayName(
      "Across the spring change (Paris, 29 March 2026) the 24 h reminder keeps the local time: 23 real hours before")
  void springForward() {
    Instant start = paris("2026-03-29T10:00"); // Sunday, the day clocks go from 02:00 to 03:00

    List<ReminderPlanner.AppointmentSlot> slots =
        plan(start, PARIS, QuietHours.DEFAULT, paris("2026-03-20T00:00"));

    assertThat(slots)
        .extracting(ReminderPlanner.AppointmentSlot::label)
        .containsExactly("72h", "24h", "2h");
    assertThat(slots.get(0).dueAt())
        .isEqualTo(Instant.parse("2026-03-26T09:00:00Z")); // 10:00 CET, Thursday
    assertThat(slots.get(1).dueAt())
        .isEqualTo(Instant.parse("2026-03-28T09:00:00Z")); // 10:00 CET, Saturday
    assertThat(Duration.between(slots.get(1).dueAt(), start)).isEqualTo(Duration.ofHours(23));
    assertThat(slots.get(2).dueAt()).isEqualTo(Instant.parse("2026-03-29T06:00:00Z")); // 08:00 CEST
    assertThat(slots.get(2).quietRule()).isEqualTo(QuietRule.SAME_DAY);
    // Each is worth sending until the next one is due; the last until the appointment.
    assertThat(slots.get(0).usefulUntil()).isEqualTo(slots.get(1).dueAt());
    assertThat(slots.get(1).usefulUntil()).isEqualTo(slots.get(2).dueAt());
    assertThat(slots.get(2).usefulUntil()).isEqualTo(start);
  }

  @Test
  @DisplayName(
      "Across the autumn change (Paris, 25 October 2026) the 24 h reminder is 25 real hours before")
  void fallBack() {
    Instant start = paris("2026-10-25T09:00"); // Sunday, the day clocks go from 03:00 back to 02:00

    List<ReminderPlanner.AppointmentSlot> slots =
        plan(start, PARIS, QuietHours.DEFAULT, paris("2026-10-01T00:00"));

    assertThat(slots.get(1).dueAt())
        .isEqualTo(Instant.parse("2026-10-24T07:00:00Z")); // 09:00 CEST, Saturday
    assertThat(Duration.between(slots.get(1).dueAt(), start)).isEqualTo(Duration.ofHours(25));
    assertThat(slots.get(0).dueAt())
        .isEqualTo(Instant.parse("2026-10-22T07:00:00Z")); // 09:00 CEST, Thursday
    // 07:00 on the day is inside quiet hours, but a same-day reminder may go from 06:00.
    assertThat(slots.get(2).dueAt()).isEqualTo(Instant.parse("2026-10-25T06:00:00Z"));
  }

  @Test
  @DisplayName(
      "A patient in New York of a Paris clinic: quiet hours are the patient's, a reminder at 5 a.m. there waits until 8")
  void patientZoneQuietHours() {
    Instant start = paris("2026-03-29T10:00"); // 04:00 in New York (EDT since 8 March)

    List<ReminderPlanner.AppointmentSlot> slots =
        plan(start, NEW_YORK, QuietHours.DEFAULT, paris("2026-03-20T00:00"));

    // 72 h: Thursday 10:00 Paris = 05:00 New York, quiet: 08:00 New York.
    assertThat(slots.get(0).dueAt())
        .isEqualTo(ZonedDateTime.of(2026, 3, 26, 8, 0, 0, 0, NEW_YORK).toInstant());
    assertThat(slots.get(1).dueAt())
        .isEqualTo(ZonedDateTime.of(2026, 3, 28, 8, 0, 0, 0, NEW_YORK).toInstant());
    // The 2 h one would be 02:00 in New York on the appointment's day: its earliest, 06:00, is
    // after
    // the appointment has begun, so it is not planned at all.
    assertThat(slots)
        .extracting(ReminderPlanner.AppointmentSlot::label)
        .containsExactly("72h", "24h");
    assertThat(slots.get(1).usefulUntil()).isEqualTo(start);
  }

  @Test
  @DisplayName("Reminders already past when the appointment is booked are not planned")
  void pastOnesSkipped() {
    Instant start = paris("2026-06-10T14:00");

    List<ReminderPlanner.AppointmentSlot> slots =
        plan(start, PARIS, QuietHours.DEFAULT, paris("2026-06-08T09:00"));

    assertThat(slots)
        .extracting(ReminderPlanner.AppointmentSlot::label)
        .containsExactly("24h", "2h");
    assertThat(plan(start, PARIS, QuietHours.DEFAULT, paris("2026-06-10T13:00"))).isEmpty();
  }

  @Test
  @DisplayName(
      "Quiet hours across midnight and across the night clocks spring forward end at the patient's 08:00")
  void quietHoursAcrossNightAndChange() {
    QuietHours quiet = QuietHours.DEFAULT;

    assertThat(quiet.covers(LocalTime.of(21, 0))).isTrue();
    assertThat(quiet.covers(LocalTime.of(7, 59))).isTrue();
    assertThat(quiet.covers(LocalTime.of(8, 0))).isFalse();
    assertThat(quiet.covers(LocalTime.of(20, 59))).isFalse();
    assertThat(quiet.nextAllowed(paris("2026-03-28T23:00"), PARIS))
        .isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
    assertThat(quiet.nextAllowed(paris("2026-03-29T01:30"), PARIS))
        .isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
    assertThat(quiet.nextAllowed(paris("2026-10-25T02:30"), PARIS))
        .isEqualTo(Instant.parse("2026-10-25T07:00:00Z"));
    assertThat(quiet.nextAllowed(paris("2026-10-25T12:00"), PARIS))
        .isEqualTo(paris("2026-10-25T12:00"));
    QuietHours daytime = new QuietHours(LocalTime.of(13, 0), LocalTime.of(14, 0));
    assertThat(daytime.nextAllowed(paris("2026-05-05T13:30"), PARIS))
        .isEqualTo(paris("2026-05-05T14:00"));
    QuietHours none = new QuietHours(LocalTime.of(0, 0), LocalTime.of(0, 0));
    assertThat(none.covers(LocalTime.of(3, 0))).isFalse();
  }

  @Test
  @DisplayName("Delivery rules: postpone to the end, same-day from 06:00, before-quiet unchanged")
  void deliveryRules() {
    Instant night = paris("2026-05-05T05:00");

    assertThat(
            ReminderPlanner.deliveryTime(night, QuietRule.POSTPONE, QuietHours.DEFAULT, PARIS, SIX))
        .isEqualTo(paris("2026-05-05T08:00"));
    assertThat(
            ReminderPlanner.deliveryTime(night, QuietRule.SAME_DAY, QuietHours.DEFAULT, PARIS, SIX))
        .isEqualTo(paris("2026-05-05T06:00"));
    assertThat(
            ReminderPlanner.deliveryTime(
                paris("2026-05-05T06:45"), QuietRule.SAME_DAY, QuietHours.DEFAULT, PARIS, SIX))
        .isEqualTo(paris("2026-05-05T06:45"));
    assertThat(
            ReminderPlanner.mayDeliverAt(
                paris("2026-05-05T06:45"), QuietRule.SAME_DAY, QuietHours.DEFAULT, PARIS, SIX))
        .isTrue();
    assertThat(
            ReminderPlanner.mayDeliverAt(
                paris("2026-05-05T06:45"), QuietRule.POSTPONE, QuietHours.DEFAULT, PARIS, SIX))
        .isFalse();
    assertThat(
            ReminderPlanner.mayDeliverAt(
                paris("2026-05-05T21:10"), QuietRule.BEFORE_QUIET, QuietHours.DEFAULT, PARIS, SIX))
        .isFalse();
    assertThat(
            ReminderPlanner.mayDeliverAt(
                paris("2026-05-05T20:30"), QuietRule.BEFORE_QUIET, QuietHours.DEFAULT, PARIS, SIX))
        .isTrue();
  }

  @Test
  @DisplayName(
      "Recall falls the interval in calendar months later at 10:00 local, also across a clock change")
  void recall() {
    LocalTime ten = LocalTime.of(10, 0);

    assertThat(ReminderPlanner.recallDue(LocalDate.of(2026, 9, 30), 6, ten, PARIS))
        .isEqualTo(Instant.parse("2027-03-30T08:00:00Z")); // summer time again by then
    assertThat(ReminderPlanner.recallDue(LocalDate.of(2026, 8, 31), 6, ten, PARIS))
        .isEqualTo(Instant.parse("2027-02-28T09:00:00Z"));
    assertThat(ReminderPlanner.recallDue(LocalDate.of(2026, 4, 1), 3, ten, NEW_YORK))
        .isEqualTo(Instant.parse("2026-07-01T14:00:00Z"));
  }

  @Test
  @DisplayName(
      "The usual evening time is the median evening session, default 21:00 without enough history")
  void usualEveningTime() {
    List<Instant> starts = new ArrayList<>();
    for (int day = 1; day <= 6; day++) {
      starts.add(paris("2026-05-0" + day + "T07:10")); // mornings do not count
      starts.add(paris("2026-05-0" + day + "T19:" + (day < 4 ? "40" : "50")));
    }
    LocalTime nine = LocalTime.of(21, 0);

    assertThat(ReminderPlanner.usualEveningTime(starts, PARIS, nine))
        .isEqualTo(LocalTime.of(19, 45));
    assertThat(ReminderPlanner.usualEveningTime(starts.subList(0, 6), PARIS, nine)).isEqualTo(nine);
    // The same sessions seen from another zone are other local times.
    assertThat(ReminderPlanner.usualEveningTime(starts, ZoneId.of("Europe/London"), nine))
        .isEqualTo(LocalTime.of(18, 45));
  }

  @Test
  @DisplayName(
      "A nudge at the usual time, pulled 30 minutes before quiet hours when it falls in them, in the patient's zone")
  void nudgeTime() {
    Duration lead = Duration.ofMinutes(30);

    assertThat(
            ReminderPlanner.nudgeTime(
                LocalDate.of(2026, 3, 29), LocalTime.of(19, 45), QuietHours.DEFAULT, PARIS, lead))
        .contains(Instant.parse("2026-03-29T17:45:00Z"));
    assertThat(
            ReminderPlanner.nudgeTime(
                LocalDate.of(2026, 3, 28), LocalTime.of(21, 0), QuietHours.DEFAULT, PARIS, lead))
        .contains(Instant.parse("2026-03-28T19:30:00Z")); // 20:30 CET
    assertThat(
            ReminderPlanner.nudgeTime(
                LocalDate.of(2026, 3, 29), LocalTime.of(21, 0), QuietHours.DEFAULT, PARIS, lead))
        .contains(Instant.parse("2026-03-29T18:30:00Z")); // 20:30 CEST
    assertThat(
            ReminderPlanner.nudgeTime(
                LocalDate.of(2026, 3, 29),
                LocalTime.of(21, 0),
                new QuietHours(LocalTime.of(0, 0), LocalTime.of(0, 0)),
                PARIS,
                lead))
        .contains(Instant.parse("2026-03-29T19:00:00Z"));
  }
}
