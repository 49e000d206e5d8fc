package io.careloop.simulators.scenario;

import io.careloop.simulators.AppClient;
import io.careloop.simulators.chain.Account;
import io.careloop.simulators.chain.ChainSetup;
import io.careloop.simulators.clinical.AlertsJudge;
import io.careloop.simulators.clinical.JudgedPatient;
import io.careloop.simulators.fleet.Enrolled;
import io.careloop.simulators.fleet.Fleet;
import io.careloop.simulators.fleet.FleetMember;
import io.careloop.simulators.fleet.FleetPlan;
import io.careloop.simulators.fleet.Pace;
import io.careloop.simulators.fleet.Timeline;
import io.careloop.simulators.report.HtmlReport;
import io.careloop.simulators.report.Observed;
import io.careloop.simulators.report.RunLog;
import io.careloop.simulators.report.RunReport;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scenario end to end: checks that CareLoop and the broker answer, sets up the clinic and
 * the fleet through the API, starts the brushes, the app traffic and the faults at their times,
 * waits for what was acknowledged to be stored and for the alerts the rules should open, then reads
 * everything back through the API and writes the JSON and HTML reports.
 */
public final class ScenarioRun {

  /**
   * How a run ended: the report, where it was written, and whether it kept every acknowledged
   * session once.
   */
  public record Result(JsonObject report, Path json, Path html) {
    public long lost() {
      return report.getJsonObject("sessions").getLong("lost");
    }

    public long storedTwice() {
      return report.getJsonObject("sessions").getLong("storedTwice");
    }
  }

  /** A run that could not start or go on: what is unreachable or refused, said plainly. */
  public static final class Unreachable extends RuntimeException {
    public Unreachable(String message) {
      super(message);
    }
  }

  private static final String PASSWORD = "simulated patient password";
  private static final Duration GRACE = Duration.ofSeconds(60);

  private final Scenario scenario;
  private final Path reportDir;
  private final Map<String, String> faultEnvironment;
  private final ProgressLine progress;

  public ScenarioRun(
      Scenario scenario,
      Path reportDir,
      Map<String, String> faultEnvironment,
      ProgressLine progress) {
    this.scenario = scenario;
    this.reportDir = reportDir;
    this.faultEnvironment = faultEnvironment;
    this.progress = progress;
  }

  public Result run() throws Exception {
    Reachability.careloop(scenario.careloop().api())
        .ifPresent(
            problem -> {
              throw new Unreachable(problem);
            });
    Reachability.broker(scenario.broker().uri())
        .ifPresent(
            problem -> {
              throw new Unreachable(problem);
            });
    AppClient app = new AppClient(scenario.careloop().api());
    ChainSetup chain = signIn(app);
    int fleetId = scenario.fleetId().orElseGet(() -> new Random().nextInt(0x10000));
    Timeline planned = Timeline.of(scenario.pace(), Instant.now());
    List<FleetMember> members =
        FleetPlan.plan(
            scenario.members(),
            scenario.shard(),
            scenario.pace(),
            planned,
            scenario.zone(),
            fleetId,
            scenario.seed());
    try (Fleet fleet =
        new Fleet(
            new Fleet.Settings(chain, scenario.broker(), scenario.zone(), fleetId, PASSWORD),
            members)) {
      progress.show(
          "Setting up " + members.size() + " brushes through " + scenario.careloop().api());
      fleet.enroll(4, n -> progress.show("Enrolled " + n + "/" + members.size() + " brushes"));
      List<Account> trafficPatients = trafficPatients(chain, fleetId);
      Instant start = Instant.now();
      RunLog log = new RunLog(start);
      Timeline timeline = running(planned, start);
      drive(fleet, timeline, log, trafficPatients);
      return finish(fleet, members, timeline, log);
    }
  }

  private ChainSetup signIn(AppClient app) {
    try {
      return ChainSetup.asAdmin(
          app, scenario.careloop().adminEmail(), scenario.careloop().adminPassword());
    } catch (IllegalStateException e) {
      throw new Unreachable(
          "CareLoop at "
              + scenario.careloop().api()
              + " refused the admin sign-in: "
              + e.getMessage());
    }
  }

  /** A replay runs from now on; a live run's time is the clock's. */
  private Timeline running(Timeline planned, Instant start) {
    if (!planned.compressed()) {
      return planned;
    }
    return new Timeline(
        planned.virtualStart(),
        planned.virtualEnd(),
        start,
        start.plus(scenario.pace().realDuration()));
  }

  private List<Account> trafficPatients(ChainSetup chain, int fleetId) {
    List<Account> patients = new ArrayList<>();
    int count = scenario.traffic().map(Scenario.Traffic::patients).orElse(0);
    for (int i = 0; i < count; i++) {
      patients.add(
          chain.patient(
              String.format(
                  "sim-traffic-%04x-%d-%s@example.org",
                  fleetId, i, UUID.randomUUID().toString().substring(0, 6)),
              PASSWORD,
              "Sim traffic " + i,
              scenario.zone()));
    }
    return patients;
  }

  private void drive(Fleet fleet, Timeline timeline, RunLog log, List<Account> trafficPatients)
      throws Exception {
    ScheduledExecutorService faults =
        Executors.newScheduledThreadPool(Math.max(1, scenario.faults().size()));
    FaultRunner runner = new FaultRunner(scenario.dir(), faultEnvironment, log);
    scenario
        .faults()
        .forEach(
            f -> faults.schedule(() -> runner.run(f), f.at().toMillis(), TimeUnit.MILLISECONDS));
    AppTraffic traffic =
        trafficPatients.isEmpty()
            ? null
            : new AppTraffic(
                scenario.traffic().orElseThrow(),
                trafficPatients,
                fleet.clinic(),
                log,
                scenario.seed());
    Thread trafficThread = traffic == null ? null : new Thread(traffic, "app-traffic");
    if (trafficThread != null) {
      trafficThread.setDaemon(true);
      trafficThread.start();
    }
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ticker.scheduleAtFixedRate(() -> progress.show(status(log, timeline)), 1, 1, TimeUnit.SECONDS);
    try {
      fleet.run(timeline, GRACE, log);
    } finally {
      if (traffic != null) {
        traffic.stop();
      }
      faults.shutdown();
      faults.awaitTermination(10, TimeUnit.MINUTES);
      ticker.shutdownNow();
    }
  }

  private String status(RunLog log, Timeline timeline) {
    long elapsed = Duration.between(timeline.realStart(), Instant.now()).toSeconds();
    long total = Duration.between(timeline.realStart(), timeline.realEnd()).toSeconds();
    return String.format(
        "%3d/%d s  sessions published %d, acknowledged %d, failed publishes %d, faults run %d/%d",
        elapsed,
        total,
        log.sessionsPublished(),
        log.sessionsAcknowledged(),
        log.failedCount(),
        log.faults().size(),
        scenario.faults().size());
  }

  private Result finish(Fleet fleet, List<FleetMember> members, Timeline timeline, RunLog log)
      throws IOException {
    Map<String, Enrolled> enrolled = new LinkedHashMap<>();
    members.forEach(m -> enrolled.put(m.deviceId(), fleet.enrolled(m)));
    List<Account> patients = new ArrayList<>();
    enrolled.values().forEach(e -> e.tenures().forEach(t -> patients.add(t.patient())));
    Instant from = timeline.virtualStart().minus(Duration.ofDays(4));
    Map<String, List<Observed.StoredCopy>> stored = awaitStored(patients, from, log);
    Map<UUID, Set<String>> judged = judge(enrolled, log);
    Map<UUID, Map<String, JsonObject>> alerts = awaitAlerts(fleet, judged);
    Instant end = Instant.now();
    JsonObject report =
        RunReport.build(
            new RunReport.Inputs(
                scenario.name(),
                meta(timeline, fleet),
                end,
                members,
                enrolled,
                log,
                new Observed(stored, alerts),
                judged));
    return write(report);
  }

  /**
   * Polls the patients' lists until every acknowledged session is there, or the settle time is up.
   */
  private Map<String, List<Observed.StoredCopy>> awaitStored(
      List<Account> patients, Instant from, RunLog log) {
    Instant deadline = Instant.now().plus(scenario.settle());
    while (true) {
      Map<String, List<Observed.StoredCopy>> stored = Readback.sessions(patients, from);
      long missing =
          log.tracks().entrySet().stream()
              .filter(e -> e.getValue().acknowledged() != null && !stored.containsKey(e.getKey()))
              .count();
      progress.show("Waiting for CareLoop to store " + missing + " acknowledged sessions");
      if (missing == 0 || Instant.now().isAfter(deadline)) {
        return stored;
      }
      pause(2000);
    }
  }

  /** The real rules over what reached CareLoop (each acknowledged publish, when acknowledged). */
  private Map<UUID, Set<String>> judge(Map<String, Enrolled> enrolled, RunLog log) {
    List<JudgedPatient> patients = new ArrayList<>();
    List<AlertsJudge.Pairing> pairings = new ArrayList<>();
    enrolled
        .values()
        .forEach(
            e ->
                e.tenures()
                    .forEach(
                        t -> {
                          patients.add(
                              new JudgedPatient(
                                  t.patient().id(),
                                  e.member().spec().plan(),
                                  t.planStart(),
                                  Instant.now().plus(Duration.ofDays(90)),
                                  scenario.zone()));
                          pairings.add(
                              new AlertsJudge.Pairing(
                                  e.member().deviceId(),
                                  t.patient().id(),
                                  t.pairedAt(),
                                  t.unpairedAt()));
                        }));
    AlertsJudge judge = new AlertsJudge(patients, pairings, Duration.ofMinutes(5));
    var opened =
        judge.judge(
            log.arrivals().stream().map(a -> new AlertsJudge.Arrival(a.at(), a.payload())).toList(),
            Instant.now());
    Map<UUID, Set<String>> judged = new HashMap<>();
    opened.forEach((patient, rules) -> judged.put(patient, Set.copyOf(rules.keySet())));
    return judged;
  }

  /** Polls the nurse's list until every alert the rules open is there, or the settle time is up. */
  private Map<UUID, Map<String, JsonObject>> awaitAlerts(
      Fleet fleet, Map<UUID, Set<String>> judged) {
    Instant deadline = Instant.now().plus(scenario.settle());
    while (true) {
      Map<UUID, Map<String, JsonObject>> alerts =
          Readback.alerts(fleet.nurse(), fleet.clinic().id());
      long missing =
          judged.entrySet().stream()
              .mapToLong(
                  e ->
                      e.getValue().stream()
                          .filter(
                              rule -> !alerts.getOrDefault(e.getKey(), Map.of()).containsKey(rule))
                          .count())
              .sum();
      progress.show("Waiting for " + missing + " alerts the rules open");
      if (missing == 0 || Instant.now().isAfter(deadline)) {
        return alerts;
      }
      pause(2000);
    }
  }

  private JsonObject meta(Timeline timeline, Fleet fleet) {
    return new JsonObject()
        .put("api", scenario.careloop().api())
        .put("broker", scenario.broker().uri())
        .put(
            "pace",
            scenario.pace() instanceof Pace.Compressed c
                ? c.days() + " days in " + c.over().toSeconds() + " s"
                : "live " + scenario.pace().realDuration().toSeconds() + " s")
        .put("brushes", fleet.members().size())
        .put("shard", scenario.shard().toString())
        .put("zone", scenario.zone().getId())
        .put("seed", scenario.seed())
        .put("replayedFrom", timeline.virtualStart().toString());
  }

  private Result write(JsonObject report) throws IOException {
    Files.createDirectories(reportDir);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(java.time.ZoneOffset.UTC)
            .format(Instant.now());
    String base =
        scenario.name().replaceAll("[^A-Za-z0-9_-]", "_")
            + "-"
            + scenario.shard().index()
            + "-"
            + stamp;
    Path json = reportDir.resolve(base + ".json");
    Path html = reportDir.resolve(base + ".html");
    Files.writeString(json, report.encodePrettily());
    Files.writeString(html, HtmlReport.render(report));
    return new Result(report, json, html);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
