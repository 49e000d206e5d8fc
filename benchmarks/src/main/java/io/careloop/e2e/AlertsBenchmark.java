package io.careloop.e2e;

import io.careloop.alerts.alert.AlertNotifier;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
import io.careloop.platform.testing.FakeFcm;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publish-to-alert latency, on one machine: the tests' Cassandra node, all of CareLoop (as the
 * tests start it, push sweep every 100 ms, FakeFcm) and the simulated brushes share its cores. Not
 * a test: run it as docs/benchmarks.md says, and read the figures it prints.
 *
 * <p>Background: {@code background} patients on a post-surgery plan brush well, at {@code rate}
 * sessions per second in all; each session is judged against the plan's rules (sessions read back
 * from ingest, the claims, the plan), as in production. Probes: {@code probes} other patients each
 * publish a session that breaches the pressure rule, wait for its alert, have it resolved, and go
 * again. For every probe it measures, from just before the publish: the alert stored, listed and
 * its nurse's NOTIFY accepted (the module's own signal), and the push request seen by the fake FCM
 * endpoint.
 *
 * <p>Arguments: {@code [rate=20] [seconds=60] [background=100] [probes=10]}.
 */
public final class AlertsBenchmark {

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

    List<AlertsWorld.BrushingPatient> background = new ArrayList<>();
    List<AlertsWorld.BrushingPatient> probes = new ArrayList<>();
    for (int i = 0; i < backgroundCount + probeCount; i++) {
      AlertsWorld.BrushingPatient p = world.patient(false);
      world.plan(nurse.token(), p.id(), "post_surgery", null);
      (i < backgroundCount ? background : probes).add(p);
    }
    System.out.printf(
        "%d background patients and %d probe patients on a post_surgery plan, one nurse with a push token%n",
        background.size(), probes.size());

    // Probe bookkeeping: the publish time of each patient's outstanding probe, and the results.
    Map<UUID, Long> publishedAt = new ConcurrentHashMap<>();
    Map<UUID, AlertsWorld.BrushingPatient> probeOf = new ConcurrentHashMap<>();
    probes.forEach(p -> probeOf.put(p.id(), p));
    ConcurrentLinkedQueue<Long> storedMicros = new ConcurrentLinkedQueue<>();
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
              storedMicros.add((System.nanoTime() - t0) / 1000);
              alertPublishedAtMillis.put(
                  AlertNotifier.collapseKey(alert.id()),
                  System.currentTimeMillis() - (System.nanoTime() - t0) / 1_000_000);
              // Resolve it, so that the next probe opens a new alert; then probe again after a
              // short pause.
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
                              200,
                              TimeUnit.MILLISECONDS);
                        }
                      });
            });

    // Background load at the stated rate, round robin over the background patients.
    AtomicInteger sent = new AtomicInteger();
    CpuMeter cpu = new CpuMeter();
    cpu.start();
    long periodMicros = 1_000_000L / rate;
    var backgroundTask =
        scheduler.scheduleAtFixedRate(
            () -> {
              AlertsWorld.BrushingPatient p =
                  background.get(sent.getAndIncrement() % background.size());
              try {
                p.brush()
                    .sendAsync(AlertsWorld.session(p.brush(), Instant.now(), 125, 0, 90, null));
              } catch (Exception e) {
                probeErrors.incrementAndGet();
              }
            },
            0,
            periodMicros,
            TimeUnit.MICROSECONDS);
    Thread.sleep(3000); // warm up under the background load
    for (AlertsWorld.BrushingPatient p : probes) {
      probe(p, publishedAt, probeErrors);
      Thread.sleep(1000 / Math.max(1, probeCount));
    }
    while (System.nanoTime() < end) {
      Thread.sleep(500);
    }
    backgroundTask.cancel(false);
    String cpuPerSession = cpu.perRequest("session", sent.get() + storedMicros.size());
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
    List<Long> stored = new ArrayList<>(storedMicros);
    System.out.printf(
        "Background: %d sessions published in %d s (%.1f per second), probes: %d alerts, %d errors%n",
        sent.get(), seconds, sent.get() / (double) seconds, stored.size(), probeErrors.get());
    System.out.printf(
        "publish -> alert stored and nurse notified: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n",
        stored.size(),
        pct(stored, 50) / 1000.0,
        pct(stored, 99) / 1000.0,
        pct(stored, 100) / 1000.0);
    System.out.printf(
        "publish -> push request at the fake FCM:    n=%d p50=%d ms p99=%d ms max=%d ms%n",
        pushMillis.size(), pct(pushMillis, 50), pct(pushMillis, 99), pct(pushMillis, 100));
    System.out.println(cpuPerSession + " (the JVM: CareLoop, the embedded broker, the brushes)");
    for (AlertsWorld.BrushingPatient p : background) {
      p.brush().close();
    }
    for (AlertsWorld.BrushingPatient p : probes) {
      p.brush().close();
    }
    System.exit(0);
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
