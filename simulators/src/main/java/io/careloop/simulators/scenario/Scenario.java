package io.careloop.simulators.scenario;

import io.careloop.simulators.fleet.Link;
import io.careloop.simulators.fleet.MemberSpec;
import io.careloop.simulators.fleet.Pace;
import io.careloop.simulators.fleet.Shard;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run as a scenario file describes it (see {@link ScenarioReader} for the format): which CareLoop
 * and broker, the fleet and its pace, the app traffic, and the faults at their times.
 */
public record Scenario(
    String name,
    Path dir,
    Target careloop,
    Link.Broker broker,
    ZoneId zone,
    long seed,
    Optional<Integer> fleetId,
    List<MemberSpec> members,
    Pace pace,
    Optional<Traffic> traffic,
    List<Fault> faults,
    Duration settle,
    Shard shard) {

  /** The CareLoop to run against and its admin account. */
  public record Target(String api, String adminEmail, String adminPassword) {}

  /** Patients using the app while the fleet runs: one request every {@code every}, by weight. */
  public record Traffic(int patients, Duration every, Map<String, Integer> mix) {}

  /**
   * A command run at {@code at} after the fleet starts (by {@code bash -c}, in the scenario's
   * folder).
   */
  public record Fault(String name, Duration at, String run, Duration timeout) {}

  public Scenario with(Target target, Link.Broker newBroker, Shard newShard) {
    return new Scenario(
        name, dir, target, newBroker, zone, seed, fleetId, members, pace, traffic, faults, settle,
        newShard);
  }

  /**
   * The same replay sent in {@code over} instead (a compressed pace only: the sessions keep their
   * past times), its faults at the same share of the way: a shorter run of a shipped file for
   * tests.
   */
  public Scenario replayedIn(Duration over) {
    if (!(pace instanceof Pace.Compressed compressed)) {
      throw new IllegalArgumentException("only a replay (days and over) can be sent faster");
    }
    double share = over.toNanos() / (double) compressed.over().toNanos();
    List<Fault> scaled =
        faults.stream()
            .map(
                f ->
                    new Fault(
                        f.name(),
                        Duration.ofNanos(Math.round(f.at().toNanos() * share)),
                        f.run(),
                        f.timeout()))
            .toList();
    return new Scenario(
        name,
        dir,
        careloop,
        broker,
        zone,
        seed,
        fleetId,
        members,
        new Pace.Compressed(compressed.days(), over),
        traffic,
        scaled,
        settle,
        shard);
  }
}
