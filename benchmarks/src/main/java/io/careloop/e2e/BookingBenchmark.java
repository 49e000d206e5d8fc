package io.careloop.e2e;

import io.careloop.patient.booking.SlotFinder;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.clinic.WeeklyHours;
import io.careloop.patient.clinic.WorkingDay;
import io.careloop.platform.testing.TableTraffic;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

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
 *   <li>Open loop: visits (search a week, book one of its slots) started on a schedule at fixed
 *       rates, each timed from when it was due, so that queueing shows in the figures instead of
 *       slowing the load down (coordinated omission).
 * </ol>
 *
 * Each loaded phase also reports the CPU time per request of CareLoop's JVM (which hosts the
 * patients' client too) and of the Cassandra node, figures that hold on any machine size, and every
 * booking answered 201 is checked against the others for overlapping time (a double booking).
 *
 * <p>Arguments: {@code [patients=64] [seconds per phase=20] [open-loop visits per second=5,10,20]}.
 */
public final class BookingBenchmark {

  private static final String PARIS = "Europe/Paris";
  private static final int PROVIDERS = 10;
  private static final int HORIZON_DAYS = 120; // room for every phase's bookings

  private BookingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int patientCount = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    Duration phase = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 20);
    double[] rates =
        Arrays.stream((args.length > 2 ? args[2] : "5,10,20").split(","))
            .mapToDouble(Double::parseDouble)
            .toArray();

    TestApp app = BenchmarkApp.started();
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
    WebClient client = BenchmarkApp.client(clientVertx, app, patientCount);
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

    // 1b. One booking at a time: a booking's own time, without queueing.
    Supplier<Bookings> newBookings = // the check-up occupies 45 minutes with its buffer
        () ->
            new Bookings(
                client, clinic.getString("id"), checkUp.getString("id"), Duration.ofMinutes(45));
    Bookings bookings = newBookings.get();
    Random alone = new Random(-1);
    for (int i = 0; i < 50; i++) {
      LocalDate day = tomorrow.plusDays(alone.nextInt(HORIZON_DAYS - 1));
      ClinicFixture.Account patient = patients.get(i % patients.size());
      HttpResponse<Buffer> r =
          get(client, slotsPath + "&from=" + day + "&to=" + day, patient.token()).await();
      bookings.bookOneOf(patient, r, alone).await();
    }
    System.out.println("   One booking at a time, 50 in a row:");
    bookings.report(null);

    CpuMeter cpu = new CpuMeter();

    // 2. Searches only.
    Latencies searches = new Latencies();
    cpu.start();
    ClosedLoop.run(
        clientVertx,
        patients,
        phase,
        (patient, random) -> {
          LocalDate from = tomorrow.plusDays(random.nextInt(HORIZON_DAYS - 7));
          long t = System.nanoTime();
          return get(
                  client, slotsPath + "&from=" + from + "&to=" + from.plusDays(6), patient.token())
              .andThen(ar -> Latencies.record(searches, t, ar, 200))
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
    System.out.println("   " + cpu.perRequest("search", searches.count()));

    // 3. Search a day, book one of its slots.
    Bookings rush = newBookings.get();
    Latencies daySearches = new Latencies();
    TableTraffic tablesBefore = tableTraffic();
    cpu.start();
    ClosedLoop.run(
        clientVertx,
        patients,
        phase,
        (patient, random) -> {
          LocalDate day = tomorrow.plusDays(random.nextInt(HORIZON_DAYS - 1));
          long t0 = System.nanoTime();
          return get(client, slotsPath + "&from=" + day + "&to=" + day, patient.token())
              .andThen(ar -> Latencies.record(daySearches, t0, ar, 200))
              .compose(r -> rush.bookOneOf(patient, r, random));
        });
    System.out.println();
    System.out.println(
        "3. Patients searching a day and booking one of its slots, "
            + patients.size()
            + " at once, "
            + phase.toSeconds()
            + " s:");
    System.out.println("   " + daySearches.report("search a day", phase));
    rush.report(phase);
    bookings.addAll(rush);
    System.out.println("   " + cpu.perRequest("visit (search a day + book)", daySearches.count()));
    // Counted a few seconds on, so that what the bookings set off (reminders, the CRM) is in.
    Thread.sleep(5000);
    System.out.print(tableTraffic().since(tablesBefore, daySearches.count(), "visit"));

    // 4. Open loop: visits due on a schedule, timed from when they were due.
    for (double rate : rates) {
      Latencies weekSearches = new Latencies();
      Bookings due = newBookings.get();
      cpu.start();
      int started =
          openLoop(
              clientVertx,
              patients,
              rate,
              phase,
              (patient, random, dueAt) -> {
                LocalDate from = tomorrow.plusDays(random.nextInt(HORIZON_DAYS - 7));
                return get(
                        client,
                        slotsPath + "&from=" + from + "&to=" + from.plusDays(6),
                        patient.token())
                    .andThen(ar -> Latencies.record(weekSearches, dueAt, ar, 200))
                    .compose(r -> due.bookOneOf(patient, r, random));
              });
      System.out.println();
      System.out.printf(
          "4. Open loop: %.0f visits per second due (search a week, book one of its slots),"
              + " %d started in %d s, patients taken in turn from %d:%n",
          rate, started, phase.toSeconds(), patients.size());
      System.out.println("   " + weekSearches.report("search a week (from when due)", phase));
      due.report(phase);
      System.out.println("   " + cpu.perRequest("visit (search a week + book)", started));
      bookings.addAll(due);
    }
    System.out.println();
    System.out.println("   double bookings among all 201 answers: " + bookings.overlaps());

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

  /**
   * Books a slot from a search's answer and keeps what came back: latencies of 201 and 409 apart,
   * anything else as unexpected, and each booked provider's start for the double-booking check.
   */
  private static final class Bookings {
    private final WebClient client;
    private final String clinicId;
    private final String serviceId;
    private final Duration occupies;
    private final Latencies booked = new Latencies();
    private final Latencies taken = new Latencies();
    private final Map<String, Integer> unexpected = new ConcurrentHashMap<>(); // by status
    private final AtomicLong nothingFree = new AtomicLong();
    private final List<String[]> created = Collections.synchronizedList(new ArrayList<>());

    Bookings(WebClient client, String clinicId, String serviceId, Duration occupies) {
      this.client = client;
      this.clinicId = clinicId;
      this.serviceId = serviceId;
      this.occupies = occupies;
    }

    Future<Void> bookOneOf(
        ClinicFixture.Account patient, HttpResponse<Buffer> search, Random random) {
      JsonArray slots = search.bodyAsJsonObject().getJsonArray("slots");
      if (slots.isEmpty()) {
        nothingFree.incrementAndGet();
        return Future.succeededFuture();
      }
      JsonObject slot = slots.getJsonObject(random.nextInt(slots.size()));
      JsonObject body =
          new JsonObject()
              .put("clinicId", clinicId)
              .put("serviceId", serviceId)
              .put("providerId", slot.getString("providerId"))
              .put("start", slot.getString("start"));
      long t = System.nanoTime();
      return client
          .post("/api/v1/appointments")
          .bearerTokenAuthentication(patient.token())
          .putHeader("Idempotency-Key", UUID.randomUUID().toString())
          .sendJsonObject(body)
          .andThen(ar -> count(ar, t))
          .mapEmpty();
    }

    private void count(AsyncResult<HttpResponse<Buffer>> ar, long t) {
      if (ar.succeeded() && ar.result().statusCode() == 201) {
        booked.add(t);
        JsonObject a = ar.result().bodyAsJsonObject();
        created.add(new String[] {a.getString("providerId"), a.getString("start")});
      } else if (ar.succeeded() && ar.result().statusCode() == 409) {
        taken.add(t);
      } else {
        unexpected.merge(
            ar.succeeded() ? String.valueOf(ar.result().statusCode()) : "no answer",
            1,
            Integer::sum);
        booked.error();
      }
    }

    void report(Duration phase) {
      System.out.println("   " + booked.report("book (201 created)", phase));
      System.out.println("   " + taken.report("book (409 slot-taken)", phase));
      System.out.println(
          "   unexpected answers, by status: "
              + unexpected
              + "; searches that found nothing free to book: "
              + nothingFree.get());
    }

    void addAll(Bookings other) {
      created.addAll(other.created);
    }

    /** Pairs of created appointments of one provider whose occupied times overlap. */
    long overlaps() {
      Map<String, List<Instant>> starts = new LinkedHashMap<>();
      for (String[] c : created) {
        starts
            .computeIfAbsent(c[0], k -> new ArrayList<>())
            .add(OffsetDateTime.parse(c[1]).toInstant());
      }
      long overlapping = 0;
      for (List<Instant> s : starts.values()) {
        Collections.sort(s);
        for (int i = 1; i < s.size(); i++) {
          if (s.get(i).isBefore(s.get(i - 1).plus(occupies))) {
            overlapping++;
          }
        }
      }
      return overlapping;
    }
  }

  private interface DueVisit {
    Future<Void> run(ClinicFixture.Account patient, Random random, long dueNanos);
  }

  /**
   * Starts visits at {@code rate} per second for the phase, whether earlier ones were answered or
   * not, and waits for all of them; returns how many were started.
   */
  private static int openLoop(
      Vertx vertx,
      List<ClinicFixture.Account> patients,
      double rate,
      Duration phase,
      DueVisit visit) {
    int total = (int) Math.round(rate * phase.toSeconds());
    long interval = (long) (1e9 / rate);
    long begin = System.nanoTime() + 1_000_000;
    List<Future<Void>> visits = Collections.synchronizedList(new ArrayList<>());
    Promise<Void> allStarted = Promise.promise();
    AtomicInteger started = new AtomicInteger();
    vertx.setPeriodic(
        1,
        timer -> {
          long now = System.nanoTime();
          while (started.get() < total && begin + started.get() * interval <= now) {
            int i = started.getAndIncrement();
            visits.add(
                visit.run(patients.get(i % patients.size()), new Random(i), begin + i * interval));
          }
          if (started.get() == total) {
            vertx.cancelTimer(timer);
            allStarted.complete();
          }
        });
    allStarted.future().await();
    Future.join(new ArrayList<>(visits)).await();
    return total;
  }

  private static Future<HttpResponse<Buffer>> get(WebClient client, String path, String token) {
    return client.get(path).bearerTokenAuthentication(token).send();
  }

  /** Cassandra's requests so far, per table of CareLoop's keyspace. */
  private static TableTraffic tableTraffic() {
    return TableTraffic.of(TestCassandra.get().session(), TestCassandra.get().config().keyspace());
  }
}
