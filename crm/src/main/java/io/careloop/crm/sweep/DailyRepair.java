package io.careloop.crm.sweep;

import io.careloop.platform.time.IdMoment;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Which patients a sweep of a shard repairs: each once a day, at a second of the day their id
 * picks, so that a chain's repairs spread over the day. The search entries are kept by the writes
 * that change a patient, and an app account's profile by its events; the sweep's repair (the
 * re-index, the profile stored again with its address claim and registration) only mends what two
 * instances writing at once or a failed write left. Doing it at every sweep doubled the sweep's
 * reads of an imported patient, and cost an app account's patient a lightweight transaction.
 *
 * <p>A patient is due when their moment fell between the shard's previous sweep here and this one:
 * the sweep interval may be anything, so the rule needs the previous sweep's time rather than the
 * hour. With no previous sweep (a new instance, a shard newly taken) or one a day ago or more,
 * everyone is due; with a clock gone back, no one.
 *
 * @param previous when this instance last swept the shard, or null
 * @param now this sweep's time
 */
public record DailyRepair(Instant previous, Instant now) {

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
    return IdMoment.offset(patientId, DAY_SECONDS);
  }
}
