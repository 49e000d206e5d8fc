package io.careloop.e2e;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.eclipse.paho.mqttv5.client.IMqttToken;

/**
 * Reads through the gateway at many concurrent clients (issue 30, goal 4): patients reading their
 * daily brushing view of 30 days and nurses reading their clinic's worklist, each client sending
 * its next request when the last was answered (a closed loop: the most the gateway serves at that
 * many clients). It prints requests per second and latency per kind, the CPU per request of
 * CareLoop's JVM and of Cassandra, and the share of CareLoop's CPU that the edge costs: the token
 * check, the OpenAPI validation, the role check and the problem mapping. That share comes from JFR
 * execution samples of CareLoop's threads (the clients' threads left out), each sample counted for
 * the innermost kind of code on its stack. Not a test: run it as docs/benchmarks.md says.
 *
 * <p>Arguments: {@code [clients=200] [seconds=30] [patients=100]}.
 */
public final class GatewayReadsBenchmark {

  /** Code that is the edge: authentication, request validation, roles, problems. */
  private static final List<String> EDGE =
      List.of(
          "io.careloop.platform.auth.",
          "io.jsonwebtoken.",
          "io.vertx.openapi.",
          "io.vertx.ext.web.openapi.",
          "io.vertx.json.schema.",
          "io.careloop.gateway.ApiRouter",
          "io.careloop.gateway.RequestText",
          "io.careloop.platform.http.Problem");

  private static final String EDGE_KIND = "edge: token, validation, roles, problems";
  private static final String OTHER_KIND = "other (the JDK, logging, metrics)";
  private static final String HANDLERS_KIND = "handlers: CareLoop's modules, what they call";

  /** Kinds of code outside CareLoop's, looked for in this order. */
  private static final List<String[]> LIBRARIES =
      List.of(
          new String[] {"Cassandra driver (its I/O)", "com.datastax."},
          new String[] {"HTTP and routing (Vert.x, Netty)", "io.vertx.", "io.netty."},
          new String[] {"JSON (Jackson)", "com.fasterxml."});

  /** Answers by status (or "no answer"), to name what the errors were. */
  private static final Map<String, Integer> UNEXPECTED = new ConcurrentHashMap<>();

  private GatewayReadsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Duration phase = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 30);
    int patientCount = args.length > 2 ? Integer.parseInt(args[2]) : 100;

    TestApp app = BenchmarkApp.started();
    AlertsWorld world = new AlertsWorld(app);
    ClinicFixture.Account nurse = world.nurse();
    List<ClinicFixture.Account> patients = brushingPatients(world, nurse, patientCount);
    System.out.printf(
        "%d patients with 9 days of sessions (a quarter on a post-surgery plan, each with an open"
            + " alert: %d in the worklist), one nurse%n",
        patients.size(), world.alerts(nurse.token(), null).size());

    Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    Set<Long> clientThreads = clientThreads(clientVertx);
    WebClient client = BenchmarkApp.client(clientVertx, app, clients);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String daily = "/api/v1/me/brushing/daily?from=" + today.minusDays(29) + "&to=" + today;
    String worklist = "/api/v1/nurse/alerts?clinicId=" + world.clinicId;
    List<String[]> users = new ArrayList<>(); // {token, path}: a quarter nurses, the rest patients
    for (int i = 0; i < clients; i++) {
      users.add(
          i % 4 == 0
              ? new String[] {nurse.token(), worklist}
              : new String[] {patients.get(i % patients.size()).token(), daily});
    }
    ClosedLoop.run( // a warm-up, not measured
        clientVertx,
        users,
        Duration.ofSeconds(10),
        read(client, worklist, new Latencies(), new Latencies()));
    Latencies dailyViews = new Latencies();
    Latencies worklists = new Latencies();
    ClosedLoop.Visit<String[]> visit = read(client, worklist, dailyViews, worklists);
    CpuMeter cpu = new CpuMeter();
    Path jfr = Files.createTempFile("gateway-reads", ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      recording.start();
      cpu.start();
      ClosedLoop.run(clientVertx, users, phase, visit);
      String cpuLine = cpu.perRequest("request", dailyViews.count() + worklists.count());
      recording.stop();
      recording.dump(jfr);
      System.out.println();
      System.out.printf(
          "%d clients at once for %d s (%d patients' daily views of 30 days, %d nurses'"
              + " worklists):%n",
          clients, phase.toSeconds(), clients - (clients + 3) / 4, (clients + 3) / 4);
      System.out.println("   " + dailyViews.report("patient: daily brushing, 30 days", phase));
      System.out.println("   " + worklists.report("nurse: worklist", phase));
      System.out.println("   " + cpuLine);
      System.out.println("   answers by status, warm-up included: " + UNEXPECTED);
      System.out.println("   where CareLoop's CPU went (JFR execution samples, clients excluded):");
      samplesByKind(jfr, clientThreads)
          .forEach((kind, share) -> System.out.printf("     %5.1f %%  %s%n", share, kind));
    } finally {
      Files.deleteIfExists(jfr);
    }
    client.close();
    clientVertx.close().await();
    System.exit(0);
  }

  /** One read of a user ({token, path}), its latency kept by kind. */
  private static ClosedLoop.Visit<String[]> read(
      WebClient client, String worklist, Latencies dailyViews, Latencies worklists) {
    return (user, random) -> {
      long t = System.nanoTime();
      Latencies kind = user[1].equals(worklist) ? worklists : dailyViews;
      return client
          .get(user[1])
          .bearerTokenAuthentication(user[0])
          .send()
          .andThen(ar -> Latencies.record(kind, t, ar, 200))
          .andThen(
              ar ->
                  UNEXPECTED.merge(
                      ar.succeeded() ? String.valueOf(ar.result().statusCode()) : "no answer",
                      1,
                      Integer::sum))
          .mapEmpty();
    };
  }

  /**
   * Patients with nine days of two sessions each (backlog uploads, within the device contract's
   * window), every fourth on a post-surgery plan with a session that breaches it today.
   */
  private static List<ClinicFixture.Account> brushingPatients(
      AlertsWorld world, ClinicFixture.Account nurse, int count) throws Exception {
    List<ClinicFixture.Account> patients = new ArrayList<>();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < count; i++) {
      AlertsWorld.BrushingPatient p = world.patient(false);
      boolean onPlan = i % 4 == 0;
      if (onPlan) {
        world.plan(nurse.token(), p.id(), "post_surgery", null);
      }
      List<JsonObject> sessions = new ArrayList<>();
      for (int day = 9; day >= 1; day--) {
        for (int hours : new int[] {12, 2}) {
          Instant at = now.minus(Duration.ofDays(day)).minus(Duration.ofHours(hours));
          sessions.add(AlertsWorld.session(p.brush(), at, 125, 0, 90, null).put("backlog", true));
        }
      }
      if (onPlan) {
        sessions.add(AlertsWorld.session(p.brush(), now, 120, 4, 90, null));
      }
      for (JsonObject session : sessions) {
        IMqttToken acked = p.brush().sendAsync(session);
        acked.waitForCompletion(30_000);
        int[] codes = acked.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
          throw new IllegalStateException("PUBACK reason " + codes[0] + " for " + session.encode());
        }
      }
      int sent = sessions.size();
      awaitStored(world.app, p.token(), sent);
      p.brush().close();
      patients.add(new ClinicFixture.Account(p.id(), p.token()));
    }
    return patients;
  }

  /** Waits until the patient's daily view counts {@code sessions} sessions. */
  private static void awaitStored(TestApp app, String token, int sessions)
      throws InterruptedException {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String path = "/api/v1/me/brushing/daily?from=" + today.minusDays(11) + "&to=" + today;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      var answer = app.get(path, token);
      last = answer.statusCode() + " " + answer.bodyAsString();
      if (answer.statusCode() == 200
          && answer.bodyAsJsonObject().getJsonArray("days").stream()
                  .mapToInt(d -> ((JsonObject) d).getInteger("sessions", 0))
                  .sum()
              == sessions) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(sessions + " sessions not stored in 60 s; last answer " + last);
  }

  /**
   * The ids of the client Vert.x's event-loop threads, whose samples are the load, not CareLoop.
   */
  private static Set<Long> clientThreads(Vertx clientVertx) {
    Set<Long> ids = ConcurrentHashMap.newKeySet();
    List<Future<Void>> seen = new ArrayList<>();
    for (int i = 0; i < 8; i++) { // new contexts take the event loops in turn
      Context context = clientVertx.getOrCreateContext();
      Promise<Void> done = Promise.promise();
      context.runOnContext(
          v -> {
            ids.add(Thread.currentThread().getId());
            done.complete();
          });
      seen.add(done.future());
    }
    Future.all(seen).await();
    return ids;
  }

  /** Share of CareLoop's execution samples per kind of code, the edge first. */
  private static Map<String, Double> samplesByKind(Path jfr, Set<Long> clientThreads)
      throws IOException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    Map<String, Integer> edgeCallers = new LinkedHashMap<>();
    counts.put(EDGE_KIND, 0);
    counts.put(HANDLERS_KIND, 0);
    LIBRARIES.forEach(k -> counts.put(k[0], 0));
    counts.put(OTHER_KIND, 0);
    int total = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")
          || e.getStackTrace() == null
          || clientThreads.contains(e.getThread("sampledThread").getJavaThreadId())) {
        continue;
      }
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      String kind = kindOf(frames);
      counts.merge(kind, 1, Integer::sum);
      if (kind.equals(EDGE_KIND)) {
        edgeCallers.merge(innermostEdgeFrame(frames), 1, Integer::sum);
      }
      total++;
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    int samples = total;
    counts.forEach((kind, n) -> shares.put(kind, 100.0 * n / Math.max(1, samples)));
    System.out.println("     (" + samples + " samples; the edge's, by its innermost frame:");
    edgeCallers.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(6)
        .forEach(
            c ->
                System.out.printf(
                    "       %5.1f %%  %s%n", 100.0 * c.getValue() / samples, c.getKey()));
    System.out.println("     )");
    return shares;
  }

  private static String innermostEdgeFrame(List<RecordedFrame> frames) {
    return frames.stream()
        .filter(f -> EDGE.stream().anyMatch(f.getMethod().getType().getName()::startsWith))
        .findFirst()
        .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName())
        .orElse("?");
  }

  /**
   * The edge or a handler when the innermost of their frames (from the leaf) is on the stack (the
   * edge calls the handlers through the router, so the innermost decides), otherwise the library of
   * the leaf frame.
   */
  private static String kindOf(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      if (EDGE.stream().anyMatch(type::startsWith)) {
        return EDGE_KIND;
      }
      if (type.startsWith("io.careloop.")) {
        return HANDLERS_KIND;
      }
    }
    for (String[] library : LIBRARIES) { // the driver's I/O runs on Netty: it is looked for first
      for (RecordedFrame frame : frames) {
        String type = frame.getMethod().getType().getName();
        for (int i = 1; i < library.length; i++) {
          if (type.startsWith(library[i])) {
            return library[0];
          }
        }
      }
    }
    return OTHER_KIND;
  }
}
