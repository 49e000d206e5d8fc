package io.careloop.simulators.cli;

import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.simulators.fleet.FleetMix;
import io.careloop.simulators.fleet.Link;
import io.careloop.simulators.fleet.Pace;
import io.careloop.simulators.fleet.Shard;
import io.careloop.simulators.profile.Profile;
import io.careloop.simulators.profile.Quirk;
import io.careloop.simulators.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code careloop-sim fleet}: N brushes of a mix of profiles, live or replaying the last days. */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description =
        "Registers and pairs N brushes through the API, then sends their sessions over MQTT: live for"
            + " --duration, or the last --days replayed --over a few minutes; then reports as a scenario does.")
final class FleetCommand implements Callable<Integer> {

  @Option(
      names = "--brushes",
      defaultValue = "20",
      description = "How many brushes (${DEFAULT-VALUE}).")
  int brushes;

  @Option(
      names = "--mix",
      defaultValue = "all",
      description =
          "Profiles by weight, e.g. diligent=3,rushed=1 (all: each once). Profiles: ${COMPLETION-CANDIDATES}")
  String mix;

  @Option(
      names = "--quirks",
      defaultValue = "",
      description = "Shares of brushes with a quirk, e.g. duplicates=0.2.")
  String quirks;

  @Option(
      names = "--plans",
      defaultValue = "standard,post_surgery,periodontal,orthodontic",
      split = ",",
      description = "Care plans the brushes' patients get, in turn (${DEFAULT-VALUE}).")
  List<String> plans;

  @Option(
      names = "--days",
      description = "Replay the last N days (at most 10: what a brush keeps) ...")
  Integer days;

  @Option(
      names = "--over",
      defaultValue = "PT2M",
      description = "... in this time (ISO-8601, e.g. PT2M).")
  Duration over;

  @Option(names = "--duration", description = "Or run live for this long (e.g. PT30M).")
  Duration duration;

  @Option(
      names = "--zone",
      defaultValue = "Europe/Paris",
      description = "The clinic's and patients' time zone.")
  ZoneId zone;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "The same seed sends the same sessions.")
  long seed;

  @Option(names = "--fleet-id", description = "0..65535: the device ids' prefix (default: random).")
  Integer fleetId;

  @Option(
      names = "--settle",
      defaultValue = "PT1M",
      description = "How long to wait for sessions and alerts after.")
  Duration settle;

  @Mixin Target target = new Target();

  @Override
  public Integer call() throws Exception {
    if ((days == null) == (duration == null)) {
      System.err.println(
          "Give either --days (a replay of past days, with --over) or --duration (live).");
      return 2;
    }
    try {
      return target.run(target.applyTo(scenario()));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "; nothing was run.");
      return 2;
    }
  }

  private Scenario scenario() {
    Pace pace = days != null ? new Pace.Compressed(days, over) : new Pace.Live(duration);
    Map<Profile, Integer> profiles = new LinkedHashMap<>();
    FleetMix.weights(mix, Arrays.stream(Profile.values()).map(Profile::id).toList())
        .forEach((id, w) -> profiles.put(Profile.of(id), w.intValue()));
    Map<Quirk, Double> shares = new LinkedHashMap<>();
    FleetMix.weights(quirks, Arrays.stream(Quirk.values()).map(Quirk::id).toList())
        .forEach((id, share) -> shares.put(Quirk.of(id), share));
    List<PlanTemplate> planList = plans.stream().map(PlanTemplate::fromJson).toList();
    return new Scenario(
        "fleet",
        Path.of("."),
        new Scenario.Target(
            "http://127.0.0.1:8080", "admin@careloop.local", "careloop-local-admin"),
        new Link.Broker("tcp://127.0.0.1:1883", null, null),
        zone,
        seed,
        Optional.ofNullable(fleetId),
        FleetMix.of(brushes, profiles, shares, planList, seed),
        pace,
        Optional.empty(),
        List.of(),
        settle,
        Shard.WHOLE);
  }
}
