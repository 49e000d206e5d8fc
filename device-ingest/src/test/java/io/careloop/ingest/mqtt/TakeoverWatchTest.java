package io.careloop.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TakeoverWatchTest {

  private static final long S = 1_000_000_000L;
  private final TakeoverWatch watch = new TakeoverWatch(3, Duration.ofSeconds(60));

  @Test
  @DisplayName("Three takeovers within a minute are a clash, announced once")
  void threeWithinAMinuteAreAClash() {
    assertThat(watch.record(0)).isFalse();
    assertThat(watch.record(1 * S)).isFalse();
    assertThat(watch.clashing(2 * S)).isFalse();

    assertThat(watch.record(3 * S)).as("the takeover that makes the clash").isTrue();
    assertThat(watch.clashing(3 * S)).isTrue();
    assertThat(watch.record(4 * S)).as("already a clash: not announced again").isFalse();
    assertThat(watch.recent(4 * S)).isEqualTo(4);
  }

  @Test
  @DisplayName(
      "Takeovers spread over more than the window, such as a few restarts a day, are no clash")
  void spreadTakeoversAreNoClash() {
    watch.record(0);
    watch.record(50 * S);
    assertThat(watch.record(120 * S)).isFalse();
    assertThat(watch.clashing(120 * S)).isFalse();
  }

  @Test
  @DisplayName("A clash ends a window after the takeovers stop")
  void clashEndsWhenTakeoversStop() {
    watch.record(0);
    watch.record(1 * S);
    watch.record(2 * S);
    assertThat(watch.clashing(30 * S)).isTrue();

    assertThat(watch.clashing(61 * S)).isFalse();
    assertThat(watch.recent(63 * S)).isZero();
  }
}
