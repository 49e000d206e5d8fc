package io.careloop.reminders;

import static io.careloop.notifications.BenchmarkTools.awaitEndpoint;
import static io.careloop.notifications.BenchmarkTools.fcmSettings;
import static io.careloop.notifications.BenchmarkTools.heapUsedAfterGc;
import static io.careloop.notifications.BenchmarkTools.mib;
import static io.careloop.notifications.BenchmarkTools.startFakeFcm;
import static io.careloop.notifications.BenchmarkTools.stats;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.notifications.BenchmarkTools;
import io.careloop.notifications.BenchmarkTools.HeapSampler;
import io.careloop.notifications.Notifications;
import io.careloop.notifications.NotificationsProbe;
import io.careloop.notifications.push.PushConfig;
import io.careloop.patient.PatientApi;
import io.careloop.patient.PatientApiConfig;
import io.careloop.patient.account.NotificationPreferences;
import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.push.Backoff;
import io.careloop.platform.push.FcmSettings;
import io.careloop.platform.testing.TestCassandra;
import io.careloop.reminders.schedule.QuietRule;
import io.careloop.reminders.schedule.Reminder;
import io.careloop.reminders.schedule.ReminderConfig;
import io.careloop.reminders.schedule.ReminderRepository;
import io.careloop.reminders.schedule.ReminderScheduler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long the reminder scheduler takes to dispatch N due reminders (claim, checks, notification
 * into inbox and push outbox, outcome) and the push dispatcher to deliver them to a fake FCM
 * endpoint, and the scheduler JVM's heap meanwhile. FakeFcm runs in its own JVM and Cassandra in
 * its own (the tests' node). Not a test: run it by hand (docs/benchmarks.md has the command).
 *
 * <p>Arguments: reminders (100000), reminders per patient (5), scheduler concurrency (256), FCM
 * calls in flight (32).
 */
public final class ReminderDispatchBenchmark {

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int perPatient = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    int fcmConcurrency = args.length > 3 ? Integer.parseInt(args[3]) : 32;

    Process fake = startFakeFcm();
    URI endpoint = awaitEndpoint(fake);
    Vertx vertx = Vertx.vertx();
    try {
      CqlSession session =
          TestCassandra.session(PatientApi.MODULE, Notifications.MODULE, Reminders.MODULE);
      FcmSettings fcm = fcmSettings(endpoint, "reminder-bench");
      PushConfig push =
          new PushConfig(
              fcm,
              500,
              fcmConcurrency,
              8,
              new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)),
              Duration.ofMillis(100),
              Duration.ofSeconds(30),
              Duration.ofHours(6));
      ReminderConfig defaults = ReminderConfig.defaults();
      ReminderConfig reminders =
          new ReminderConfig(
              false,
              defaults.appointmentOffsets(),
              defaults.sameDayEarliest(),
              defaults.recallTime(),
              defaults.recallFollowUp(),
              defaults.recallServices(),
              defaults.nudgeDefault(),
              defaults.nudgeLeadBeforeQuiet(),
              defaults.sweepInterval(),
              defaults.repairInterval(),
              defaults.claimLease(),
              Duration.ofHours(2),
              defaults.shards(),
              concurrency);
      Clock clock = Clock.systemUTC();
      PatientApi api =
          PatientApi.create(
                  vertx,
                  session,
                  new PatientApiConfig(
                      Duration.ofMinutes(15),
                      Duration.ofDays(30),
                      "admin@careloop.bench",
                      "admin password for the benchmark"),
                  SigningKeys.ephemeral("bench"),
                  clock)
              .await();
      Notifications notifications =
          Notifications.create(vertx, session, push, clock).compose(Notifications::start).await();
      Reminders module = Reminders.create(vertx, session, reminders, api, clock).await();
      session.execute("TRUNCATE reminder_sweeps_by_shard");

      long planStart = System.nanoTime();
      Instant due = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      plan(session, api, notifications, module, total, perPatient, due);
      double planSeconds = (System.nanoTime() - planStart) / 1e9;
      System.out.printf(
          "Planned %,d reminders (%,d patients, one push token each) in %.1f s (%.0f/s)%n",
          total, total / perPatient, planSeconds, total / planSeconds);

      System.gc();
      long heapBefore = heapUsedAfterGc();
      HeapSampler sampler = new HeapSampler();
      sampler.start();
      long start = System.nanoTime();
      long sent = 0;
      int sweeps = 0;
      while (sent < total && sweeps < 20) {
        ReminderScheduler.Sweep sweep = module.scheduler().runOnce(clock.instant()).await();
        sent +=
            sweep.sent()
                + sweep.done(); // done: recorded sent, but the answer to that write was lost
        sweeps++;
        System.out.printf(
            "  sweep %d: %s after %.0f s%n", sweeps, sweep, (System.nanoTime() - start) / 1e9);
      }
      double schedulerSeconds = (System.nanoTime() - start) / 1e9;
      long delivered = 0;
      long lastPrint = System.nanoTime();
      while (delivered < total) {
        Thread.sleep(200);
        delivered = stats(endpoint).getLong("delivered");
        if (System.nanoTime() - lastPrint > 10e9) {
          System.out.printf(
              "  %,d delivered at FakeFcm after %.0f s%n",
              delivered, (System.nanoTime() - start) / 1e9);
          lastPrint = System.nanoTime();
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      sampler.interrupt();
      sampler.join();
      JsonObject fakeStats = stats(endpoint);
      Runtime rt = Runtime.getRuntime();
      System.out.printf(
          "Scheduler: %,d reminders sent (claimed, checked, stored in inbox and outbox, recorded) in"
              + " %.1f s: %.0f/s (concurrency %d, %d sweeps)%n",
          sent, schedulerSeconds, sent / schedulerSeconds, concurrency, sweeps);
      System.out.printf(
          "Due to delivered at FakeFcm: %,d in %.1f s: %.0f/s (FCM calls in flight %d)%n",
          total, seconds, total / seconds, fcmConcurrency);
      System.out.printf(
          "FakeFcm requests %,d, delivered %,d%n",
          fakeStats.getLong("sends"), fakeStats.getLong("delivered"));
      System.out.printf(
          "Heap: %d MiB used after GC before; during the run max used after GC %d MiB,"
              + " max used %d MiB; -Xmx %d MiB%n",
          mib(heapBefore),
          mib(sampler.maxAfterGc.get()),
          mib(sampler.maxUsed.get()),
          mib(rt.maxMemory()));
    } finally {
      vertx.close().await();
      fake.destroy();
    }
    System.exit(0);
  }

  /**
   * Patients (account rows written directly: hashing 20,000 passwords would measure Argon2, not
   * reminders), no quiet hours (the run must not depend on the hour it starts), one token each, and
   * their reminders all due at {@code due}.
   */
  private static void plan(
      CqlSession session,
      PatientApi api,
      Notifications notifications,
      Reminders module,
      int total,
      int perPatient,
      Instant due)
      throws InterruptedException {
    BenchmarkTools.PatientAccounts accounts = new BenchmarkTools.PatientAccounts(session);
    NotificationPreferences noQuiet = BenchmarkTools.withoutQuietHours();
    Semaphore inFlight = new Semaphore(256);
    AtomicLong failures = new AtomicLong();
    int patients = total / perPatient;
    List<UUID> ids = new ArrayList<>(patients);
    for (int p = 0; p < patients; p++) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      inFlight.acquire();
      Future.all(
              accounts.write(id, "Europe/Paris"),
              api.preferences().save(id, noQuiet),
              new NotificationsProbe(notifications).registerToken(id, "bench-" + id))
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
    ReminderRepository repo = module.repository();
    for (int n = 0; n < perPatient; n++) {
      for (UUID id : ids) {
        inFlight.acquire();
        repo.plan(
                Reminder.planned(
                    "bench:" + id + ":" + n,
                    id,
                    "appointment",
                    "bench:" + id,
                    due,
                    due.plus(Duration.ofHours(6)),
                    QuietRule.POSTPONE,
                    "none",
                    "Appointment reminder",
                    "Your check-up is tomorrow at 10:00.",
                    Map.of("n", String.valueOf(n))))
            .onComplete(
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
      throw new IllegalStateException(failures.get() + " writes failed while planning");
    }
  }
}
