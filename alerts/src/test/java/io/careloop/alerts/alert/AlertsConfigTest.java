package io.careloop.alerts.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
}
