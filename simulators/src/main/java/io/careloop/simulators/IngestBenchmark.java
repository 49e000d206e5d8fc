package io.careloop.simulators;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.ingest.DeviceIngest;
import io.careloop.ingest.session.BrushingSession;
import io.careloop.ingest.session.BrushingSessionRepository;
import io.careloop.ingest.session.SessionPayloadParser;
import io.careloop.platform.cassandra.CassandraConfig;
import io.careloop.platform.cassandra.CassandraConnector;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast a running CareLoop ingests brushing sessions, against how fast the same Cassandra takes
 * the same rows written directly with the same driver and the same statements (device-ingest's
 * repository, concurrency {@code --bare-concurrency}). Brushes are registered and paired through
 * the app API, then publish their sessions as fast as the broker takes them ({@code --window}
 * unacknowledged each). Publish-to-stored latency is the row's Cassandra write time minus the
 * publish time (one machine, one clock). The ingest JVM's heap is sampled from its /metrics.
 */
@Command(name = "ingest-benchmark", mixinStandardHelpOptions = true,
    description = "Sessions per second end to end vs the bare insert rate of the same rows.")
public final class IngestBenchmark implements Callable<Integer> {

  @Option(names = "--api", defaultValue = "http://127.0.0.1:8080") String api;
  @Option(names = "--mqtt", defaultValue = "tcp://127.0.0.1:1883") String mqtt;
  @Option(names = "--cql", defaultValue = "127.0.0.1:9042") String cql;
  @Option(names = "--keyspace", defaultValue = "careloop") String keyspace;
  @Option(names = "--admin-email", defaultValue = "admin@careloop.local") String adminEmail;
  @Option(names = "--admin-password", defaultValue = "careloop-local-admin") String adminPassword;
  @Option(names = "--brushes", defaultValue = "100") int brushes;
  @Option(names = "--sessions", defaultValue = "100", description = "Sessions per brush.") int sessionsPerBrush;
  @Option(names = "--window", defaultValue = "8", description = "Unacknowledged publishes per brush.") int window;
  @Option(names = "--bare-concurrency", defaultValue = "256") int bareConcurrency;

  private record Fleet(List<SimulatedBrush> brushes, List<UUID> owners, Map<String, List<JsonObject>> sessions) {
  }

  @Override
  public Integer call() throws Exception {
    String[] hostPort = cql.split(":");
    CassandraConfig cassandra = CassandraConfig.local(hostPort[0], Integer.parseInt(hostPort[1]), keyspace);
    AppClient app = new AppClient(api);
    int total = brushes * sessionsPerBrush;
    System.out.printf("Setting up %d brushes with %d sessions each (%d sessions)...%n", brushes, sessionsPerBrush, total);
    Fleet fleet = setUp(app);

    try (CqlSession session = CassandraConnector.connect(cassandra)) {
      HeapSampler heap = new HeapSampler(app);
      heap.start();
      double storedBefore = app.metric("careloop_ingest_sessions_stored_total", "");
      Map<String, Instant> published = new ConcurrentHashMap<>();
      Instant start = Instant.now();
      publishAll(fleet, published);
      Instant allPublished = Instant.now();
      awaitStored(app, storedBefore + total);
      heap.stopSampling();
      Histogram latency = new Histogram(3_600_000_000L, 3);
      Instant lastStored = start;
      for (SimulatedBrush brush : fleet.brushes()) {
        for (Row row : rowsOf(session, brush.deviceId())) {
          Instant stored = Instant.EPOCH.plus(row.getLong(2), ChronoUnit.MICROS);
          Instant sent = published.get(brush.deviceId() + "/" + row.getLong(0));
          if (sent != null) {
            latency.recordValue(Math.max(0, Duration.between(sent, stored).toNanos() / 1000));
            lastStored = stored.isAfter(lastStored) ? stored : lastStored;
          }
        }
      }
      double endToEnd = latency.getTotalCount() / seconds(start, lastStored);
      for (SimulatedBrush brush : fleet.brushes()) {
        brush.close();
      }

      System.out.println("Measuring the bare insert rate of the same rows...");
      double bare = bareInsertRate(cassandra, fleet);

      System.out.println();
      System.out.println("Ingest benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, "
          + brushes + " brushes x " + sessionsPerBrush + " sessions, window " + window + ")");
      System.out.printf("  sessions stored (end to end)   %d of %d%n", latency.getTotalCount(), total);
      System.out.printf("  publishing took                %.1f s%n", seconds(start, allPublished));
      System.out.printf("  end-to-end rate                %.0f sessions/s%n", endToEnd);
      System.out.printf("  bare insert rate (same rows)   %.0f sessions/s (concurrency %d)%n", bare, bareConcurrency);
      System.out.printf("  ratio                          %.0f %%%n", 100 * endToEnd / bare);
      System.out.printf("  publish-to-stored latency      p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
          latency.getMaxValue() / 1000.0);
      System.out.printf("  ingest JVM heap used           max %.0f MiB (sampled every 0.5 s), live after GC %.0f MiB,"
          + " heap limit %.0f MiB%n", heap.maxUsed / 1048576, heap.maxLive / 1048576, heap.limit / 1048576);
      return latency.getTotalCount() == total ? 0 : 1;
    }
  }

  private Fleet setUp(AppClient app) throws Exception {
    String admin = app.signIn(adminEmail, adminPassword);
    List<SimulatedBrush> fleet = new ArrayList<>();
    List<UUID> owners = new ArrayList<>();
    Map<String, List<JsonObject>> sessions = new ConcurrentHashMap<>();
    ExecutorService setup = Executors.newFixedThreadPool(4);
    List<Future<SimulatedBrush>> brushesReady = new ArrayList<>();
    List<UUID> ownerIds = java.util.Collections.synchronizedList(owners);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < brushes; i++) {
      int seed = i;
      brushesReady.add(setup.submit(() -> {
        String deviceId = String.format("TB-%08X", ThreadLocalRandom.current().nextInt() & 0xffffffffL);
        JsonObject registered = app.registerBrush(admin, deviceId);
        String patient = app.newPatient("Europe/Paris");
        app.pair(patient, registered.getString("pairingCode"));
        ownerIds.add(UUID.fromString(app.call("GET", "/api/v1/me", patient, null, 200).getString("id")));
        SimulatedBrush brush = new SimulatedBrush(mqtt, deviceId, registered.getString("credential"),
            Clock.systemUTC(), seed, seed % 2 == 0);
        SessionGenerator generator = new SessionGenerator(seed, seed % 2 == 0);
        List<JsonObject> list = new ArrayList<>();
        for (int s = 0; s < sessionsPerBrush; s++) {
          // an upload of what the brush kept over the last ten days, oldest first
          Instant startedAt = now.minus(Duration.ofDays(10)).plus(Duration.ofMinutes(14_000L * s / sessionsPerBrush));
          list.add(generator.session(deviceId, s + 1, startedAt, 80, "3.4.1", true));
        }
        sessions.put(deviceId, list);
        brush.connect();
        return brush;
      }));
    }
    for (Future<SimulatedBrush> ready : brushesReady) {
      fleet.add(ready.get());
    }
    setup.shutdown();
    return new Fleet(fleet, owners, sessions);
  }

  private void publishAll(Fleet fleet, Map<String, Instant> published) throws InterruptedException {
    ExecutorService publishers = Executors.newFixedThreadPool(fleet.brushes().size());
    CountDownLatch done = new CountDownLatch(fleet.brushes().size());
    AtomicReference<Exception> failure = new AtomicReference<>();
    for (SimulatedBrush brush : fleet.brushes()) {
      publishers.execute(() -> {
        try {
          ArrayDeque<IMqttToken> pending = new ArrayDeque<>();
          for (JsonObject session : fleet.sessions().get(brush.deviceId())) {
            if (pending.size() == window) {
              pending.removeFirst().waitForCompletion(60_000);
            }
            published.put(brush.deviceId() + "/" + session.getLong("sessionId"), Instant.now());
            pending.addLast(brush.sendAsync(session));
          }
          for (IMqttToken token : pending) {
            token.waitForCompletion(60_000);
          }
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      });
    }
    done.await();
    publishers.shutdown();
    if (failure.get() != null) {
      throw new IllegalStateException("A brush failed to publish", failure.get());
    }
  }

  private static void awaitStored(AppClient app, double target) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (app.metric("careloop_ingest_sessions_stored_total", "") < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Not every session was stored within 10 minutes");
      }
      Thread.sleep(100);
    }
  }

  private static List<Row> rowsOf(CqlSession session, String deviceId) {
    int year = Instant.now().atZone(ZoneOffset.UTC).getYear();
    List<Row> rows = new ArrayList<>();
    for (int y : new int[] {year - 1, year}) {
      rows.addAll(session.execute(SimpleStatement.newInstance(
          "SELECT session_id, started_at, writetime(duration_sec) FROM sessions_by_device WHERE device_id = ? AND year = ?",
          deviceId, y)).all());
    }
    return rows;
  }

  /**
   * The same rows (both tables), written through device-ingest's repository into a scratch keyspace
   * with the same schema, {@code bareConcurrency} at a time.
   */
  private double bareInsertRate(CassandraConfig cassandra, Fleet fleet) throws Exception {
    String scratch = "careloop_bench_bare";
    try (CqlSession admin = CassandraConnector.connect(cassandra)) {
      admin.execute("DROP KEYSPACE IF EXISTS " + scratch);
    }
    try (CqlSession session = CassandraConnector.connect(cassandra.withKeyspace(scratch))) {
      new SchemaMigrator(session).migrate(DeviceIngest.MODULE);
      BrushingSessionRepository repository = new BrushingSessionRepository(session, Duration.ZERO);
      SessionPayloadParser parser = new SessionPayloadParser();
      List<BrushingSession> rows = new ArrayList<>();
      List<UUID> owners = new ArrayList<>();
      for (int i = 0; i < fleet.brushes().size(); i++) {
        String deviceId = fleet.brushes().get(i).deviceId();
        for (JsonObject payload : fleet.sessions().get(deviceId)) {
          var parsed = parser.parse("careloop/v1/devices/" + deviceId + "/sessions",
              payload.encode().getBytes(StandardCharsets.UTF_8), Instant.now());
          rows.add(((SessionPayloadParser.Accepted) parsed).session());
          owners.add(fleet.owners().get(i));
        }
      }
      Semaphore inFlight = new Semaphore(bareConcurrency);
      CountDownLatch done = new CountDownLatch(rows.size());
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Instant start = Instant.now();
      for (int i = 0; i < rows.size(); i++) {
        inFlight.acquire();
        repository.store(rows.get(i), owners.get(i)).onComplete(ar -> {
          if (ar.failed()) {
            failure.compareAndSet(null, ar.cause());
          }
          inFlight.release();
          done.countDown();
        });
      }
      done.await();
      Instant end = Instant.now();
      if (failure.get() != null) {
        throw new IllegalStateException("The bare insert failed", failure.get());
      }
      session.execute("DROP KEYSPACE " + scratch);
      return rows.size() / seconds(start, end);
    }
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  /** Samples the ingest JVM's heap from its Prometheus metrics while the run lasts. */
  private static final class HeapSampler extends Thread {
    private final AppClient app;
    private volatile boolean running = true;
    double maxUsed;
    double maxLive;
    double limit;

    HeapSampler(AppClient app) {
      super("heap-sampler");
      setDaemon(true);
      this.app = app;
    }

    @Override
    public void run() {
      while (running) {
        maxUsed = Math.max(maxUsed, value(app.metric("jvm_memory_used_bytes", "area=\"heap\"")));
        maxLive = Math.max(maxLive, value(app.metric("jvm_gc_live_data_size_bytes", "")));
        limit = Math.max(limit, value(app.metric("jvm_memory_max_bytes", "area=\"heap\"")));
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private static double value(double sample) {
      return Double.isNaN(sample) ? 0 : sample;
    }

    void stopSampling() throws InterruptedException {
      running = false;
      join();
    }
  }
}
