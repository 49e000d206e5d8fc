package io.careloop.simulators.scenario;

import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.simulators.fleet.FleetMix;
import io.careloop.simulators.fleet.Link;
import io.careloop.simulators.fleet.MemberSpec;
import io.careloop.simulators.fleet.Pace;
import io.careloop.simulators.fleet.Shard;
import io.careloop.simulators.profile.Profile;
import io.careloop.simulators.profile.Quirk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a scenario file (YAML, or JSON, which is YAML too) and refuses it, before anything runs,
 * with every mistake and its line. The format:
 *
 * <pre>
 * name: faults                      # required
 * careloop: {api: http://127.0.0.1:8080, admin: {email: ..., password: ...}}
 * broker: {uri: tcp://127.0.0.1:1883, username: ..., password: ...}   # credentials: else each brush's own
 * zone: Europe/Paris                # the patients' time zone
 * seed: 7
 * fleet:
 *   brushes: 40                     # with mix (profile: weight), quirks (quirk: share 0..1), plans (list)
 *   mix: {diligent: 3, rushed: 1}
 *   groups:                         # or exactly: count, profile, quirks, plan per group
 *     - {count: 2, profile: diligent, quirks: [duplicates], plan: standard}
 *   days: 10                        # replay the last days (at most 10) ...
 *   over: 2m                        # ... in this time; or
 *   duration: 10m                   # live, in real time
 * traffic: {patients: 5, every: 2s, mix: {book: 2, reschedule: 1, cancel: 1}}
 * faults:
 *   - {at: 30s, name: broker restart, run: ./restart-broker.sh, timeout: 2m}
 * settle: 90s                       # how long to wait for sessions and alerts after the fleet
 * </pre>
 */
public final class ScenarioReader {

  private static final Set<String> TRAFFIC_OPERATIONS = Set.of("book", "reschedule", "cancel");

  private final List<ScenarioException.Mistake> mistakes = new ArrayList<>();
  private final String file;

  private ScenarioReader(String file) {
    this.file = file;
  }

  public static Scenario read(Path path) {
    try {
      Path absolute = path.toAbsolutePath();
      return read(path.toString(), Files.readString(absolute), absolute.getParent());
    } catch (IOException e) {
      throw new ScenarioException(
          path.toString(),
          List.of(new ScenarioException.Mistake(0, "", "cannot be read: " + e.getMessage())));
    }
  }

  public static Scenario read(String file, String text, Path dir) {
    return new ScenarioReader(file).parse(text, dir);
  }

  private Scenario parse(String text, Path dir) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new java.io.StringReader(text));
    } catch (MarkedYAMLException e) {
      throw refused(
          e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1,
          "",
          "not YAML or JSON: " + e.getProblem());
    }
    if (root == null) {
      throw refused(1, "", "the file is empty");
    }
    Section top = Section.of(root, "", mistakes);
    Optional<String> name = top.string("name", true);
    Scenario.Target target = target(top);
    Link.Broker broker = broker(top);
    ZoneId zone =
        top.string("zone", false).flatMap(z -> zone(top, z)).orElse(ZoneId.of("Europe/Paris"));
    long seed = top.integer("seed", 0, Integer.MAX_VALUE, false).orElse(1);
    Optional<Integer> fleetId = top.integer("fleetId", 0, 0xFFFF, false);
    Optional<Section> fleet = top.section("fleet", true);
    List<MemberSpec> members = fleet.map(f -> members(f, seed)).orElse(List.of());
    Optional<Pace> pace = fleet.flatMap(this::pace);
    fleet.ifPresent(
        f -> {
          if (pace.orElse(null) instanceof Pace.Compressed
              && members.stream().anyMatch(m -> m.quirks().contains(Quirk.CHANGES_HANDS))) {
            f.mistake(
                "changes-hands needs a live run ('duration'): a replay's sessions all go to the first wearer");
          }
          f.noOtherKeys();
        });
    Optional<Scenario.Traffic> traffic = top.section("traffic", false).flatMap(this::traffic);
    List<Scenario.Fault> faults = faults(top, pace);
    Duration settle = top.duration("settle", false).orElse(Duration.ofSeconds(60));
    Shard shard = top.string("shard", false).flatMap(s -> shard(top, s)).orElse(Shard.WHOLE);
    top.noOtherKeys();
    if (!mistakes.isEmpty()) {
      mistakes.sort(java.util.Comparator.comparingInt(ScenarioException.Mistake::line));
      throw new ScenarioException(file, mistakes);
    }
    return new Scenario(
        name.orElseThrow(),
        dir,
        target,
        broker,
        zone,
        seed,
        fleetId,
        members,
        pace.orElseThrow(),
        traffic,
        faults,
        settle,
        shard);
  }

  private Scenario.Target target(Section top) {
    Optional<Section> careloop = top.section("careloop", false);
    String api = careloop.flatMap(c -> c.string("api", false)).orElse("http://127.0.0.1:8080");
    Optional<Section> admin = careloop.flatMap(c -> c.section("admin", false));
    String email = admin.flatMap(a -> a.string("email", true)).orElse("admin@careloop.local");
    String password = admin.flatMap(a -> a.string("password", true)).orElse("careloop-local-admin");
    admin.ifPresent(Section::noOtherKeys);
    careloop.ifPresent(Section::noOtherKeys);
    return new Scenario.Target(api, email, password);
  }

  private Link.Broker broker(Section top) {
    Optional<Section> broker = top.section("broker", false);
    String uri = broker.flatMap(b -> b.string("uri", false)).orElse("tcp://127.0.0.1:1883");
    String username = broker.flatMap(b -> b.string("username", false)).orElse(null);
    String password = broker.flatMap(b -> b.string("password", false)).orElse(null);
    broker.ifPresent(
        b -> {
          if ((username == null) != (password == null)) {
            b.mistake("username and password go together (without them each brush uses its own)");
          }
          if (!uri.startsWith("tcp://") && !uri.startsWith("ssl://")) {
            b.mistake("uri must start with tcp:// or ssl://, got '" + uri + "'");
          }
          b.noOtherKeys();
        });
    return new Link.Broker(uri, username, password);
  }

  private List<MemberSpec> members(Section fleet, long seed) {
    if (fleet.has("groups") == fleet.has("brushes")) {
      fleet.mistake(
          "give either 'brushes' (with mix, quirks, plans) or 'groups', not both and not neither");
    }
    if (fleet.has("groups")) {
      List<FleetMix.Group> groups = new ArrayList<>();
      List<Node> items = fleet.list("groups");
      for (int i = 0; i < items.size(); i++) {
        group(Section.of(items.get(i), fleet.at("groups[" + i + "]"), mistakes))
            .ifPresent(groups::add);
      }
      return FleetMix.of(groups);
    }
    Optional<Integer> brushes = fleet.integer("brushes", 1, 100_000, false);
    Map<Profile, Integer> mix = new LinkedHashMap<>();
    fleet
        .pairs("mix")
        .forEach(
            (k, v) ->
                enumValue(fleet, v, fleet.at("mix." + k), () -> Profile.of(k))
                    .ifPresent(
                        p ->
                            fleet
                                .number(v, fleet.at("mix." + k), 1, 1000)
                                .ifPresent(w -> mix.put(p, w.intValue()))));
    if (mix.isEmpty()) {
      for (Profile p : Profile.values()) {
        mix.put(p, 1);
      }
    }
    Map<Quirk, Double> quirks = new LinkedHashMap<>();
    fleet
        .pairs("quirks")
        .forEach(
            (k, v) ->
                enumValue(fleet, v, fleet.at("quirks." + k), () -> Quirk.of(k))
                    .ifPresent(
                        q ->
                            fleet
                                .number(v, fleet.at("quirks." + k), 0, 1)
                                .ifPresent(share -> quirks.put(q, share))));
    List<PlanTemplate> plans = new ArrayList<>();
    for (Node p : fleet.list("plans")) {
      fleet
          .scalar(p, fleet.at("plans"))
          .flatMap(
              text -> enumValue(fleet, p, fleet.at("plans"), () -> PlanTemplate.fromJson(text)))
          .ifPresent(plans::add);
    }
    if (plans.isEmpty()) {
      plans.addAll(List.of(PlanTemplate.values()));
    }
    return brushes.map(n -> FleetMix.of(n, mix, quirks, plans, seed)).orElse(List.of());
  }

  private Optional<FleetMix.Group> group(Section g) {
    Optional<Integer> count = g.integer("count", 1, 100_000, false);
    Optional<Profile> profile =
        g.required("profile")
            .flatMap(
                n ->
                    g.scalar(n, "profile")
                        .flatMap(text -> enumValue(g, n, g.at("profile"), () -> Profile.of(text))));
    Set<Quirk> quirks = EnumSet.noneOf(Quirk.class);
    for (Node q : g.list("quirks")) {
      g.scalar(q, g.at("quirks"))
          .flatMap(text -> enumValue(g, q, g.at("quirks"), () -> Quirk.of(text)))
          .ifPresent(quirks::add);
    }
    Optional<PlanTemplate> plan =
        g.required("plan")
            .flatMap(
                n ->
                    g.scalar(n, "plan")
                        .flatMap(
                            text ->
                                enumValue(g, n, g.at("plan"), () -> PlanTemplate.fromJson(text))));
    g.noOtherKeys();
    if (profile.isEmpty() || plan.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new FleetMix.Group(count.orElse(1), profile.get(), quirks, plan.get()));
  }

  private Optional<Pace> pace(Section fleet) {
    Optional<Integer> days = fleet.integer("days", 1, Pace.MAX_COMPRESSED_DAYS, false);
    Optional<Duration> over = fleet.duration("over", false);
    Optional<Duration> duration = fleet.duration("duration", false);
    if (fleet.has("duration") == fleet.has("days")) {
      fleet.mistake(
          "give either 'days' and 'over' (a replay of past days) or 'duration' (live), not both");
      return Optional.empty();
    }
    if (duration.isPresent()) {
      return Optional.of(new Pace.Live(duration.get()));
    }
    if (fleet.has("days") && !fleet.has("over")) {
      fleet.mistake("'days' needs 'over': how long the replay of those days takes");
    }
    return days.flatMap(d -> over.map(o -> new Pace.Compressed(d, o)));
  }

  private Optional<Scenario.Traffic> traffic(Section t) {
    Optional<Integer> patients = t.integer("patients", 1, 10_000, true);
    Optional<Duration> every = t.duration("every", true);
    Map<String, Integer> mix = new LinkedHashMap<>();
    t.pairs("mix")
        .forEach(
            (op, weight) -> {
              if (!TRAFFIC_OPERATIONS.contains(op)) {
                t.mistake(
                    weight,
                    t.at("mix." + op),
                    "unknown operation; one of book, reschedule, cancel");
              } else {
                t.number(weight, t.at("mix." + op), 0, 1000)
                    .ifPresent(w -> mix.put(op, w.intValue()));
              }
            });
    t.noOtherKeys();
    if (mix.isEmpty()) {
      mix.putAll(Map.of("book", 2, "reschedule", 1, "cancel", 1));
    }
    return patients.flatMap(p -> every.map(e -> new Scenario.Traffic(p, e, mix)));
  }

  private List<Scenario.Fault> faults(Section top, Optional<Pace> pace) {
    List<Scenario.Fault> faults = new ArrayList<>();
    List<Node> items = top.list("faults");
    for (int i = 0; i < items.size(); i++) {
      Section f = Section.of(items.get(i), "faults[" + i + "]", mistakes);
      Optional<Duration> at = f.duration("at", true);
      Optional<String> name = f.string("name", true);
      Optional<String> run = f.string("run", true);
      Duration timeout = f.duration("timeout", false).orElse(Duration.ofMinutes(2));
      f.noOtherKeys();
      if (at.isPresent() && pace.isPresent() && at.get().compareTo(pace.get().realDuration()) > 0) {
        f.mistake(
            items.get(i),
            f.at("at"),
            "is after the fleet's end ("
                + pace.get().realDuration().toSeconds()
                + " s): it would never happen");
      }
      if (at.isPresent() && name.isPresent() && run.isPresent()) {
        faults.add(new Scenario.Fault(name.get(), at.get(), run.get(), timeout));
      }
    }
    return faults;
  }

  private Optional<ZoneId> zone(Section top, String text) {
    try {
      return Optional.of(ZoneId.of(text));
    } catch (RuntimeException e) {
      top.mistake(
          top.node("zone").orElseThrow(),
          "zone",
          "not a time zone (e.g. Europe/Paris): '" + text + "'");
      return Optional.empty();
    }
  }

  private Optional<Shard> shard(Section top, String text) {
    try {
      return Optional.of(Shard.parse(text));
    } catch (IllegalArgumentException e) {
      top.mistake(top.node("shard").orElseThrow(), "shard", e.getMessage());
      return Optional.empty();
    }
  }

  private static <T> Optional<T> enumValue(
      Section s, Node n, String where, java.util.function.Supplier<T> parse) {
    try {
      return Optional.of(parse.get());
    } catch (IllegalArgumentException e) {
      s.mistake(n, where, e.getMessage());
      return Optional.empty();
    }
  }

  private ScenarioException refused(int line, String path, String problem) {
    return new ScenarioException(file, List.of(new ScenarioException.Mistake(line, path, problem)));
  }
}
