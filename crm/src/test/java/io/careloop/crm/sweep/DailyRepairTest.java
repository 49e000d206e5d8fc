package io.careloop.crm.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DailyRepairTest {

  private static final Instant MIDNIGHT = Instant.parse("2027-03-01T00:00:00Z");

  @Test
  @DisplayName("A patient is due when their moment of the day falls after the last sweep")
  void dueAtTheirMoment() {
    UUID patient = UUID.randomUUID();
    Instant moment = MIDNIGHT.plusSeconds(DailyRepair.momentOfDay(patient));
    assertThat(new DailyRepair(moment.minusSeconds(60), moment).due(patient)).isTrue();
    assertThat(new DailyRepair(moment.minusSeconds(60), moment.minusSeconds(1)).due(patient))
        .isFalse();
    assertThat(new DailyRepair(moment, moment.plusSeconds(3600)).due(patient))
        .as("repaired at the sweep that included the moment")
        .isFalse();
    Instant tomorrow = moment.plus(DailyRepair.DAY);
    assertThat(new DailyRepair(tomorrow.minusSeconds(1), tomorrow).due(patient)).isTrue();
  }

  @Test
  @DisplayName("A patient's last moment is the latest second of repair at or before a time")
  void lastMoment() {
    UUID patient = UUID.randomUUID();
    Instant moment = MIDNIGHT.plusSeconds(DailyRepair.momentOfDay(patient));
    assertThat(DailyRepair.lastMoment(patient, moment)).isEqualTo(moment);
    assertThat(DailyRepair.lastMoment(patient, moment.plusSeconds(3600))).isEqualTo(moment);
    assertThat(DailyRepair.lastMoment(patient, moment.minusSeconds(1)))
        .isEqualTo(moment.minus(DailyRepair.DAY));
  }

  @Test
  @DisplayName("No sweep before here, a day or more since, or a clock gone back: as it says")
  void firstAndLongSweeps() {
    UUID patient = UUID.randomUUID();
    assertThat(new DailyRepair(null, MIDNIGHT).due(patient)).isTrue();
    assertThat(new DailyRepair(MIDNIGHT, MIDNIGHT.plus(DailyRepair.DAY)).due(patient)).isTrue();
    assertThat(new DailyRepair(MIDNIGHT.plusSeconds(60), MIDNIGHT).due(patient)).isFalse();
  }

  @Test
  @DisplayName("Hourly sweeps repair each patient once a day, and about a 24th of them each hour")
  void hourlySweepsSpreadTheRepairs() {
    Random random = new Random(3);
    List<UUID> patients = new ArrayList<>();
    for (int i = 0; i < 24_000; i++) {
      patients.add(new UUID(random.nextLong(), random.nextLong()));
    }
    int[] repairs = new int[patients.size()];
    Instant previous = MIDNIGHT.plusSeconds(17); // not on the hour
    for (int hour = 1; hour <= 24; hour++) {
      Instant now = previous.plus(Duration.ofHours(1));
      DailyRepair repair = new DailyRepair(previous, now);
      int thisHour = 0;
      for (int i = 0; i < patients.size(); i++) {
        if (repair.due(patients.get(i))) {
          repairs[i]++;
          thisHour++;
        }
      }
      assertThat(thisHour).as("hour %d", hour).isBetween(800, 1200);
      previous = now;
    }
    assertThat(repairs).containsOnly(1);
  }
}
