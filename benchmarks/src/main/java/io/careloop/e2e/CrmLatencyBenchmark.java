package io.careloop.e2e;

import io.careloop.crm.judgement.Judgements;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.platform.testing.Machine;
import io.careloop.simulators.SimulatedBrush;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Event-to-record latency of the CRM under a steady load of bookings (HTTP) and brushing sessions
 * (MQTT), on one machine: the tests' Cassandra node, all of CareLoop as the tests start it, and the
 * simulated patients. Background patients book at {@code bookings} per second and brush at {@code
 * sessions} per second in all; probe patients each send one event at a time (a booking or a
 * session, in turn) and wait until the CRM has stored it and judged the patient on it: the time
 * from just before the request or publish to the end of that judgement is the event's latency. Not
 * a test: {@code ./careloop bench CrmLatencyBenchmark [bookings/s=5] [sessions/s=20] [seconds=60]
 * [background patients=100] [probes=10]}.
 */
public final class CrmLatencyBenchmark {

  private static final String PARIS = CrmWorld.PARIS;

  private CrmLatencyBenchmark() {}

  /** Failures by kind, so that a count of errors says what failed. */
  private static final class Errors {
    private final Map<String, AtomicInteger> byKind = new ConcurrentHashMap<>();

    void count(String kind) {
      byKind.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public String toString() {
      return byKind.isEmpty() ? "none" : new java.util.TreeMap<>(byKind).toString();
    }
  }

  /** A patient with a paired brush, and the slots they book from (each their own half hours). */
  private record Brusher(CrmWorld.Patient patient, SimulatedBrush brush, AtomicInteger nextSlot) {}

  /** What a probe waits for: the patient's next judgement whose facts show its event. */
  private record Waiting(Predicate<PatientFacts> shows, CompletableFuture<Long> done) {}

  public static void main(String[] args) throws Exception {
    double bookingsPerSecond = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    double sessionsPerSecond = args.length > 1 ? Double.parseDouble(args[1]) : 20;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    int backgroundCount = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    int probeCount = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    System.out.printf(
        "CRM event-to-record latency: %.1f bookings/s, %.1f sessions/s, %d s, %d + %d patients, on %s%n",
        bookingsPerSecond,
        sessionsPerSecond,
        seconds,
        backgroundCount,
        probeCount,
        Machine.describe());
    TestApp app = TestApp.get();
    CrmWorld world = new CrmWorld(app);
    Map<UUID, Waiting> waiting = new ConcurrentHashMap<>();
    app.app
        .crm()
        .judgements()
        .afterJudged(
            (Judgements.Judged j) -> {
              Waiting w = waiting.get(j.patientId());
              if (w != null && w.shows().test(j.facts())) {
                w.done().complete(System.nanoTime());
              }
            });
    List<Brusher> background = brushers(app, world, backgroundCount, 0);
    List<Brusher> probes = brushers(app, world, probeCount, backgroundCount);
    System.out.printf(
        "%d patients registered with a paired brush; load average %s%n",
        backgroundCount + probeCount, Machine.loadAverage());

    ConcurrentLinkedQueue<Long> bookingLatency = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> sessionLatency = new ConcurrentLinkedQueue<>();
    Errors errors = new Errors();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    double cpu = Machine.cpuSeconds();
    List<Thread> threads = new ArrayList<>();
    threads.add(
        started(
            () ->
                paced(
                    bookingsPerSecond,
                    end,
                    i -> book(world, background.get(i % background.size()), errors))));
    threads.add(
        started(
            () ->
                paced(
                    sessionsPerSecond,
                    end,
                    i -> brush(background.get(i % background.size()), errors))));
    for (Brusher probe : probes) {
      threads.add(
          started(() -> probe(world, probe, waiting, end, bookingLatency, sessionLatency, errors)));
    }
    for (Thread t : threads) {
      t.join();
    }
    double cpuUsed = Machine.cpuSeconds() - cpu;
    System.out.println(report("booking  -> record", bookingLatency));
    System.out.println(report("session  -> record", sessionLatency));
    List<Long> all = new ArrayList<>(bookingLatency);
    all.addAll(sessionLatency);
    System.out.println(report("any event -> record", all));
    System.out.printf(
        Locale.ROOT,
        "errors %s; CareLoop and client CPU %.0f s over %d s (%.0f %% of the %d cores); "
            + "load average %s%n",
        errors,
        cpuUsed,
        seconds,
        100 * cpuUsed / seconds / Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().availableProcessors(),
        Machine.loadAverage());
    for (Brusher b : background) {
      b.brush().close();
    }
    for (Brusher b : probes) {
      b.brush().close();
    }
    System.exit(0);
  }

  private static List<Brusher> brushers(TestApp app, CrmWorld world, int count, int offset)
      throws Exception {
    List<Brusher> brushers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      CrmWorld.Patient p = world.patient("Bench Patient " + (offset + i), null);
      SimulatedBrush brush = world.fixture.pairedBrush(p.token(), false);
      brushers.add(new Brusher(p, brush, new AtomicInteger((offset + i) * 40)));
    }
    return brushers;
  }

  /** Calls {@code step} {@code perSecond} times a second until {@code end}. */
  private static Thread started(Runnable work) {
    Thread thread = new Thread(work);
    thread.start();
    return thread;
  }

  private static void paced(double perSecond, long end, java.util.function.IntConsumer step) {
    long interval = (long) (1e9 / perSecond);
    long next = System.nanoTime();
    for (int i = 0; System.nanoTime() < end; i++) {
      step.accept(i);
      next += interval;
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(sleep);
      }
    }
  }

  /**
   * The patient's own next half hour, one to fifty-nine days ahead (nobody else's, so no booking
   * collides).
   */
  private static boolean book(CrmWorld world, Brusher b, Errors errors) {
    int slot = b.nextSlot().getAndIncrement();
    LocalDate day = LocalDate.now(ZoneId.of(PARIS)).plusDays(1 + (slot / 46) % 58);
    int half = 1 + slot % 46;
    String start =
        ClinicFixture.at(day, String.format("%02d:%02d", half / 2, (half % 2) * 30), PARIS);
    HttpResponse<Buffer> r =
        world.fixture.book(
            b.patient().token(),
            UUID.randomUUID().toString(),
            ClinicFixture.booking(world.clinic, world.checkUp, world.provider, start));
    if (r.statusCode() != 201) {
      errors.count("booking answered " + r.statusCode() + " " + problemType(r));
      return false;
    }
    return true;
  }

  private static String problemType(HttpResponse<Buffer> r) {
    try {
      return r.bodyAsJsonObject().getString("type", "");
    } catch (RuntimeException notJson) {
      return "";
    }
  }

  private static boolean brush(Brusher b, Errors errors) {
    try {
      b.brush().sendAsync(AlertsWorld.session(b.brush(), 125, 0, 88, null));
      return true;
    } catch (Exception e) {
      errors.count("session not published: " + e);
      return false;
    }
  }

  private static void probe(
      CrmWorld world,
      Brusher p,
      Map<UUID, Waiting> waiting,
      long end,
      ConcurrentLinkedQueue<Long> bookings,
      ConcurrentLinkedQueue<Long> sessions,
      Errors errors) {
    UUID id = p.patient().id();
    int[] appointments = {0};
    int[] brushedToday = {0};
    for (int i = 0; System.nanoTime() < end; i++) {
      boolean booking = i % 2 == 0;
      int expectedAppointments = appointments[0] + 1;
      int expectedSessions = brushedToday[0] + 1;
      Waiting w =
          new Waiting(
              booking
                  ? f -> f.appointments().size() >= expectedAppointments
                  : f -> sessionsToday(f) >= expectedSessions,
              new CompletableFuture<>());
      waiting.put(id, w);
      long start = System.nanoTime();
      boolean sent = booking ? book(world, p, errors) : brush(p, errors);
      try {
        long done = w.done().get(30, TimeUnit.SECONDS);
        (booking ? bookings : sessions).add((done - start) / 1000);
        if (booking) {
          appointments[0] = expectedAppointments;
        } else {
          brushedToday[0] = expectedSessions;
        }
      } catch (Exception timedOut) {
        if (sent) {
          errors.count((booking ? "booking" : "session") + " not in the record within 30 s");
        }
      }
      waiting.remove(id);
    }
  }

  private static int sessionsToday(PatientFacts f) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return f.brushing()
        .flatMap(b -> b.days().stream().filter(d -> d.date().equals(today)).findFirst())
        .map(PatientFacts.BrushingDay::sessions)
        .orElse(0);
  }

  private static String report(String name, java.util.Collection<Long> micros) {
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return String.format("%-22s no samples", name);
    }
    return String.format(
        Locale.ROOT,
        "%-22s n = %5d  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms",
        name,
        sorted.length,
        pct(sorted, 50) / 1000.0,
        pct(sorted, 99) / 1000.0,
        sorted[sorted.length - 1] / 1000.0);
  }

  private static long pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
