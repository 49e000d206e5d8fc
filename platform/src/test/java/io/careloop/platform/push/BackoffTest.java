package io.careloop.platform.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));

  @Test
  @DisplayName("The ceiling doubles from the base with every retry and stops at the cap")
  void ceilingDoublesUpToTheCap() {
    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(32));
    assertThat(backoff.ceiling(8)).isEqualTo(Duration.ofSeconds(256));
    assertThat(backoff.ceiling(9)).isEqualTo(Duration.ofMinutes(5));
    assertThat(backoff.ceiling(1_000)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  @DisplayName("A delay lies between half the ceiling and the ceiling, whatever the random draw")
  void jitterStaysWithinBounds() {
    for (int retry = 1; retry <= 12; retry++) {
      Duration ceiling = backoff.ceiling(retry);
      assertThat(backoff.delay(retry, () -> 0.0)).isEqualTo(ceiling.minus(ceiling.dividedBy(2)));
      assertThat(backoff.delay(retry, () -> 0.999_999_999)).isEqualTo(ceiling);
      Random random = new Random(retry);
      for (int i = 0; i < 1_000; i++) {
        assertThat(backoff.delay(retry, random::nextDouble))
            .isBetween(ceiling.minus(ceiling.dividedBy(2)), ceiling);
      }
    }
  }

  @Test
  @DisplayName("Messages that failed together come back spread out, not in one burst")
  void jitterSpreadsRetries() {
    Random random = new Random(42);
    long distinct =
        java.util.stream.IntStream.range(0, 200)
            .mapToObj(i -> backoff.delay(6, random::nextDouble))
            .distinct()
            .count();

    assertThat(distinct).isGreaterThan(150);
  }

  @Test
  @DisplayName("A base of zero or a cap below the base is refused")
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
