package io.careloop.crm.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Which imported patients a sweep of a shard re-indexes: each once a day, at a second of the day
 * their id picks, so that a chain's repairs spread over the day. The index is kept by the writes
 * that change a patient; the sweep's re-index only repairs what two instances writing at once left,
 * and reading every patient's index at every sweep doubled the sweep's reads of an imported
 * patient. (An app account's patient is re-indexed at every sweep as its profile is stored again.)
 *
 * <p>A patient is due when their moment fell between the shard's previous sweep here and this one:
 * the sweep interval may be anything, so the rule needs the previous sweep's time rather than the
 * hour. With no previous sweep (a new instance, a shard newly taken) or one a day ago or more,
 * everyone is due; with a clock gone back, no one.
 *
 * @param previous when this instance last swept the shard, or null
 * @param now this sweep's time
 */
public record IndexRepair(Instant previous, Instant now) {

  static final Duration DAY = Duration.ofDays(1);

  private static final long DAY_SECONDS = DAY.toSeconds();

  public boolean due(UUID patientId) {
    return previous == null || lastMoment(patientId, now).isAfter(previous);
  }

  /** The patient's latest moment of repair at or before {@code time}. */
  public static Instant lastMoment(UUID patientId, Instant time) {
    long moment = momentOfDay(patientId);
    long day = Math.floorDiv(time.getEpochSecond() - moment, DAY_SECONDS);
    return Instant.ofEpochSecond(day * DAY_SECONDS + moment);
  }

  /** The patient's second of the (UTC) day. */
  static long momentOfDay(UUID patientId) {
    return Math.floorMod(
        patientId.getMostSignificantBits() ^ patientId.getLeastSignificantBits(), DAY_SECONDS);
  }
}
