package io.careloop.crm;

import static io.careloop.notifications.BenchmarkTools.heapUsedAfterGc;
import static io.careloop.notifications.BenchmarkTools.mib;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import io.careloop.crm.bus.StageChanged;
import io.careloop.crm.campaign.Campaign;
import io.careloop.e2e.CpuMeter;
import io.careloop.notifications.BenchmarkTools;
import io.careloop.notifications.BenchmarkTools.HeapSampler;
import io.careloop.patient.account.NotificationPreferences;
import io.careloop.platform.testing.Machine;
import io.careloop.reminders.bus.CampaignBus;
import io.careloop.reminders.schedule.ReminderScheduler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * One care campaign to a large audience: N patients enter the stage it is triggered by, each CRM
 * instance hears every transition and decides (claim, turn, cap, plan with reminders, settle), then
 * the reminders' scheduler sweeps the messages into the inboxes at their send time. The baseline,
 * in the same run: the same number of campaign messages planned with reminders directly (no CRM
 * decision) and swept alike. On {@link CampaignWorld}: real Cassandra, patient-api, notifications,
 * reminders and CRM instances on one event bus and a clock the benchmark sets. Not a test: run it
 * by hand (docs/benchmarks.md has the command).
 *
 * <p>Arguments: patients (100000), transitions decided at once (256), CRM instances hearing each
 * (2), whether to run the baseline (true), whether to end the campaign once decided, before its
 * send time (false): then the end is timed, and the sweep at the send time must send nothing.
 */
public final class CampaignDispatchBenchmark {

  private static final LocalDateTime FIRED = LocalDateTime.parse("2029-03-01T09:00");
  private static final LocalTime SEND_AT = LocalTime.of(10, 0);
  private static final LocalTime BASELINE_SEND_AT = LocalTime.of(11, 0);
  private static final int MAX_SWEEPS = 20;

  public static void main(String[] args) throws Exception {
    int patients = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    int instances = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    boolean baseline = args.length <= 3 || Boolean.parseBoolean(args[3]);
    boolean endBeforeSending = args.length > 4 && Boolean.parseBoolean(args[4]);
    System.out.printf(
        "Campaign benchmark: %,d patients, %d transitions at once, %d CRM instances, on %s%n",
        patients, inFlight, instances, Machine.describe());
    Instant fired = FIRED.atZone(CampaignWorld.PARIS).toInstant();
    try (CampaignWorld world = new CampaignWorld(fired)) {
      long start = System.nanoTime();
      List<UUID> ids = accounts(world, patients, inFlight);
      report("Fixtures (account and preferences rows)", patients, start, "patients");

      System.gc();
      long heapBefore = heapUsedAfterGc();
      HeapSampler sampler = new HeapSampler();
      sampler.start();
      double cpuBefore = Machine.cpuSeconds();
      UUID clinic = UUID.randomUUID();
      Campaign campaign = approvedCampaign(world, clinic);
      List<Crm> crms = instances == 1 ? List.of(world.crm) : List.of(world.crm, world.otherCrm);
      CpuMeter cpu = new CpuMeter();
      cpu.start();
      start = System.nanoTime();
      Map<String, Integer> failed = decideAll(world, crms, clinic, ids, fired, inFlight);
      report("Decided (claim, turn, cap, plan, settle)", patients, start, "decisions");
      System.out.println("    " + cpu.perRequest("decision", patients));
      System.out.printf(
          "    transitions that failed to decide on some instance, by cause: %s; load %s%n",
          failed, Machine.loadAverage());
      if (endBeforeSending) {
        cpu.start();
        start = System.nanoTime();
        world.crm.campaigns().end(campaign.id()).await();
        report(
            "Ended before its send time (every unsent message cancelled)",
            patients,
            start,
            "messages");
        System.out.println("    " + cpu.perRequest("message cancelled", patients));
      }
      cpu.start();
      start = System.nanoTime();
      int sent = sweepUntil(world, fired.plusSeconds(3600), endBeforeSending ? 1 : patients);
      report("Swept into inboxes (claim, checks, inbox, outcome)", sent, start, "sends");
      System.out.println("    " + cpu.perRequest("message sent", sent));
      System.out.printf(
          "    CPU of this JVM during decide and sweep: %.0f s; load %s%n",
          Machine.cpuSeconds() - cpuBefore, Machine.loadAverage());
      cpu.start();
      stats(world, campaign.id());
      System.out.println("    " + cpu.perRequest("message counted", sent));

      if (baseline) {
        baseline(world, ids, fired, inFlight, cpu);
      }

      sampler.interrupt();
      sampler.join();
      System.out.printf(
          "Heap: %d MiB used after GC before; during the run max used after GC %d MiB,"
              + " max used %d MiB; -Xmx %d MiB%n",
          mib(heapBefore),
          mib(sampler.maxAfterGc.get()),
          mib(sampler.maxUsed.get()),
          mib(Runtime.getRuntime().maxMemory()));
      System.out.printf("Machine after: %s%n", Machine.describe());
    }
    System.exit(0);
  }

  /** The same number of messages planned with reminders directly, then swept alike. */
  private static void baseline(
      CampaignWorld world, List<UUID> ids, Instant fired, int inFlight, CpuMeter cpu)
      throws Exception {
    cpu.start();
    long start = System.nanoTime();
    Map<String, Integer> failedPlans = planDirectly(world, ids, fired.plusSeconds(3600), inFlight);
    report("Baseline: planned with reminders directly", ids.size(), start, "plans");
    System.out.printf("    plans failed, by cause: %s%n", failedPlans);
    System.out.println("    " + cpu.perRequest("plan", ids.size()));
    cpu.start();
    start = System.nanoTime();
    int baselineSent = sweepUntil(world, fired.plusSeconds(2 * 3600), ids.size());
    report("Baseline: swept into inboxes", baselineSent, start, "sends");
    System.out.println("    " + cpu.perRequest("message sent", baselineSent));
  }

  /**
   * Account rows written directly (hashing N passwords would measure Argon2, not campaigns) and
   * preferences without quiet hours, so the run does not depend on the hour it starts.
   */
  private static List<UUID> accounts(CampaignWorld world, int patients, int inFlight)
      throws InterruptedException {
    BenchmarkTools.PatientAccounts accounts = new BenchmarkTools.PatientAccounts(world.session);
    NotificationPreferences noQuiet = BenchmarkTools.withoutQuietHours();
    List<UUID> ids = new ArrayList<>(patients);
    for (int p = 0; p < patients; p++) {
      ids.add(UUID.randomUUID());
    }
    Map<String, Integer> failed =
        eachAtMost(
            ids,
            inFlight,
            id ->
                Future.all(
                    accounts.write(id, CampaignWorld.PARIS.getId()),
                    world.api.preferences().save(id, noQuiet)));
    if (!failed.isEmpty()) {
      throw new IllegalStateException("patients not written: " + failed);
    }
    return ids;
  }

  private static Campaign approvedCampaign(CampaignWorld world, UUID clinic) {
    JsonObject json = CampaignWorld.declineCampaign(clinic).put("sendAt", SEND_AT.toString());
    Campaign draft = world.crm.campaigns().create(json, UUID.randomUUID()).await();
    return world.crm.campaigns().approve(draft.id(), UUID.randomUUID()).await();
  }

  /**
   * Each patient enters decline in the campaign's clinic; every instance decides it on its own
   * event loop, as its bus consumer would, at most {@code inFlight} transitions at once.
   */
  private static Map<String, Integer> decideAll(
      CampaignWorld world, List<Crm> crms, UUID clinic, List<UUID> ids, Instant at, int inFlight)
      throws InterruptedException {
    List<Context> loops = crms.stream().map(c -> world.vertx.getOrCreateContext()).toList();
    return eachAtMost(
        ids,
        inFlight,
        id -> {
          StageChanged e =
              new StageChanged(
                  id,
                  Optional.of(id),
                  Set.of(clinic),
                  Optional.of("maturity"),
                  "decline",
                  "benchmark",
                  "the benchmark moved them",
                  at);
          List<Future<Void>> heard = new ArrayList<>();
          for (int i = 0; i < crms.size(); i++) {
            Crm crm = crms.get(i);
            Promise<Void> decided = Promise.promise();
            loops
                .get(i)
                .runOnContext(v -> crm.campaignTriggers().onStageChanged(e).onComplete(decided));
            heard.add(decided.future());
          }
          return Future.all(heard);
        });
  }

  /** The reminders' side alone: the same messages planned as the CRM's decision would ask. */
  private static Map<String, Integer> planDirectly(
      CampaignWorld world, List<UUID> ids, Instant at, int inFlight) throws InterruptedException {
    UUID campaignId = UUID.randomUUID();
    return eachAtMost(
        ids,
        inFlight,
        id ->
            world
                .reminders
                .campaigns()
                .plan(
                    new CampaignBus.Plan(
                        campaignId,
                        id,
                        "baseline",
                        false,
                        false,
                        "Shall we check on your teeth?",
                        "Pick a time that suits you.",
                        Optional.of("careloop://book?service=check-up"),
                        at,
                        0,
                        BASELINE_SEND_AT,
                        Optional.empty())));
  }

  /**
   * Sweeps at {@code at}, as the timer would, until {@code expected} are sent, or a sweep that
   * reached every shard found nothing more.
   */
  private static int sweepUntil(CampaignWorld world, Instant at, int expected)
      throws InterruptedException {
    long start = System.nanoTime();
    int sent = 0;
    for (int sweeps = 1; sent < expected && sweeps <= MAX_SWEEPS; sweeps++) {
      ReminderScheduler.Sweep sweep = world.sweepAt(at);
      sent += sweep.sent() + sweep.done();
      System.out.printf(
          "    sweep %d: %s after %.1f s%n", sweeps, sweep, (System.nanoTime() - start) / 1e9);
      if (sweep.total() == 0 && sweep.shardsSkipped() == 0) {
        break;
      }
      if (sweep.shardsSkipped() > 0) {
        Thread.sleep(1000); // leases not granted: the timer would come back a little later
      }
    }
    return sent;
  }

  /** The campaign's stats, as the console asks for them, and how long they take at this size. */
  private static void stats(CampaignWorld world, UUID campaignId) {
    long start = System.nanoTime();
    try {
      JsonObject stats = world.crm.campaignStats().of(campaignId).await();
      System.out.printf(
          "    stats in %.1f s: %s%n", (System.nanoTime() - start) / 1e9, stats.encode());
    } catch (Exception e) {
      System.out.printf(
          "    stats failed after %.1f s: %s%n", (System.nanoTime() - start) / 1e9, e);
    }
  }

  /**
   * Runs {@code task} for each, at most {@code inFlight} at once; answers the failures by cause.
   */
  private static <T> Map<String, Integer> eachAtMost(
      List<T> items, int inFlight, Function<T, Future<?>> task) throws InterruptedException {
    Semaphore permits = new Semaphore(inFlight);
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    for (T item : items) {
      permits.acquire();
      task.apply(item)
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  failures.merge(causes(ar.cause()), 1, Integer::sum);
                }
                permits.release();
              });
    }
    permits.acquire(inFlight);
    return new TreeMap<>(failures);
  }

  /**
   * A failure and what caused it, to the root: the driver's "connection closed" says nothing
   * without the error that closed it.
   */
  private static String causes(Throwable failure) {
    StringBuilder chain = new StringBuilder();
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 5; depth++) {
      if (depth > 0) {
        chain.append(" <- ");
      }
      chain.append(t.getClass().getSimpleName());
      if (t instanceof AllNodesFailedException all && !all.getAllErrors().isEmpty()) {
        t = all.getAllErrors().values().iterator().next().get(0);
      } else {
        t = t.getCause() == t ? null : t.getCause();
      }
      if (t != null && t.getCause() == null && t.getMessage() != null) {
        chain
            .append(" <- ")
            .append(t.getClass().getSimpleName())
            .append(": ")
            .append(t.getMessage());
        break;
      }
    }
    return chain.toString();
  }

  private static void report(String phase, long count, long startNanos, String unit) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf(
        "%s: %,d in %.1f s, %.0f %s/s%n", phase, count, seconds, count / seconds, unit);
  }
}
