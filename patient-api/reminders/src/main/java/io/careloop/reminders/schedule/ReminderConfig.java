package io.careloop.reminders.schedule;

import io.careloop.platform.cassandra.ShardLeases;
import io.careloop.platform.config.Env;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Configuration of reminders, read once from the environment ({@code CARELOOP_REMINDERS_*}).
 *
 * @param enabled run the scheduler in this instance
 * @param appointmentOffsets default offsets before an appointment (a clinic may set its own)
 * @param sameDayEarliest a same-day appointment reminder may arrive in quiet hours from this local
 *     time
 * @param recallTime local time of day of recall reminders
 * @param recallFollowUp the second recall reminder, if nothing is booked by then
 * @param recallServices names of services whose completion starts the recall interval
 * @param nudgeDefault the usual evening brushing time before history teaches one
 * @param nudgeLeadBeforeQuiet a nudge whose time falls in quiet hours goes this long before they
 *     begin
 * @param sweepInterval how often the scheduler sweeps due messages
 * @param repairInterval how often appointments of the next days are checked against their reminders
 * @param claimLease how long a claim holds a message before another instance may take it over
 * @param lookback how far back a first sweep (no watermark yet) looks for due messages
 * @param shards due-row partitions per hour
 * @param concurrency messages sent at once by one sweep
 */
public record ReminderConfig(
    boolean enabled,
    List<Duration> appointmentOffsets,
    LocalTime sameDayEarliest,
    LocalTime recallTime,
    Duration recallFollowUp,
    Set<String> recallServices,
    LocalTime nudgeDefault,
    Duration nudgeLeadBeforeQuiet,
    Duration sweepInterval,
    Duration repairInterval,
    Duration claimLease,
    Duration lookback,
    int shards,
    int concurrency) {

  public ReminderConfig {
    appointmentOffsets = List.copyOf(appointmentOffsets);
    recallServices =
        recallServices.stream()
            .map(s -> s.trim().toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());
    if (shards < 1 || shards > 256) {
      throw new IllegalArgumentException(
          "CARELOOP_REMINDERS_SHARDS must be 1 to 256, got " + shards);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          "CARELOOP_REMINDERS_CONCURRENCY must be at least 1, got " + concurrency);
    }
    for (Duration d : appointmentOffsets) {
      if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(30)) > 0) {
        throw new IllegalArgumentException(
            "CARELOOP_REMINDERS_APPOINTMENT_OFFSETS must be between 1m and 30d, got " + d);
      }
    }
  }

  public static ReminderConfig defaults() {
    return new ReminderConfig(
        true,
        List.of(Duration.ofHours(72), Duration.ofHours(24), Duration.ofHours(2)),
        LocalTime.of(6, 0),
        LocalTime.of(10, 0),
        Duration.ofDays(14),
        Set.of("cleaning", "check-up", "checkup"),
        LocalTime.of(21, 0),
        Duration.ofMinutes(30),
        Duration.ofSeconds(10),
        Duration.ofMinutes(10),
        Duration.ofMinutes(2),
        Duration.ofDays(7),
        16,
        64);
  }

  public static ReminderConfig fromEnv(Env env) {
    ReminderConfig d = defaults();
    return new ReminderConfig(
        env.bool("CARELOOP_REMINDERS_ENABLED", d.enabled()),
        env.optional("CARELOOP_REMINDERS_APPOINTMENT_OFFSETS")
            .map(
                v ->
                    Arrays.stream(v.split(","))
                        .map(s -> Env.parse("CARELOOP_REMINDERS_APPOINTMENT_OFFSETS", s.trim()))
                        .toList())
            .orElse(d.appointmentOffsets()),
        time(env, "CARELOOP_REMINDERS_SAME_DAY_EARLIEST", d.sameDayEarliest()),
        time(env, "CARELOOP_REMINDERS_RECALL_TIME", d.recallTime()),
        env.duration("CARELOOP_REMINDERS_RECALL_FOLLOW_UP", d.recallFollowUp()),
        env.optional("CARELOOP_REMINDERS_RECALL_SERVICES")
            .map(v -> Set.of(v.split(",")))
            .orElse(d.recallServices()),
        time(env, "CARELOOP_REMINDERS_NUDGE_DEFAULT_TIME", d.nudgeDefault()),
        env.duration("CARELOOP_REMINDERS_NUDGE_LEAD", d.nudgeLeadBeforeQuiet()),
        env.duration("CARELOOP_REMINDERS_SWEEP_INTERVAL", d.sweepInterval()),
        env.duration("CARELOOP_REMINDERS_REPAIR_INTERVAL", d.repairInterval()),
        env.duration("CARELOOP_REMINDERS_CLAIM_LEASE", d.claimLease()),
        env.duration("CARELOOP_REMINDERS_LOOKBACK", d.lookback()),
        env.integer("CARELOOP_REMINDERS_SHARDS", d.shards()),
        env.integer("CARELOOP_REMINDERS_CONCURRENCY", d.concurrency()));
  }

  private static LocalTime time(Env env, String name, LocalTime defaultValue) {
    return env.optional(name)
        .map(
            v -> {
              try {
                return LocalTime.parse(v);
              } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException(
                    name + " must be a local time like 06:00, got '" + v + "'");
              }
            })
        .orElse(defaultValue);
  }

  /** How long an instance keeps a sweep shard without sweeping it again. */
  public Duration sweepLease() {
    return ShardLeases.forSweepsEvery(sweepInterval);
  }

  public ReminderConfig withSweepInterval(Duration interval) {
    return new ReminderConfig(
        enabled,
        appointmentOffsets,
        sameDayEarliest,
        recallTime,
        recallFollowUp,
        recallServices,
        nudgeDefault,
        nudgeLeadBeforeQuiet,
        interval,
        repairInterval,
        claimLease,
        lookback,
        shards,
        concurrency);
  }

  public ReminderConfig off() {
    return new ReminderConfig(
        false,
        appointmentOffsets,
        sameDayEarliest,
        recallTime,
        recallFollowUp,
        recallServices,
        nudgeDefault,
        nudgeLeadBeforeQuiet,
        sweepInterval,
        repairInterval,
        claimLease,
        lookback,
        shards,
        concurrency);
  }
}
