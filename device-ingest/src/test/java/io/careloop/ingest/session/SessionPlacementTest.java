package io.careloop.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionPlacementTest {

  private static final Instant RECEIVED = Instant.parse("2026-11-24T07:33:10.250Z");

  @Test
  @DisplayName("A clock a few minutes off keeps the brush's own time")
  void minutesOfDriftKeepDeviceTime() {
    Instant started = RECEIVED.minus(Duration.ofMinutes(7));
    assertThat(SessionPlacement.place(started, 120, false, RECEIVED)).isEqualTo(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    Instant ahead = RECEIVED.plus(Duration.ofMinutes(9));
    assertThat(SessionPlacement.place(ahead, 120, false, RECEIVED)).isEqualTo(Instant.parse("2026-11-24T07:42:10Z"));
  }

  @Test
  @DisplayName("A live session from a clock days behind is placed by the receive time")
  void daysBehindUsesReceiveTime() {
    Instant started = RECEIVED.minus(Duration.ofDays(3));
    assertThat(SessionPlacement.place(started, 120, false, RECEIVED)).isEqualTo(Instant.parse("2026-11-24T07:31:10Z"));
  }

  @Test
  @DisplayName("A backlog session up to 10 days old keeps its time; an older one does not")
  void backlogWindow() {
    Instant nineDays = RECEIVED.minus(Duration.ofDays(9));
    assertThat(SessionPlacement.place(nineDays, 120, true, RECEIVED)).isEqualTo(nineDays.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    Instant year2000 = Instant.parse("2000-01-01T00:00:00Z");
    assertThat(SessionPlacement.place(year2000, 120, true, RECEIVED)).isEqualTo(Instant.parse("2026-11-24T07:31:10Z"));
  }

  @Test
  @DisplayName("A start in the future beyond 10 minutes is not trusted")
  void futureIsNotTrusted() {
    Instant future = RECEIVED.plus(Duration.ofHours(5));
    assertThat(SessionPlacement.place(future, 60, false, RECEIVED)).isEqualTo(Instant.parse("2026-11-24T07:32:10Z"));
    assertThat(SessionPlacement.trustsDeviceClock(future, SessionPlacement.place(future, 60, false, RECEIVED))).isFalse();
  }
}
