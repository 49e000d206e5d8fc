package io.careloop.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StallDetectorTest {

  private static final long S = 1_000_000_000L;
  private final StallDetector detector = new StallDetector(Duration.ofSeconds(15));

  @Test
  @DisplayName("Publishes waiting at the broker with no delivery for 15 s is a stall")
  void waitingAndIdleIsAStall() {
    assertThat(detector.stalled(0, 100, 0)).isFalse();

    assertThat(detector.stalled(0, 130, 10 * S)).isFalse();
    assertThat(detector.stalled(0, 130, 15 * S)).isTrue();
  }

  @Test
  @DisplayName("A quiet system is not stalled, however long it has been quiet")
  void quietIsNotStalled() {
    assertThat(detector.stalled(0, 100, 0)).isFalse();

    assertThat(detector.stalled(0, 100, 3600 * S)).isFalse();
    // after an hour of quiet, a waiting publish counts as stalled 15 s after the last quiet look
    assertThat(detector.stalled(0, 101, 3605 * S)).isFalse();
    assertThat(detector.stalled(0, 101, 3614 * S)).isFalse();
    assertThat(detector.stalled(0, 101, 3615 * S)).isTrue();
  }

  @Test
  @DisplayName("Deliveries keep it from firing")
  void deliveriesReset() {
    assertThat(detector.stalled(0, 100, 0)).isFalse();
    assertThat(detector.stalled(14 * S, 150, 14 * S)).isFalse();

    assertThat(detector.stalled(14 * S, 160, 20 * S)).isFalse();
    assertThat(detector.stalled(14 * S, 160, 28 * S)).isFalse();
    assertThat(detector.stalled(14 * S, 160, 29 * S)).isTrue();
  }

  @Test
  @DisplayName(
      "One session published and delivered between two looks, then a quiet night: no reconnect")
  void deliveredBetweenLooksIsNotWaiting() {
    assertThat(detector.stalled(0, 100, 0)).isFalse();
    // the broker counts the publish at 2 s and ingest gets it at 2.1 s
    assertThat(detector.stalled(2 * S + S / 10, 101, 5 * S)).isFalse();

    for (long t = 10; t <= 8 * 3600; t += 5) {
      assertThat(detector.stalled(2 * S + S / 10, 101, t * S)).as("at %d s", t).isFalse();
    }
  }

  @Test
  @DisplayName("Publishes that never reach ingest cause at most one reconnect")
  void oneReconnectForUndeliverablePublishes() {
    assertThat(detector.stalled(0, 100, 0)).isFalse();

    assertThat(detector.stalled(0, 101, 15 * S)).isTrue();
    assertThat(detector.stalled(0, 101, 30 * S)).isFalse();
    assertThat(detector.stalled(0, 101, 300 * S)).isFalse();
  }
}
