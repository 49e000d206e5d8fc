package io.careloop.crm;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.crm.judgement.InFlight;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.synthetic.SyntheticChain;
import io.careloop.crm.patient.PatientRepository;
import io.careloop.crm.patient.Patients;
import io.careloop.crm.sheet.FactRow;
import io.careloop.crm.sheet.SheetRepository;
import io.careloop.platform.testing.Machine;
import io.careloop.platform.testing.TableTraffic;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The CRM's full recompute on one machine, on a generated chain ({@link SyntheticChain}: five kinds
 * of patient, up to six years of visits, brushing, alerts, plans, feedback). Not a test: run it
 * with {@code ./careloop bench CrmRecomputeBenchmark [patients=1000000] [concurrency=64]} and read
 * what it prints. Phases:
 *
 * <ol>
 *   <li>load: the patients and their facts written through the CRM's own repositories (what imports
 *       and events would have written);
 *   <li>first recompute: the sweep over every shard, each patient read (one partition), judged, and
 *       everything stored, as new (first stage, tags, labels, history, timeline);
 *   <li>tier refit: the scores of everyone from the shards, k-means on a sample, everyone's first
 *       tier (each a judgement);
 *   <li>churn refit on a sample of the history;
 *   <li>the sweep after the refits: everyone's churn risk moved, so every judgement is stored;
 *   <li>steady, every index repaired: the sweep of an instance just started, which repairs every
 *       patient's search entries (the baseline of the next phase);
 *   <li>steady recompute: the sweep again, as it runs every hour: nothing has changed, and only the
 *       patients whose moment of the day came since the last sweep have their index repaired.
 * </ol>
 *
 * Cassandra is the tests' node (its own, 512 MB heap, unless {@code CARELOOP_TEST_CQL} names one).
 */
public final class CrmRecomputeBenchmark {

  private static final int CLINICS = 20;
  private static final int LOAD_CONCURRENCY = 128;

  private CrmRecomputeBenchmark() {}

  public static void main(String[] args) {
    int patients = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    System.out.printf(
        "CRM recompute benchmark: %,d patients, %d judged at once, on %s%n",
        patients, concurrency, Machine.describe());
    Vertx vertx = Vertx.vertx();
    var session = TestCassandra.get().session();
    Traffic traffic = new Traffic(vertx, session, TestCassandra.get().config().keyspace());
    Crm crm = sweepingOnDemand(vertx, session, concurrency);
    Loader loader =
        new Loader(
            new PatientRepository(session),
            new SheetRepository(session),
            new SyntheticChain(2026),
            now);

    phase(
        traffic,
        "load (generated patients and facts written)",
        patients,
        () -> loader.load(patients));
    phase(
        traffic,
        "first recompute (everyone judged for the first time)",
        patients,
        () -> crm.sweep().sweep().map(r -> "swept " + r.patients() + ", failures " + r.failures()));
    phase(
        traffic,
        "tier refit (fit on a sample, everyone's first tier)",
        patients,
        () ->
            crm.tierRefit()
                .refit(Optional.empty())
                .map(
                    r ->
                        "silhouette "
                            + r.getDouble("silhouette")
                            + ", moved "
                            + r.getInteger("moved")));
    phase(traffic, "churn refit", patients, () -> crm.churnRefit().refit().map(JsonObject::encode));
    phase(
        traffic,
        "sweep after the refits (churn risks stored anew)",
        patients,
        () -> crm.sweep().sweep().map(r -> "swept " + r.patients() + ", failures " + r.failures()));
    // The shards go to a new instance and come back: it sweeps as the old code did every hour.
    crm.sweep().stop(vertx).await();
    Crm restarted = sweepingOnDemand(vertx, session, concurrency);
    phase(
        traffic,
        "steady, every index repaired (an instance's first sweep)",
        patients,
        () ->
            restarted
                .sweep()
                .sweep()
                .map(r -> "swept " + r.patients() + ", failures " + r.failures()));
    restarted.sweep().stop(vertx).await();
    phase(
        traffic,
        "steady recompute (the hourly sweep, nothing changed)",
        patients,
        () -> crm.sweep().sweep().map(r -> "swept " + r.patients() + ", failures " + r.failures()));
    System.out.printf("Machine after: %s%n", Machine.describe());
    vertx.close().await();
    System.exit(0);
  }

  /** A CRM instance that sweeps when asked, {@code concurrency} patients at once. */
  private static Crm sweepingOnDemand(Vertx vertx, CqlSession session, int concurrency) {
    return Crm.create(
            vertx,
            session,
            CrmConfig.defaults()
                .withSweepInterval(Duration.ZERO)
                .withSweepConcurrency(concurrency)
                .withoutScheduledRefits(),
            Crm.Neighbours.alone(),
            Clock.systemUTC())
        .await();
  }

  /** Where a phase runs, and the keyspace whose requests it counts. */
  private record Traffic(Vertx vertx, CqlSession session, String keyspace) {}

  /**
   * Runs one phase on an event loop, as the sweep runs; prints its time, rate, and what a million
   * patients would take.
   */
  private static void phase(
      Traffic traffic, String name, int patients, Supplier<Future<String>> work) {
    Vertx vertx = traffic.vertx();
    TableTraffic tablesBefore = TableTraffic.of(traffic.session(), traffic.keyspace());
    double cpuBefore = cpuSeconds();
    long start = System.nanoTime();
    Promise<String> done = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> work.get().onComplete(done));
    String result = done.future().await();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%-55s %8.1f s  %9.0f patients/s  1M patients: %6.1f min  (CareLoop CPU %.0f s)%n",
        name,
        seconds,
        patients / seconds,
        1_000_000 / (patients / seconds) / 60,
        cpuSeconds() - cpuBefore);
    System.out.println("    " + result);
    System.out.println("    load average " + Machine.loadAverage());
    System.out.print(
        TableTraffic.of(traffic.session(), traffic.keyspace())
            .since(tablesBefore, patients, "patient"));
  }

  /**
   * Writes generated patients as imports and events would: profile, shard, clinic, and every fact
   * row.
   */
  private record Loader(
      PatientRepository patients, SheetRepository sheets, SyntheticChain chain, Instant now) {

    Future<String> load(int n) {
      AtomicInteger rows = new AtomicInteger();
      AtomicInteger done = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      List<Integer> all = IntStream.range(0, n).boxed().toList();
      return InFlight.run(all, LOAD_CONCURRENCY, i -> write(i, rows), done, failed)
          .map(
              v ->
                  String.format(
                      Locale.ROOT,
                      "%,d patients, %,d fact rows (%.1f a patient), %d failed",
                      done.get(),
                      rows.get(),
                      rows.get() / (double) Math.max(1, done.get()),
                      failed.get()));
    }

    private Future<Void> write(int i, AtomicInteger rowCount) {
      PatientFacts facts = chain.patient(i, now);
      UUID id = UUID.nameUUIDFromBytes(("bench-patient-" + i).getBytes(StandardCharsets.UTF_8));
      UUID clinic =
          UUID.nameUUIDFromBytes(
              ("bench-clinic-" + (i % CLINICS)).getBytes(StandardCharsets.UTF_8));
      List<Future<Void>> writes = new ArrayList<>();
      writes.add(
          patients.saveImported(
              id,
              "Patient " + i,
              null,
              null,
              facts.birthDate().orElse(null),
              facts.region().orElse(null),
              facts.registeredAt()));
      writes.add(patients.list(Patients.shardOf(id), id, null));
      writes.add(patients.addClinic(id, clinic));
      for (FactRow row : rows(facts)) {
        writes.add(
            row.kind().equals(FactRow.BRUSHING_DAY)
                ? sheets.saveExpiring(id, row, SheetRepository.BRUSHING_DAY_TTL_SECONDS)
                : sheets.save(id, row));
      }
      rowCount.addAndGet(writes.size() - 3);
      return Future.all(writes).mapEmpty();
    }

    private List<FactRow> rows(PatientFacts f) {
      List<FactRow> rows = new ArrayList<>();
      int k = 0;
      for (PatientFacts.Appointment a : f.appointments()) {
        rows.add(
            FactRow.appointment(
                FactRow.VISIT,
                "bench:" + k++,
                a.at(),
                a.status(),
                a.service(),
                a.price(),
                a.bookedVia(),
                a.bookedAt()));
      }
      f.brushing()
          .ifPresent(
              b -> {
                rows.add(FactRow.brush(b.pairedOn()));
                b.days()
                    .forEach(
                        d ->
                            rows.add(
                                FactRow.brushingDay(
                                    d.date(), d.score(), d.sessions(), d.plaqueIndex())));
              });
      f.openAlerts()
          .forEach(
              a ->
                  rows.add(FactRow.alert(UUID.randomUUID(), a.rule(), a.severity(), a.openedAt())));
      f.carePlan()
          .ifPresent(
              p ->
                  rows.add(
                      FactRow.carePlan(p.template(), p.since(), now.plus(Duration.ofDays(60)))));
      for (PatientFacts.Feedback fb : f.feedback()) {
        UUID item = UUID.randomUUID();
        rows.add(
            fb.rating().isPresent()
                ? FactRow.feedback(item, fb.at(), fb.rating().getAsInt(), fb.sentiment())
                : FactRow.note(item, fb.at(), fb.sentiment()));
      }
      return rows;
    }
  }

  /** CPU this process used, user and system. */
  static double cpuSeconds() {
    return ProcessHandle.current()
        .info()
        .totalCpuDuration()
        .map(d -> d.toMillis() / 1000.0)
        .orElse(Double.NaN);
  }
}
