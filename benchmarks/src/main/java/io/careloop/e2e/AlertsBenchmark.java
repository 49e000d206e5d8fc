package io.careloop.e2e;

import io.careloop.alerts.alert.AlertNotifier;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.testing.TestBrushIds;
import io.careloop.notifications.BenchmarkTools;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
import io.careloop.platform.testing.FakeFcm;
import io.careloop.platform.testing.TableTraffic;
import io.careloop.platform.testing.TestCassandra;
import io.careloop.simulators.SimulatedBrush;
import io.careloop.simulators.VertxBrushLoad;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publish-to-alert latency, on one machine: the tests' Cassandra node, all of CareLoop (as the
 * tests start it, FakeFcm) and the simulated brushes share its cores. Not a test: run it as
 * docs/benchmarks.md says, and read the figures it prints.
 *
 * <p>Background: {@code background} patients on a post-surgery plan brush well, at {@code rate}
 * sessions per second in all, round robin, whether earlier ones were acknowledged or not; each
 * session is judged against the plan's rules (sessions read back from ingest, the claims, the
 * plan), as in production. Their brushes are light, MQTT 3.1.1 clients all on one event loop
 * ({@link VertxBrushLoad}), so that thousands of them do not load the machine they measure. Probes:
 * {@code probes} other patients, signed up and paired through the API, each publish a session that
 * breaches the pressure rule through a Paho brush of its own (off the background's event loop, so a
 * probe never waits behind it), wait for its alert, have it resolved, and go again two seconds
 * later. For every probe it measures, from just before the publish: the alert stored, listed and
 * its nurse's NOTIFY accepted (the module's own signal), and the push request seen by the fake FCM
 * endpoint.
 *
 * <p>Arguments: {@code [rate=20] [seconds=60] [background=100] [probes=10]}.
 */
public final class AlertsBenchmark {

  /** Background patients set up at once. */
  private static final int SET_UP_IN_FLIGHT = 16;

  /** How long a probe patient waits after their alert is resolved before probing again. */
  private static final long PROBE_PAUSE_MILLIS = 2000;

  /** Sessions per second of the priming round. */
  private static final int PRIMING_RATE = 200;

  /** Busy cores under which the machine counts as settled after the set-up. */
  private static final double SETTLED_CORES = 0.3;

  /** The most unacknowledged publishes per background brush. */
  private static final int WINDOW = 4;

  private AlertsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int backgroundCount = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int probeCount = args.length > 3 ? Integer.parseInt(args[3]) : 10;

    TestApp app = BenchmarkApp.started();
    AlertsWorld world = new AlertsWorld(app);
    ClinicFixture.Account nurse = world.nurse();
    String pushToken = "bench-nurse-" + UUID.randomUUID() + ":APA91bH";
    app.post("/api/v1/me/push-tokens", nurse.token(), new JsonObject().put("token", pushToken));
    Principal nursePrincipal = new Principal(nurse.id(), Role.NURSE, Set.of(world.clinicId));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    long setUpStart = System.nanoTime();
    List<AlertsWorld.BrushingPatient> probes = new ArrayList<>();
    for (int i = 0; i < probeCount; i++) {
      AlertsWorld.BrushingPatient p = world.patient(false);
      world.plan(nurse.token(), p.id(), "post_surgery", null);
      probes.add(p);
    }
    VertxBrushLoad load = new VertxBrushLoad(app.mqttUri, WINDOW);
    List<SimulatedBrush> background =
        backgroundPatients(world, nurse.token(), load, backgroundCount);
    System.out.printf(
        "%d background patients (brushes on one event loop) and %d probe patients (Paho brushes) on"
            + " a post_surgery plan, one nurse with a push token: set up in %.1f s, %d threads%n",
        background.size(),
        probes.size(),
        (System.nanoTime() - setUpStart) / 1e9,
        threads.getThreadCount());

    // Every background patient brushes once before the measured phase, as a chain's patients
    // have: a module's first session of a patient costs more than the next ones (the CRM's record
    // of them, the caches), and a chain does not meet its patients for the first time every minute.
    AtomicInteger primingErrors = new AtomicInteger();
    for (SimulatedBrush brush : background) {
      load.publishNow(
          brush.deviceId(),
          AlertsWorld.session(brush, Instant.now().minusSeconds(3600), 125, 0, 90, null),
          failure -> primingErrors.incrementAndGet());
      Thread.sleep(1000 / PRIMING_RATE);
    }
    System.out.printf(
        "Primed: one session of each background patient an hour ago, %d refused%n",
        primingErrors.get());
    settle();

    // Probe bookkeeping: the publish time of each patient's outstanding probe, and the results.
    Map<UUID, Long> publishedAt = new ConcurrentHashMap<>();
    Map<UUID, AlertsWorld.BrushingPatient> probeOf = new ConcurrentHashMap<>();
    probes.forEach(p -> probeOf.put(p.id(), p));
    ConcurrentLinkedQueue<long[]> storedAt = new ConcurrentLinkedQueue<>(); // {nanoTime, micros}
    Map<String, Long> alertPublishedAtMillis = new ConcurrentHashMap<>();
    AtomicInteger probeErrors = new AtomicInteger();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);

    app.app
        .alerts()
        .service()
        .onOpened(
            alert -> {
              Long t0 = publishedAt.remove(alert.patientId());
              if (t0 == null) {
                return;
              }
              long now = System.nanoTime();
              storedAt.add(new long[] {now, (now - t0) / 1000});
              alertPublishedAtMillis.put(
                  AlertNotifier.collapseKey(alert.id()),
                  System.currentTimeMillis() - (System.nanoTime() - t0) / 1_000_000);
              // Resolve it, so that the next probe opens a new alert; then probe again after a
              // pause, so that the probes add a light load of their own and do not fill the
              // machine as fast as it answers.
              app.app
                  .alerts()
                  .service()
                  .resolve(nursePrincipal, alert.id(), "benchmark")
                  .onComplete(
                      ar -> {
                        if (ar.failed()) {
                          probeErrors.incrementAndGet();
                        }
                        if (System.nanoTime() < end) {
                          scheduler.schedule(
                              () -> probe(probeOf.get(alert.patientId()), publishedAt, probeErrors),
                              PROBE_PAUSE_MILLIS,
                              TimeUnit.MILLISECONDS);
                        }
                      });
            });

    // Background load at the stated rate, round robin over the background patients.
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger backgroundErrors = new AtomicInteger();
    CpuMeter cpu = new CpuMeter();
    cpu.start();
    TableTraffic tablesBefore =
        TableTraffic.of(TestCassandra.get().session(), TestCassandra.get().config().keyspace());
    long loadCpuFrom = load.eventLoopCpuNanos();
    long periodMicros = 1_000_000L / rate;
    var backgroundTask =
        scheduler.scheduleAtFixedRate(
            () -> {
              SimulatedBrush brush = background.get(sent.getAndIncrement() % background.size());
              load.publishNow(
                  brush.deviceId(),
                  AlertsWorld.session(brush, Instant.now(), 125, 0, 90, null),
                  failure -> backgroundErrors.incrementAndGet());
            },
            0,
            periodMicros,
            TimeUnit.MICROSECONDS);
    Thread.sleep(30_000); // warm up under the background load (the JIT, the caches)
    for (AlertsWorld.BrushingPatient p : probes) {
      probe(p, publishedAt, probeErrors);
      Thread.sleep(1000 / Math.max(1, probeCount));
    }
    while (System.nanoTime() < end) {
      Thread.sleep(500);
    }
    backgroundTask.cancel(false);
    String cpuPerSession = cpu.perRequest("session", sent.get() + storedAt.size());
    String tables =
        TableTraffic.of(TestCassandra.get().session(), TestCassandra.get().config().keyspace())
            .since(tablesBefore, sent.get() + storedAt.size(), "session");
    long loadCpu = load.eventLoopCpuNanos() - loadCpuFrom;
    int runThreads = threads.getThreadCount();
    Thread.sleep(5000); // let the last pushes reach the fake
    scheduler.shutdownNow();

    // Push latency: the fake's receipt of each alert's push against its probe's publish.
    List<Long> pushMillis = new ArrayList<>();
    for (FakeFcm.Request r : app.fcm.requestsTo(pushToken)) {
      if (r.answeredStatus() != 200 || r.message().getJsonObject("android") == null) {
        continue;
      }
      Long t0 =
          alertPublishedAtMillis.get(
              r.message().getJsonObject("android").getString("collapse_key"));
      if (t0 != null) {
        pushMillis.add(r.at().toEpochMilli() - t0);
      }
    }
    List<Long> stored = storedAt.stream().map(s -> s[1]).toList();
    System.out.printf(
        "Background: %d sessions published in %d s (%.1f per second), %d refused; probes: %d alerts,"
            + " %d errors%n",
        sent.get(),
        seconds,
        sent.get() / (double) seconds,
        backgroundErrors.get(),
        stored.size(),
        probeErrors.get());
    System.out.printf(
        "publish -> alert stored and nurse notified: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n",
        stored.size(),
        pct(stored, 50) / 1000.0,
        pct(stored, 99) / 1000.0,
        pct(stored, 100) / 1000.0);
    System.out.printf(
        "publish -> push request at the fake FCM:    n=%d p50=%d ms p99=%d ms max=%d ms%n",
        pushMillis.size(), pct(pushMillis, 50), pct(pushMillis, 99), pct(pushMillis, 100));
    printWindows(storedAt);
    System.out.printf(
        "The alerts sweeps since CareLoop started: %d patients judged, %d passed by as not due%n",
        app.app.alerts().service().sweepJudged(), app.app.alerts().service().sweepPassedBy());
    System.out.println(cpuPerSession + " (the JVM: CareLoop, the embedded broker, the brushes)");
    System.out.print("Cassandra's requests in the measured phase, by table:\n" + tables);
    System.out.printf(
        "  of which the background brushes' event loop: %.2f ms per background session%n",
        loadCpu / 1e6 / Math.max(1, sent.get()));
    System.out.printf(
        "Threads in the benchmark's JVM: %d during the run, %d at most%n",
        runThreads, threads.getPeakThreadCount());
    for (AlertsWorld.BrushingPatient p : probes) {
      p.brush().close();
    }
    load.close();
    System.out.println("Brushes closed; CareLoop stops with the JVM");
    System.exit(0);
  }

  /**
   * Waits until what the set-up started (every module hearing of thousands of new patients and
   * plans) is done: until the machine is under {@link #SETTLED_CORES} busy over five seconds, for
   * ten minutes at most; otherwise the measured phase would share the cores with it.
   */
  private static void settle() throws InterruptedException {
    long start = System.nanoTime();
    CpuMeter meter = new CpuMeter();
    double busy;
    do {
      meter.start();
      Thread.sleep(5000);
      busy = meter.machineBusy();
    } while (busy > SETTLED_CORES && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(10));
    System.out.printf(
        "Settled after the set-up in %.0f s (machine busy %.2f cores over the last 5 s)%n",
        (System.nanoTime() - start) / 1e9, busy);
  }

  /**
   * Real patients of the clinic on a post_surgery plan, each with a brush registered by the admin,
   * paired to them and connected through {@code load}; the brushes returned are never connected
   * themselves, only the source of their sessions. {@link #SET_UP_IN_FLIGHT} patients are set up at
   * once. Two shortcuts, so that the set-up does not take minutes: each account row is written
   * directly (hashing thousands of passwords would measure Argon2), and without a password to sign
   * in with, each brush is paired through the device registry rather than the patient's API.
   */
  private static List<SimulatedBrush> backgroundPatients(
      AlertsWorld world, String nurseToken, VertxBrushLoad load, int count) throws Exception {
    BenchmarkTools.PatientAccounts accounts =
        new BenchmarkTools.PatientAccounts(TestCassandra.get().session());
    DeviceRegistry registry = world.app.app.ingest().registry();
    List<Callable<SimulatedBrush>> steps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      steps.add(
          () -> {
            UUID id = UUID.randomUUID();
            accounts.write(id, "Europe/Paris").await();
            world.app.app.patients().membership().addPatient(world.clinicId, id).await();
            String deviceId = TestBrushIds.random();
            JsonObject registered =
                world.fixture.created(
                    "/api/v1/admin/devices",
                    new JsonObject().put("deviceId", deviceId).put("model", "CL-100"));
            registry.pair(id, registered.getString("pairingCode")).await();
            world.plan(nurseToken, id, "post_surgery", null);
            String credential = registered.getString("credential");
            load.connect(deviceId, credential);
            return new SimulatedBrush(
                world.app.mqttUri,
                deviceId,
                credential,
                Clock.systemUTC(),
                deviceId.hashCode(),
                false);
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(SET_UP_IN_FLIGHT);
    try {
      List<SimulatedBrush> brushes = new ArrayList<>();
      for (Future<SimulatedBrush> made : pool.invokeAll(steps)) {
        brushes.add(made.get());
      }
      return brushes;
    } finally {
      pool.shutdown();
    }
  }

  private static void probe(
      AlertsWorld.BrushingPatient p, Map<UUID, Long> publishedAt, AtomicInteger errors) {
    try {
      JsonObject bad = AlertsWorld.session(p.brush(), Instant.now(), 120, 4, 90, null);
      publishedAt.put(p.id(), System.nanoTime());
      p.brush().sendAsync(bad);
    } catch (Exception e) {
      errors.incrementAndGet();
    }
  }

  /**
   * The alert latency by 30-second window, each named by its seconds since CareLoop started: a
   * window far above the others is something periodic (a sweep) or a pause, not the steady cost.
   */
  private static void printWindows(Iterable<long[]> storedAt) {
    Map<Long, List<Long>> windows = new java.util.TreeMap<>();
    for (long[] s : storedAt) {
      windows
          .computeIfAbsent(BenchmarkApp.secondsUp(s[0]) / 30 * 30, w -> new ArrayList<>())
          .add(s[1]);
    }
    System.out.println(
        "publish -> alert by 30 s window (seconds since CareLoop started: n, p50 / p99 / max ms):");
    windows.forEach(
        (start, micros) ->
            System.out.printf(
                "    %5d s: %3d, %.0f / %.0f / %.0f%n",
                start,
                micros.size(),
                pct(micros, 50) / 1000.0,
                pct(micros, 99) / 1000.0,
                pct(micros, 100) / 1000.0));
  }

  private static long pct(List<Long> values, int percentile) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(Long::compare);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
