package io.careloop.ingest.session;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one place that decides which time puts a session on a day.
 *
 * <p>Brush clocks can be wrong by minutes, and by days after a battery swap. We keep both the
 * brush's {@code startedAt} and our receive time, and place the session by:
 *
 * <ul>
 *   <li>the brush's {@code startedAt} when it is plausible: not more than {@link #FUTURE_TOLERANCE}
 *       after we received it, and not earlier than the brush could have held it: a live upload
 *       ({@code backlog=false}) within {@link #LIVE_WINDOW} before receipt, a backlog upload within
 *       {@link #BACKLOG_WINDOW} (the brush keeps up to 10 days);
 *   <li>otherwise our receive time minus the session's duration (the best estimate of when a
 *       session that was just uploaded began).
 * </ul>
 *
 * Minutes of drift therefore keep the brush's own time (it is right about the order and length of
 * sessions), while a clock that is days off is not allowed to move sessions to the wrong day. The
 * live window is a day, not minutes, because "received" is when ingest took the message: after an
 * outage of ingest the broker hands over live sessions published hours before, with right clocks. A
 * clock hours behind (which the contract does not foresee) is therefore believed. The result is
 * truncated to the second. This decides the placement of a session's first copy; later copies keep
 * it (see {@code SessionIngestor}), whatever their own receipt would give.
 *
 * <p>The placement also decides whose session it is (the pairing that covers it, see {@code
 * Device.ownerAt}). A live upload was brushed moments before we received it, so when the brush's
 * clock would give it to a patient whose pairing had ended by then (a clock behind, a pairing that
 * ended minutes ago), the receipt places it ({@link #withinPairing}): nobody is given a session
 * brushed after their pairing ended. A backlog's sessions have only the brush's clock to go by.
 */
public final class SessionPlacement {

  public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(10);
  public static final Duration LIVE_WINDOW = Duration.ofHours(24);
  public static final Duration BACKLOG_WINDOW = Duration.ofDays(11);

  private SessionPlacement() {}

  public static Instant place(
      Instant startedAt, int durationSec, boolean backlog, Instant receivedAt) {
    return place(startedAt, durationSec, backlog, receivedAt, BACKLOG_WINDOW);
  }

  /**
   * The same with another backlog window than the contract's brushes need: a demo or a migration
   * that replays weeks of history as backlog ({@code CARELOOP_INGEST_BACKLOG_WINDOW}).
   */
  public static Instant place(
      Instant startedAt,
      int durationSec,
      boolean backlog,
      Instant receivedAt,
      Duration backlogWindow) {
    Instant latest = receivedAt.plus(FUTURE_TOLERANCE);
    Instant earliest = receivedAt.minus(backlog ? backlogWindow : LIVE_WINDOW);
    boolean plausible = !startedAt.isAfter(latest) && !startedAt.isBefore(earliest);
    Instant placed = plausible ? startedAt : receivedAt.minusSeconds(durationSec);
    return placed.truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * The session, placed by its receipt instead when it is a live upload that the brush's time gives
   * to a patient whose pairing had ended when, by our clock, it began ({@code ownerAt} gives a
   * time's pairing's patient). A session is never moved into a pairing this way, only out of one.
   */
  public static BrushingSession withinPairing(
      BrushingSession s, Function<Instant, Optional<UUID>> ownerAt) {
    if (s.backlog()) {
      return s;
    }
    Optional<UUID> byBrush = ownerAt.apply(s.placedAt());
    Instant byReceipt =
        s.receivedAt().minusSeconds(s.durationSec()).truncatedTo(ChronoUnit.SECONDS);
    return byBrush.isEmpty() || byBrush.equals(ownerAt.apply(byReceipt))
        ? s
        : s.withPlacedAt(byReceipt);
  }
}
