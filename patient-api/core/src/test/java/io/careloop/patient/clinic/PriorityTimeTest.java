package io.careloop.patient.clinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.platform.http.Problem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PriorityTimeTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");

  @Test
  void theShareOfHoursHeldIsCloseToTheShareAsked() {
    PriorityTime time = new PriorityTime(30, Duration.ofHours(48));
    int held = 0;
    int hours = 0;
    for (int p = 0; p < 20; p++) {
      UUID provider = UUID.randomUUID();
      for (int d = 3; d < 53; d++) {
        for (int h = 8; h < 18; h++) {
          Instant start =
              LocalDate.of(2026, 12, 1).plusDays(d).atTime(h, 15).atZone(PARIS).toInstant();
          hours++;
          held += time.holds(provider, start, PARIS, NOW) ? 1 : 0;
        }
      }
    }
    assertThat(held / (double) hours).isBetween(0.27, 0.33);
  }

  @Test
  void everyStartOfAHeldHourIsHeldAndEveryAskGivesTheSameAnswer() {
    PriorityTime time = new PriorityTime(50, Duration.ofHours(48));
    UUID provider = UUID.randomUUID();
    for (int h = 8; h < 18; h++) {
      Instant top = LocalDate.of(2026, 12, 10).atTime(h, 0).atZone(PARIS).toInstant();
      boolean held = time.holds(provider, top, PARIS, NOW);
      for (int quarter = 1; quarter < 4; quarter++) {
        assertThat(time.holds(provider, top.plus(Duration.ofMinutes(15L * quarter)), PARIS, NOW))
            .isEqualTo(held);
      }
      assertThat(new PriorityTime(50, Duration.ofHours(48)).holds(provider, top, PARIS, NOW))
          .isEqualTo(held);
    }
  }

  @Test
  void heldTimeIsReleasedBeforeItsStartAndNoShareHoldsNothing() {
    PriorityTime time = new PriorityTime(50, Duration.ofHours(48));
    UUID provider = UUID.randomUUID();
    Instant heldStart = null;
    for (int h = 8; h < 18 && heldStart == null; h++) {
      Instant start = LocalDate.of(2026, 12, 10).atTime(h, 0).atZone(PARIS).toInstant();
      heldStart = time.holds(provider, start, PARIS, NOW) ? start : null;
    }
    assertThat(heldStart).as("one held hour in ten at 50 %").isNotNull();
    Instant release = heldStart.minus(Duration.ofHours(48));
    assertThat(time.holds(provider, heldStart, PARIS, release.minusSeconds(1))).isTrue();
    assertThat(time.holds(provider, heldStart, PARIS, release)).isFalse();
    assertThat(PriorityTime.NONE.holds(provider, heldStart, PARIS, NOW)).isFalse();
  }

  @Test
  void sharesAndReleasesOutsideTheirRangeAreRefused() {
    assertThatThrownBy(() -> new PriorityTime(51, Duration.ZERO)).isInstanceOf(Problem.class);
    assertThatThrownBy(() -> new PriorityTime(-1, Duration.ZERO)).isInstanceOf(Problem.class);
    assertThatThrownBy(() -> new PriorityTime(10, Duration.ofDays(15))).isInstanceOf(Problem.class);
  }
}
