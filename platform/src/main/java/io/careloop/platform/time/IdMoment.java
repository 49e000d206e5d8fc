package io.careloop.platform.time;

import java.util.UUID;

/**
 * Where in a recurring period a patient's periodic work falls, picked by their id: spread evenly
 * over the period, and the same in every period, so that a sweep's work for many patients is not
 * due all at once.
 */
public final class IdMoment {

  private IdMoment() {}

  /** The id's offset into a period of {@code units} (seconds, milliseconds: the caller's unit). */
  public static long offset(UUID id, long units) {
    return Math.floorMod(id.getMostSignificantBits() ^ id.getLeastSignificantBits(), units);
  }
}
