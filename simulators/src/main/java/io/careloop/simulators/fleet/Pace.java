package io.careloop.simulators.fleet;

import java.time.Duration;

/** How a fleet's time runs: as the clock does, or the last days replayed in a few minutes. */
public sealed interface Pace permits Pace.Live, Pace.Compressed {

  /**
   * The most days a replay may go back: the brush keeps up to 10 days (contract), ingest believes
   * 11.
   */
  int MAX_COMPRESSED_DAYS = 10;

  /** Real time: sessions when they are brushed, for {@code duration}. */
  record Live(Duration duration) implements Pace {
    public Live {
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("a live run needs a duration above zero");
      }
    }
  }

  /**
   * The last {@code days} days up to now, sent in {@code over}: each session as a backlog upload
   * carrying its past time, as a brush that was offline sends it (the contract allows ten days).
   */
  record Compressed(int days, Duration over) implements Pace {
    public Compressed {
      if (days < 1 || days > MAX_COMPRESSED_DAYS) {
        throw new IllegalArgumentException(
            "days must be between 1 and "
                + MAX_COMPRESSED_DAYS
                + " (a brush keeps up to ten days of sessions), got "
                + days);
      }
      if (over.isNegative() || over.isZero()) {
        throw new IllegalArgumentException("the replay needs a duration above zero");
      }
    }
  }

  /** How long the sending lasts in real time. */
  default Duration realDuration() {
    return this instanceof Live live ? live.duration() : ((Compressed) this).over();
  }
}
