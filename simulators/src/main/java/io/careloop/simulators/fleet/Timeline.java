package io.careloop.simulators.fleet;

import java.time.Duration;
import java.time.Instant;

/**
 * Maps the brushes' time (when a session is sent in the simulated days) to the moment the fleet
 * sends it: the same for a live run; for a replay, the last days squeezed into the run's minutes.
 */
public record Timeline(
    Instant virtualStart, Instant virtualEnd, Instant realStart, Instant realEnd) {

  public static Timeline of(Pace pace, Instant now) {
    if (pace instanceof Pace.Compressed c) {
      return new Timeline(now.minus(Duration.ofDays(c.days())), now, now, now.plus(c.over()));
    }
    Duration live = ((Pace.Live) pace).duration();
    return new Timeline(now, now.plus(live), now, now.plus(live));
  }

  public boolean compressed() {
    return !virtualStart.equals(realStart);
  }

  /** When the fleet sends what the brush sends at {@code virtual}. */
  public Instant real(Instant virtual) {
    if (!compressed()) {
      return virtual;
    }
    double share =
        (double) Duration.between(virtualStart, virtual).toMillis()
            / Duration.between(virtualStart, virtualEnd).toMillis();
    return realStart.plusMillis((long) (share * Duration.between(realStart, realEnd).toMillis()));
  }

  public boolean covers(Instant virtual) {
    return !virtual.isBefore(virtualStart) && !virtual.isAfter(virtualEnd);
  }
}
