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
    assertThat(SessionPlacement.place(started, 120, false, RECEIVED))
        .isEqualTo(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    Instant ahead = RECEIVED.plus(Duration.ofMinutes(9));
    assertThat(SessionPlacement.place(ahead, 120, false, RECEIVED))
        .isEqualTo(Instant.parse("2026-11-24T07:42:10Z"));
  }

  @Test
  @DisplayName("A live session from a clock days behind is placed by the receive time")
  void daysBehindUsesReceiveTime() {
    Instant started = RECEIVED.minus(Duration.ofDays(3));
    assertThat(SessionPlacement.place(started, 120, false, RECEIVED))
        .isEqualTo(Instant.parse("2026-11-24T07:31:10Z"));
  }

  @Test
  @DisplayName("A backlog session up to 10 days old keeps its time; an older one does not")
  void backlogWindow() {
    Instant nineDays = RECEIVED.minus(Duration.ofDays(9));
    assertThat(SessionPlacement.place(nineDays, 120, true, RECEIVED))
        .isEqualTo(nineDays.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    Instant year2000 = Instant.parse("2000-01-01T00:00:00Z");
    assertThat(SessionPlacement.place(year2000, 120, true, RECEIVED))
        .isEqualTo(Instant.parse("2026-11-24T07:31:10Z"));
  }

  @Test
  @DisplayName(
      "A wider backlog window (a demo replaying weeks) keeps a 59-day-old backlog's time, and still not a live session's")
  void widerBacklogWindow() {
    Instant weeksAgo = RECEIVED.minus(Duration.ofDays(59));
    Duration window = Duration.ofDays(61);
    assertThat(SessionPlacement.place(weeksAgo, 120, true, RECEIVED, window))
        .isEqualTo(weeksAgo.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(SessionPlacement.place(weeksAgo, 120, true, RECEIVED))
        .as("the contract's window")
        .isEqualTo(Instant.parse("2026-11-24T07:31:10Z"));
    assertThat(SessionPlacement.place(weeksAgo, 120, false, RECEIVED, window))
        .isEqualTo(Instant.parse("2026-11-24T07:31:10Z"));
  }

  @Test
  @DisplayName("A start in the future beyond 10 minutes is not trusted")
  void futureIsNotTrusted() {
    Instant future = RECEIVED.plus(Duration.ofHours(5));
    assertThat(SessionPlacement.place(future, 60, false, RECEIVED))
        .isEqualTo(Instant.parse("2026-11-24T07:32:10Z"));
  }

  @Test
  @DisplayName(
      "A live session whose brush's time falls in an ended pairing is placed by its receipt; a backlog's is not")
  void liveSessionsStayInTheirReceiptsPairing() {
    java.util.UUID anna = java.util.UUID.randomUUID();
    Instant unpaired = RECEIVED.minus(Duration.ofMinutes(10));
    java.util.function.Function<Instant, java.util.Optional<java.util.UUID>> ownerAt =
        t -> t.isBefore(unpaired) ? java.util.Optional.of(anna) : java.util.Optional.empty();
    Instant slowClock =
        RECEIVED.minus(Duration.ofMinutes(40)); // plausible, and "during Anna's pairing"
    BrushingSession live = session(slowClock, false);
    BrushingSession backlog = session(slowClock, true);
    BrushingSession beforeUnpairing = session(RECEIVED.minus(Duration.ofMinutes(12)), false);

    assertThat(SessionPlacement.withinPairing(live, ownerAt).placedAt())
        .isEqualTo(Instant.parse("2026-11-24T07:31:10Z"));
    assertThat(SessionPlacement.withinPairing(backlog, ownerAt)).isSameAs(backlog);
    // never moved into a pairing: a brush's time after the unpairing stays, whatever the receipt
    // says
    java.util.function.Function<Instant, java.util.Optional<java.util.UUID>> pairedUntilNow =
        t ->
            t.isBefore(RECEIVED.minusSeconds(60))
                ? java.util.Optional.of(anna)
                : java.util.Optional.empty();
    BrushingSession afterUnpairing = session(RECEIVED.minusSeconds(30), false);
    assertThat(SessionPlacement.withinPairing(afterUnpairing, pairedUntilNow))
        .isSameAs(afterUnpairing);
    assertThat(
            SessionPlacement.withinPairing(
                    session(RECEIVED.minus(Duration.ofMinutes(3)), false), ownerAt)
                .placedAt())
        .isEqualTo(
            RECEIVED
                .minus(Duration.ofMinutes(3))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    // sent live 12 minutes after it began by its clock, received after the unpairing: the receipt
    // decides
    assertThat(SessionPlacement.withinPairing(beforeUnpairing, ownerAt).placedAt())
        .isAfter(unpaired);
  }

  private static BrushingSession session(Instant startedAt, boolean backlog) {
    return new BrushingSession(
        "TB-00A1B2C3",
        1,
        startedAt,
        120,
        "daily_clean",
        0,
        0,
        new BrushingSession.Zones(30, 30, 30, 30),
        90,
        java.util.OptionalDouble.empty(),
        50,
        "3.4.1",
        backlog,
        RECEIVED,
        SessionPlacement.place(startedAt, 120, backlog, RECEIVED));
  }
}
