package io.careloop.ingest.session;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one place that decides which time puts a session on a day.
 *
 * <p>Brush clocks can be wrong by minutes, and by days after a battery swap. We keep both the
 * brush's {@code startedAt} and our receive time, and place the session by:
 * <ul>
 *   <li>the brush's {@code startedAt} when it is plausible: not more than {@link #FUTURE_TOLERANCE}
 *       after we received it, and not earlier than the brush could have held it: a live upload
 *       ({@code backlog=false}) within {@link #LIVE_WINDOW} before receipt, a backlog upload within
 *       {@link #BACKLOG_WINDOW} (the brush keeps up to 10 days);</li>
 *   <li>otherwise our receive time minus the session's duration (the best estimate of when a
 *       session that was just uploaded began).</li>
 * </ul>
 * Minutes of drift therefore keep the brush's own time (it is right about the order and length of
 * sessions), while a clock that is days off is not allowed to move sessions to the wrong day.
 * The result is truncated to the second.
 */
public final class SessionPlacement {

  public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(10);
  public static final Duration LIVE_WINDOW = Duration.ofHours(24);
  public static final Duration BACKLOG_WINDOW = Duration.ofDays(11);

  private SessionPlacement() {
  }

  public static Instant place(Instant startedAt, int durationSec, boolean backlog, Instant receivedAt) {
    Instant latest = receivedAt.plus(FUTURE_TOLERANCE);
    Instant earliest = receivedAt.minus(backlog ? BACKLOG_WINDOW : LIVE_WINDOW);
    boolean plausible = !startedAt.isAfter(latest) && !startedAt.isBefore(earliest);
    Instant placed = plausible ? startedAt : receivedAt.minusSeconds(durationSec);
    return placed.truncatedTo(ChronoUnit.SECONDS);
  }

  /** Whether the brush's own time was used (false means its clock was implausible). */
  public static boolean trustsDeviceClock(Instant startedAt, Instant placedAt) {
    return startedAt.truncatedTo(ChronoUnit.SECONDS).equals(placedAt);
  }
}
