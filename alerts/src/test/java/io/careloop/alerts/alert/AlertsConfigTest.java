package io.careloop.alerts.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.alerts.rule.Condition;
import io.careloop.alerts.rule.Evidence;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AlertsConfigTest {

  private final AlertsConfig config = AlertsConfig.defaults();
  private final Duration hour = config.rejudgeEvery();

  @Test
  @DisplayName(
      "Patients judged together are next due at their own moment of the hour: within the hour,"
          + " each minute holding about its share, and the same moment every hour")
  void latestJudgementSpreadsOverTheHour() {
    Instant now = Instant.parse("2026-12-07T21:00:00.123Z");
    Random ids = new Random(7);
    int patients = 60_000;
    int[] perMinute = new int[60];
    for (int i = 0; i < patients; i++) {
      UUID patient = new UUID(ids.nextLong(), ids.nextLong());
      Instant next = config.latestJudgement(patient, now);
      assertThat(next).isAfter(now).isBeforeOrEqualTo(now.plus(hour));
      assertThat(config.latestJudgement(patient, next)).isEqualTo(next.plus(hour));
      assertThat(config.latestJudgement(patient, next.minusMillis(1))).isEqualTo(next);
      perMinute[(int) Duration.between(now, next).minusMillis(1).toMinutes()]++;
    }
    for (int count : perMinute) {
      assertThat(count).as("patients due in one minute (1,000 expected)").isBetween(850, 1150);
    }
  }

  @Test
  @DisplayName(
      "A time zone's new day is judged over its first hour, each patient at their moment of the"
          + " hour: the day windows add no judgement of their own")
  void newDayAtEachPatientsMomentOfTheHour() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    Instant evening = Instant.parse("2026-12-07T21:10:00Z");
    Instant midnight = LocalDate.of(2026, 12, 8).atStartOfDay(paris).toInstant();
    Condition window = new Condition.SessionsPerDayBelow(2, 3);
    Random ids = new Random(11);
    int[] perQuarter = new int[4];
    for (int i = 0; i < 20_000; i++) {
      UUID patient = new UUID(ids.nextLong(), ids.nextLong());
      Evidence e =
          new Evidence(
              evening,
              paris,
              evening.minus(Duration.ofDays(10)),
              Optional.empty(),
              List.of(),
              AlertsConfig.dayJudgedAfter(patient));
      Instant judged = window.changesAt(e);
      assertThat(judged).isAfterOrEqualTo(midnight).isBefore(midnight.plus(hour));
      assertThat(judged).isEqualTo(config.latestJudgement(patient, midnight.minusMillis(1)));
      perQuarter[(int) Duration.between(midnight, judged).toMinutes() / 15]++;
    }
    for (int count : perQuarter) {
      assertThat(count)
          .as("patients judged in a quarter of an hour (5,000 expected)")
          .isBetween(4700, 5300);
    }
  }
}
