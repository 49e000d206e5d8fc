package io.careloop.alerts.plan;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A patient listed for the sweep.
 *
 * @param until when their plan ends; empty for a listing whose plan went while the sweep judged it
 * @param judgeAt when the sweep judges them next; empty: at its next pass
 */
public record Listed(UUID patientId, Optional<Instant> until, Optional<Instant> judgeAt) {

  /** The plan ended (or went): the patient leaves the list. */
  public boolean endedBy(Instant now) {
    return until.map(end -> !end.isAfter(now)).orElse(true);
  }

  /** The sweep at {@code now} judges them. */
  public boolean dueBy(Instant now) {
    return judgeAt.map(at -> !at.isAfter(now)).orElse(true);
  }
}
