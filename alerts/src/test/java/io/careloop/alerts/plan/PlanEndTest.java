package io.careloop.alerts.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlanEndTest {

  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static CarePlan planEnding(PlanEnd end) {
    Instant start = Instant.parse("2027-01-01T09:00:00Z");
    return new CarePlan(
        UUID.randomUUID(),
        PlanTemplate.fromJson("standard"),
        Map.of(),
        List.of(),
        List.of(),
        start,
        end,
        UUID.randomUUID(),
        true,
        start);
  }

  private static Instant paris(LocalDate day, LocalTime time) {
    return day.atTime(time).atZone(PARIS).toInstant();
  }

  @Test
  @DisplayName(
      "A last day reads back as that date, and the plan applies through the whole of it in the patient's zone")
  void lastDay() {
    LocalDate lastDay = LocalDate.parse("2027-01-31");
    PlanEnd end = PlanEnd.parse("2027-01-31", PARIS);

    assertThat(end.asSet()).isEqualTo("2027-01-31");
    assertThat(end.endsAt()).isEqualTo(Instant.parse("2027-01-31T23:00:00Z"));
    CarePlan plan = planEnding(end);
    assertThat(plan.toJson().getString("until")).isEqualTo("2027-01-31");
    assertThat(plan.activeAt(paris(lastDay, LocalTime.of(23, 59, 59)))).isTrue();
    assertThat(plan.activeAt(paris(lastDay.plusDays(1), LocalTime.MIDNIGHT))).isFalse();
  }

  @Test
  @DisplayName(
      "A last day just before or on the spring clock change ends at local midnight all the same")
  void clockChange() {
    // Paris moves from UTC+1 to UTC+2 on 28 March 2027, a day of 23 hours
    assertThat(PlanEnd.parse("2027-03-27", PARIS).endsAt())
        .isEqualTo(Instant.parse("2027-03-27T23:00:00Z"));
    assertThat(PlanEnd.parse("2027-03-28", PARIS).endsAt())
        .isEqualTo(Instant.parse("2027-03-28T22:00:00Z"));
  }

  @Test
  @DisplayName("A time is taken as it is and reads back as that time")
  void time() {
    PlanEnd end = PlanEnd.parse("2027-01-31T18:30:00+01:00", PARIS);

    assertThat(end.endsAt()).isEqualTo(Instant.parse("2027-01-31T17:30:00Z"));
    assertThat(end.lastDay()).isNull();
    assertThat(end.asSet()).isEqualTo("2027-01-31T17:30:00Z");
  }

  @Test
  @DisplayName("Anything else is refused, naming the two forms")
  void neither() {
    assertThatThrownBy(() -> PlanEnd.parse("31/01/2027", PARIS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("YYYY-MM-DD")
        .hasMessageContaining("RFC 3339");
  }
}
