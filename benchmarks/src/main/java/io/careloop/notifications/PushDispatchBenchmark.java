package io.careloop.notifications;

import static io.careloop.notifications.BenchmarkTools.awaitEndpoint;
import static io.careloop.notifications.BenchmarkTools.fcmSettings;
import static io.careloop.notifications.BenchmarkTools.heapUsedAfterGc;
import static io.careloop.notifications.BenchmarkTools.mib;
import static io.careloop.notifications.BenchmarkTools.startFakeFcm;
import static io.careloop.notifications.BenchmarkTools.stats;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.notifications.BenchmarkTools.HeapSampler;
import io.careloop.notifications.bus.NotificationRequest;
import io.careloop.notifications.bus.Sent;
import io.careloop.notifications.push.PushConfig;
import io.careloop.notifications.push.PushDispatcher;
import io.careloop.platform.push.Backoff;
import io.careloop.platform.push.FcmSender;
import io.careloop.platform.push.FcmSettings;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long the push dispatcher takes to deliver N due notifications (one token each) to a fake FCM
 * endpoint, and its JVM's heap meanwhile. FakeFcm runs in its own JVM and Cassandra in its own (the
 * tests' node), so the heap measured is the dispatcher's (plus the Vert.x and driver runtime it
 * needs). Not a test: run it by hand (docs/benchmarks.md has the command).
 *
 * <p>Arguments: notifications (100000), concurrency (32), batch size (500), notifications per
 * recipient (5).
 */
public final class PushDispatchBenchmark {

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    int perRecipient = args.length > 3 ? Integer.parseInt(args[3]) : 5;

    Process fake = startFakeFcm();
    URI endpoint = awaitEndpoint(fake);
    Vertx vertx = Vertx.vertx();
    try {
      CqlSession session = TestCassandra.session(Notifications.MODULE);
      FcmSettings fcm = fcmSettings(endpoint, "push-bench");
      PushConfig config =
          new PushConfig(
              fcm,
              batch,
              concurrency,
              8,
              new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)),
              Duration.ofMillis(100),
              Duration.ofSeconds(30),
              Duration.ofHours(6));
      Clock clock = Clock.systemUTC();
      Notifications notifications = Notifications.create(vertx, session, config, clock).await();

      long enqueueStart = System.nanoTime();
      enqueue(notifications, total, perRecipient);
      double enqueueSeconds = (System.nanoTime() - enqueueStart) / 1e9;
      System.out.printf(
          "Enqueued %,d notifications (%,d recipients, one token each) in %.1f s (%.0f/s)%n",
          total, total / perRecipient, enqueueSeconds, total / enqueueSeconds);

      System.gc();
      long heapBefore = heapUsedAfterGc();
      HeapSampler sampler = new HeapSampler();
      sampler.start();
      long start = System.nanoTime();
      PushDispatcher dispatcher =
          notifications.newDispatcher(
              vertx.executeBlocking(() -> FcmSender.start(fcm, clock)).await());
      vertx.deployVerticle(dispatcher).await();
      long delivered = 0;
      long lastPrint = System.nanoTime();
      while (delivered < total) {
        Thread.sleep(200);
        delivered = stats(endpoint).getLong("delivered");
        if (System.nanoTime() - lastPrint > 10e9) {
          System.out.printf(
              "  %,d delivered after %.0f s%n", delivered, (System.nanoTime() - start) / 1e9);
          lastPrint = System.nanoTime();
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long recordedBy = System.nanoTime() + 30_000_000_000L;
      while (dispatcher.stats().delivered() < total && System.nanoTime() < recordedBy) {
        Thread.sleep(50); // the last outcomes are being recorded
      }
      sampler.interrupt();
      sampler.join();
      JsonObject fakeStats = stats(endpoint);
      PushDispatcher.Stats stats = dispatcher.stats();

      Runtime rt = Runtime.getRuntime();
      System.out.printf(
          "Dispatched %,d notifications to FakeFcm in %.1f s: %.0f/s (concurrency %d, batch %d)%n",
          total, seconds, total / seconds, concurrency, batch);
      System.out.printf(
          "FakeFcm requests %,d, delivered %,d; dispatcher delivered %,d, retried %,d, failed %,d%n",
          fakeStats.getLong("sends"),
          fakeStats.getLong("delivered"),
          stats.delivered(),
          stats.retried(),
          stats.failed());
      System.out.printf(
          "Heap: %d MiB used after GC before dispatch; during dispatch max used after GC %d MiB,"
              + " max used %d MiB; -Xmx %d MiB%n",
          mib(heapBefore),
          mib(sampler.maxAfterGc.get()),
          mib(sampler.maxUsed.get()),
          mib(rt.maxMemory()));
      vertx.undeploy(vertx.deploymentIDs().iterator().next()).await();
    } finally {
      vertx.close().await();
      fake.destroy();
    }
    System.exit(0);
  }

  private static void enqueue(Notifications notifications, int total, int perRecipient)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(256);
    AtomicLong failures = new AtomicLong();
    int recipients = total / perRecipient;
    List<UUID> ids = new ArrayList<>(recipients);
    for (int r = 0; r < recipients; r++) {
      UUID recipient = UUID.randomUUID();
      ids.add(recipient);
      inFlight.acquire();
      notifications
          .tokens()
          .register(recipient, "bench-" + recipient, "android")
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  failures.incrementAndGet();
                }
                inFlight.release();
              });
    }
    inFlight.acquire(256);
    inFlight.release(256);
    for (int n = 0; n < perRecipient; n++) {
      for (UUID recipient : ids) {
        inFlight.acquire();
        Future<Sent> sent =
            notifications
                .sender()
                .send(
                    new NotificationRequest(
                        recipient,
                        "brushing",
                        "Time to brush",
                        "Two minutes, all four quadrants",
                        "bench:" + recipient + ":" + n,
                        "brushing-evening",
                        Duration.ofHours(6),
                        Map.of("n", String.valueOf(n))));
        sent.onComplete(
            ar -> {
              if (ar.failed()) {
                failures.incrementAndGet();
              }
              inFlight.release();
            });
      }
    }
    inFlight.acquire(256);
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " writes failed while enqueueing");
    }
  }
}
