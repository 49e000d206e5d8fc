package io.careloop.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BacklogWatchTest {

  private static final long S = 1_000_000_000L;
  private final BacklogWatch watch = new BacklogWatch(Duration.ofSeconds(10));

  @Test
  @DisplayName(
      "Messages held by the broker while it sends nothing and its backlog does not shrink for 10 s are waiting")
  void heldWithoutMovementIsWaiting() {
    assertThat(watch.waiting(5, 100, 0)).isZero();
    assertThat(watch.waiting(5, 100, 9 * S)).isZero();
    assertThat(watch.waiting(7, 100, 10 * S)).as("new ones came, nothing went out").isEqualTo(7);
  }

  @Test
  @DisplayName("A backlog being delivered or worked off is not waiting, however long it lasts")
  void movingBacklogIsNotWaiting() {
    long sent = 0;
    for (long t = 0; t <= 60; t += 2) {
      sent += 500;
      assertThat(watch.waiting(40_000, sent, t * S)).as("delivering at %d s", t).isZero();
    }
    for (long t = 62, backlog = 40_000; t <= 120; t += 2, backlog -= 100) {
      assertThat(watch.waiting(backlog, sent, t * S)).as("acknowledged at %d s", t).isZero();
    }
  }

  @Test
  @DisplayName("An empty broker is never waiting, and the quiet time counts from the last movement")
  void emptyIsNotWaiting() {
    assertThat(watch.waiting(0, 100, 0)).isZero();
    assertThat(watch.waiting(0, 100, 3600 * S)).isZero();
    assertThat(watch.waiting(1, 101, 3601 * S)).as("sent is movement").isZero();
    assertThat(watch.waiting(1, 101, 3610 * S)).isZero();
    assertThat(watch.waiting(1, 101, 3611 * S)).isEqualTo(1);
    assertThat(watch.waiting(0, 101, 3612 * S)).as("stored and acknowledged").isZero();
  }
}
