package io.careloop.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StallDetectorTest {

  private static final long S = 1_000_000_000L;

  @Test
  @DisplayName("Messages waiting at the broker with no delivery for 15 s is a stall")
  void waitingAndIdleIsAStall() {
    StallDetector d = new StallDetector(Duration.ofSeconds(15), 0);
    d.delivered(100, 0);

    assertThat(d.stalled(130, 10 * S)).isFalse();
    assertThat(d.stalled(130, 15 * S)).isTrue();
  }

  @Test
  @DisplayName("A quiet system is not stalled, however long it has been quiet")
  void quietIsNotStalled() {
    StallDetector d = new StallDetector(Duration.ofSeconds(15), 0);
    d.delivered(100, 0);

    assertThat(d.stalled(100, 3600 * S)).isFalse();
    // after an hour of quiet, waiting messages count as stalled 15 s after the last quiet check
    assertThat(d.stalled(101, 3605 * S)).isFalse();
    assertThat(d.stalled(101, 3614 * S)).isFalse();
    assertThat(d.stalled(101, 3615 * S)).isTrue();
  }

  @Test
  @DisplayName("Deliveries keep it from firing")
  void deliveriesReset() {
    StallDetector d = new StallDetector(Duration.ofSeconds(15), 0);
    d.delivered(100, 0);
    d.delivered(150, 14 * S);

    assertThat(d.stalled(160, 20 * S)).isFalse();
  }

  @Test
  @DisplayName("Publishes that never reach ingest cause at most one reconnect")
  void oneReconnectForUndeliverablePublishes() {
    StallDetector d = new StallDetector(Duration.ofSeconds(15), 0);
    d.delivered(100, 0);

    assertThat(d.stalled(101, 15 * S)).isTrue();
    assertThat(d.stalled(101, 30 * S)).isFalse();
    assertThat(d.stalled(101, 300 * S)).isFalse();
  }
}
