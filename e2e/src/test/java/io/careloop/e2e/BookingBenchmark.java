package io.careloop.e2e;

import io.careloop.patient.booking.SlotFinder;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.clinic.WeeklyHours;
import io.careloop.patient.clinic.WorkingDay;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on the booking API through the gateway, on one machine: the tests' Cassandra node, all of
 * CareLoop (as the tests start it) and the simulated patients share its cores. Not a test: run it
 * as docs/benchmarks.md says, and read the figures it prints.
 *
 * <ol>
 *   <li>One slot search for a week of ten providers, alone (HTTP end to end, and the pure {@link
 *       SlotFinder} part on the same input).
 *   <li>Slot searches only, from many concurrent patients.
 *   <li>Patients who search a day and book a slot they found, concurrently (bookings collide, as in
 *       real life; a 409 is a correct answer and counted apart).
 * </ol>
 *
 * Arguments: {@code [patients=64] [seconds per phase=20]}.
 */
public final class BookingBenchmark {

  private static final String PARIS = "Europe/Paris";
  private static final int PROVIDERS = 10;
  private static final int HORIZON_DAYS = 60;

  private BookingBenchmark() {}

  /** Latencies of one kind of request, in microseconds. */
  private static final class Latencies {
    private final ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
    private final AtomicInteger errors = new AtomicInteger();

    void add(long startNanos) {
      micros.add((System.nanoTime() - startNanos) / 1000);
    }

    /** Count, rate over {@code over} (none when null), percentiles. */
    String report(String name, Duration over) {
      long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
      if (sorted.length == 0) {
        return String.format("%-34s no samples", name);
      }
      String rate =
          over == null
              ? ""
              : String.format("  %8.1f /s", sorted.length / (over.toMillis() / 1000.0));
      return String.format(
          "%-34s %7d requests%s  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  errors %d",
          name,
          sorted.length,
          rate,
          pct(sorted, 50) / 1000.0,
          pct(sorted, 99) / 1000.0,
          sorted[sorted.length - 1] / 1000.0,
          errors.get());
    }

    private static long pct(long[] sorted, int p) {
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
  }

  public static void main(String[] args) throws Exception {
    int patientCount = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    Duration phase = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 20);

    long boot = System.nanoTime();
    TestApp app = TestApp.get();
    System.out.printf(
        "CareLoop and a Cassandra node started in %.1f s%n", (System.nanoTime() - boot) / 1e9);
    ClinicFixture fixture = new ClinicFixture(app);
    JsonObject clinic = fixture.clinic(PARIS, 0, 0, HORIZON_DAYS);
    JsonObject checkUp = fixture.service("Check-up", 30, 15);
    List<JsonObject> providers = new ArrayList<>();
    for (int i = 0; i < PROVIDERS; i++) {
      JsonObject p = fixture.provider("Provider " + i, "dentist", List.of(checkUp), clinic);
      fixture.everyDay(
          p,
          clinic,
          ClinicFixture.ranges("08:00", "18:00"),
          ClinicFixture.ranges("12:00", "13:00"));
      providers.add(p);
    }
    List<ClinicFixture.Account> patients = fixture.patients(patientCount);
    System.out.printf(
        "Clinic with %d providers (08:00-18:00, break 12:00-13:00, every day), %d patients%n",
        PROVIDERS, patients.size());

    Vertx clientVertx = Vertx.vertx();
    int port =
        Integer.parseInt(app.app.apiBaseUrl().substring(app.app.apiBaseUrl().lastIndexOf(':') + 1));
    WebClient client =
        WebClient.create(
            clientVertx,
            new WebClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(port)
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(patientCount));
    String slotsPath =
        "/api/v1/clinics/" + clinic.getString("id") + "/slots?serviceId=" + checkUp.getString("id");
    LocalDate tomorrow = LocalDate.now(ZoneId.of(PARIS)).plusDays(1);
    String token = patients.get(0).token();

    // 1. One search, a week of ten providers.
    for (int i = 0; i < 20; i++) {
      get(client, slotsPath + "&from=" + tomorrow + "&to=" + tomorrow.plusDays(6), token).await();
    }
    Latencies single = new Latencies();
    int slotsInWeek = 0;
    for (int i = 0; i < 50; i++) {
      long t = System.nanoTime();
      HttpResponse<Buffer> r =
          get(client, slotsPath + "&from=" + tomorrow + "&to=" + tomorrow.plusDays(6), token)
              .await();
      single.add(t);
      slotsInWeek = r.bodyAsJsonObject().getJsonArray("slots").size();
    }
    System.out.println();
    System.out.println(
        "1. One slot search, one week, ten providers ("
            + slotsInWeek
            + " free starts), 50 in a row:");
    System.out.println("   " + single.report("HTTP end to end", null));
    System.out.println("   " + pureFinder(slotsInWeek));

    // 2. Searches only.
    Latencies searches = new Latencies();
    run(
        clientVertx,
        patients,
        phase,
        (patient, random) -> {
          LocalDate from = tomorrow.plusDays(random.nextInt(HORIZON_DAYS - 7));
          long t = System.nanoTime();
          return get(
                  client, slotsPath + "&from=" + from + "&to=" + from.plusDays(6), patient.token())
              .andThen(ar -> record(searches, t, ar, 200))
              .mapEmpty();
        });
    System.out.println();
    System.out.println(
        "2. Slot searches (a random week, ten providers), "
            + patients.size()
            + " patients at once, "
            + phase.toSeconds()
            + " s:");
    System.out.println("   " + searches.report("search a week", phase));

    // 3. Search a day, book one of its slots.
    Latencies daySearches = new Latencies();
    Latencies booked = new Latencies();
    Latencies taken = new Latencies();
    AtomicLong unexpected = new AtomicLong();
    run(
        clientVertx,
        patients,
        phase,
        (patient, random) -> {
          LocalDate day = tomorrow.plusDays(random.nextInt(HORIZON_DAYS - 1));
          long t0 = System.nanoTime();
          return get(client, slotsPath + "&from=" + day + "&to=" + day, patient.token())
              .andThen(ar -> record(daySearches, t0, ar, 200))
              .compose(
                  r -> {
                    JsonArray slots = r.bodyAsJsonObject().getJsonArray("slots");
                    if (slots.isEmpty()) {
                      return Future.succeededFuture();
                    }
                    JsonObject slot = slots.getJsonObject(random.nextInt(slots.size()));
                    JsonObject body =
                        new JsonObject()
                            .put("clinicId", clinic.getString("id"))
                            .put("serviceId", checkUp.getString("id"))
                            .put("providerId", slot.getString("providerId"))
                            .put("start", slot.getString("start"));
                    long t1 = System.nanoTime();
                    return client
                        .post("/api/v1/appointments")
                        .bearerTokenAuthentication(patient.token())
                        .putHeader("Idempotency-Key", UUID.randomUUID().toString())
                        .sendJsonObject(body)
                        .andThen(
                            ar -> {
                              if (ar.succeeded() && ar.result().statusCode() == 201) {
                                booked.add(t1);
                              } else if (ar.succeeded() && ar.result().statusCode() == 409) {
                                taken.add(t1);
                              } else {
                                unexpected.incrementAndGet();
                                booked.errors.incrementAndGet();
                              }
                            })
                        .mapEmpty();
                  });
        });
    System.out.println();
    System.out.println(
        "3. Patients searching a day and booking one of its slots, "
            + patients.size()
            + " at once, "
            + phase.toSeconds()
            + " s:");
    System.out.println("   " + daySearches.report("search a day", phase));
    System.out.println("   " + booked.report("book (201 created)", phase));
    System.out.println("   " + taken.report("book (409 slot-taken)", phase));
    System.out.println("   unexpected answers: " + unexpected.get());

    client.close();
    clientVertx.close().await();
    System.exit(0);
  }

  /** The pure slot computation for the same week and providers, without I/O. */
  private static String pureFinder(int expectedSlots) {
    List<WorkingDay> days = new ArrayList<>();
    for (DayOfWeek d : DayOfWeek.values()) {
      days.add(
          new WorkingDay(
              d,
              List.of(TimeRange.parse("08:00", "18:00")),
              List.of(TimeRange.parse("12:00", "13:00"))));
    }
    WeeklyHours week = new WeeklyHours(days);
    List<SlotFinder.ProviderTime> times = new ArrayList<>();
    for (int i = 0; i < PROVIDERS; i++) {
      times.add(new SlotFinder.ProviderTime(UUID.randomUUID(), week, List.of(), List.of()));
    }
    LocalDate from = LocalDate.now(ZoneId.of(PARIS)).plusDays(1);
    SlotFinder.Search search =
        new SlotFinder.Search(
            ZoneId.of(PARIS),
            from,
            from.plusDays(6),
            Duration.ofMinutes(30),
            Duration.ofMinutes(15),
            Instant.now(),
            from.plusDays(HORIZON_DAYS));
    int found = 0;
    for (int i = 0; i < 2000; i++) {
      found = SlotFinder.find(search, times).size();
    }
    long[] nanos = new long[1000];
    for (int i = 0; i < nanos.length; i++) {
      long t = System.nanoTime();
      SlotFinder.find(search, times);
      nanos[i] = System.nanoTime() - t;
    }
    Arrays.sort(nanos);
    return String.format(
        "%-34s %d free starts (HTTP found %d)  p50 %7.3f ms  p99 %7.3f ms",
        "SlotFinder alone (no I/O)", found, expectedSlots, nanos[500] / 1e6, nanos[989] / 1e6);
  }

  private interface Visit {
    Future<Void> run(ClinicFixture.Account patient, Random random);
  }

  /** Every patient repeats its visit, one request after the other, until the phase ends. */
  private static void run(
      Vertx vertx, List<ClinicFixture.Account> patients, Duration phase, Visit visit) {
    long end = System.nanoTime() + phase.toNanos();
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < patients.size(); i++) {
      ClinicFixture.Account patient = patients.get(i);
      Random random = new Random(i);
      Promise<Void> done = Promise.promise();
      vertx.runOnContext(v -> loop(patient, random, visit, end, done));
      loops.add(done.future());
    }
    Future.all(loops).await();
  }

  private static void loop(
      ClinicFixture.Account patient, Random random, Visit visit, long end, Promise<Void> done) {
    if (System.nanoTime() > end) {
      done.complete();
      return;
    }
    visit.run(patient, random).onComplete(ar -> loop(patient, random, visit, end, done));
  }

  private static Future<HttpResponse<Buffer>> get(WebClient client, String path, String token) {
    return client.get(path).bearerTokenAuthentication(token).send();
  }

  private static void record(
      Latencies latencies, long start, AsyncResult<HttpResponse<Buffer>> ar, int expected) {
    if (ar.succeeded() && ar.result().statusCode() == expected) {
      latencies.add(start);
    } else {
      latencies.errors.incrementAndGet();
    }
  }
}
