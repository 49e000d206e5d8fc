package io.careloop.e2e;

import io.careloop.crm.judgement.Judgements;
import io.careloop.platform.testing.Machine;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A chain's history imported through the admin API, on one machine (the tests' Cassandra node, all
 * of CareLoop as the tests start it, and this client): {@code patients} patients, then {@code
 * visits} visits each over five years, as JSON lines streamed from a file. Each import answers once
 * every line is stored and every patient it changed is judged. After each import it prints the heap
 * live after a full collection (run it with {@code -Xmx512m} for issue 30's memory goal). Not a
 * test: run it with {@code ./careloop bench CrmImportBenchmark [patients=100000] [visits per
 * patient=10]}.
 */
public final class CrmImportBenchmark {

  private static final List<String> SERVICES =
      List.of("check-up", "cleaning", "filling", "whitening", "crown");
  private static final List<String> STATUSES =
      List.of(
          "completed",
          "completed",
          "completed",
          "completed",
          "completed",
          "completed",
          "completed",
          "no-show",
          "cancelled",
          "completed");

  private CrmImportBenchmark() {}

  public static void main(String[] args) throws Exception {
    int patients = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int visitsEach = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    System.out.printf(
        "CRM import benchmark: %,d patients, %,d visits, on %s%n",
        patients, (long) patients * visitsEach, Machine.describe());
    TestApp app = TestApp.get();
    CrmWorld world = new CrmWorld(app);
    String run = UUID.randomUUID().toString().substring(0, 6);
    Path dir = Files.createTempDirectory("crm-import-bench");
    Path patientFile = writePatients(dir, run, patients, world.clinicId.toString());
    Path visitFile = writeVisits(dir, run, patients, visitsEach, world.clinicId.toString());
    AtomicLong firstJudged = new AtomicLong();
    AtomicLong judged = new AtomicLong();
    app.app
        .crm()
        .judgements()
        .afterJudged(
            (Judgements.Judged j) -> {
              firstJudged.compareAndSet(0, System.nanoTime());
              judged.incrementAndGet();
            });

    run(app, "patients", patientFile, patients, firstJudged, judged);
    run(app, "visits", visitFile, (long) patients * visitsEach, firstJudged, judged);
    System.out.printf("Machine after: %s%n", Machine.describe());
    System.exit(0);
  }

  private static void run(
      TestApp app, String kind, Path file, long lines, AtomicLong firstJudged, AtomicLong judged) {
    firstJudged.set(0);
    judged.set(0);
    double cpu = Machine.cpuSeconds();
    long start = System.nanoTime();
    var body =
        app.app.vertx().fileSystem().open(file.toString(), new OpenOptions().setRead(true)).await();
    HttpResponse<Buffer> r =
        app.http
            .post("/api/v1/admin/imports/" + kind)
            .bearerTokenAuthentication(app.adminToken())
            .putHeader("Content-Type", "application/x-ndjson")
            .sendStream(body)
            .await();
    long end = System.nanoTime();
    double seconds = (end - start) / 1e9;
    double stored = firstJudged.get() == 0 ? seconds : (firstJudged.get() - start) / 1e9;
    JsonObject report = r.bodyAsJsonObject();
    System.out.printf(
        Locale.ROOT,
        "%-8s %,11d lines in %7.1f s = %6.1f min: %8.0f lines/s (stored in %.1f s: %.0f lines/s;"
            + " then %,d patients judged in %.1f s)  CareLoop CPU %.0f s%n",
        kind,
        lines,
        seconds,
        seconds / 60,
        lines / seconds,
        stored,
        lines / stored,
        judged.get(),
        seconds - stored,
        Machine.cpuSeconds() - cpu);
    System.out.printf(
        "    answer %d: stored %d, unchanged %d, refused %d; load average %s%n",
        r.statusCode(),
        report.getLong("stored"),
        report.getLong("unchanged"),
        report.getLong("refusedCount"),
        Machine.loadAverage());
    System.out.printf(
        Locale.ROOT,
        "    heap live after a full collection %.0f MiB of %.0f MiB (CareLoop with every module,"
            + " and this client)%n",
        liveHeapMib(),
        Runtime.getRuntime().maxMemory() / 1048576.0);
  }

  /** The heap in use right after a full collection: what the process needs to hold. */
  private static double liveHeapMib() {
    System.gc();
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()
        / 1048576.0;
  }

  private static Path writePatients(Path dir, String run, int patients, String clinic)
      throws Exception {
    Path file = dir.resolve("patients.jsonl");
    SplittableRandom rnd = new SplittableRandom(7);
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (int i = 0; i < patients; i++) {
        out.write(
            new JsonObject()
                .put("externalId", run + "-" + i)
                .put("name", "Patient " + run + " " + i)
                .put("email", "p" + i + "-" + run + "@example.org")
                .put("phone", "+86 139 " + (10_000_000 + i))
                .put(
                    "birthDate",
                    LocalDate.of(1940 + rnd.nextInt(70), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28))
                        .toString())
                .put("region", "District " + rnd.nextInt(16))
                .put("clinicId", clinic)
                .encode());
        out.newLine();
      }
    }
    return file;
  }

  private static Path writeVisits(Path dir, String run, int patients, int each, String clinic)
      throws Exception {
    Path file = dir.resolve("visits.jsonl");
    SplittableRandom rnd = new SplittableRandom(11);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (int i = 0; i < patients; i++) {
        for (int v = 0; v < each; v++) {
          out.write(
              new JsonObject()
                  .put("externalPatientId", run + "-" + i)
                  .put("visitId", "V" + i + "-" + v)
                  .put("date", today.minusDays(rnd.nextInt(1, 5 * 365)).toString())
                  .put("status", STATUSES.get(rnd.nextInt(STATUSES.size())))
                  .put("service", SERVICES.get(rnd.nextInt(SERVICES.size())))
                  .put("provider", "Dr " + rnd.nextInt(40))
                  .put("price", 50 + rnd.nextInt(400))
                  .put("clinicId", clinic)
                  .encode());
          out.newLine();
        }
      }
    }
    return file;
  }
}
