package io.careloop.simulators;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.ingest.DeviceIngest;
import io.careloop.ingest.session.BrushingSession;
import io.careloop.ingest.session.BrushingSessionRepository;
import io.careloop.ingest.session.SessionPayloadParser;
import io.careloop.platform.cassandra.CassandraConfig;
import io.careloop.platform.cassandra.CassandraConnector;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast a running CareLoop ingests brushing sessions, against how fast the same Cassandra takes
 * the same rows written directly with the same driver and the same statements (device-ingest's
 * repository, concurrency {@code --bare-concurrency}). Brushes are registered and paired through
 * the app API, then publish their sessions as fast as the broker takes them ({@code --window}
 * unacknowledged each). The load generator shares the machine with what it measures, so by default
 * the brushes are light MQTT 3.1.1 clients on one event loop ({@code --client vertx}); {@code
 * --client paho} uses the MQTT 5 brushes of the tests, at several times the CPU.
 *
 * <p>A warm-up round (both paths, not measured) lets the JIT compile the hot code of every JVM
 * first; then {@code --rounds} rounds each measure the end-to-end path and then the bare insert of
 * that round's rows, so that both see the same state of the machine and of Cassandra (caches), and
 * each phase starts once Cassandra has finished the compactions of the previous one. The bare
 * insert runs twice: each row its own request (the plain insert), and batched by partition as
 * ingest batches them (see {@link #bareInsert}), so that a ratio can be read against either. The
 * end-to-end rate runs from the first publish until CareLoop's count of stored sessions (a session
 * counts once its rows are written and settled) reaches the round's, looked at every {@link
 * #STORED_POLL}, so it errs on the slow side by at most that. The latency is the row's write
 * timestamp (the driver's clock in CareLoop when it sent the session's first write) minus the
 * publish time (one machine, one clock): publish to written, short of the settling read. The ingest
 * JVM's heap is sampled from its /metrics, the CPU time of CareLoop, Cassandra and the simulator
 * from /proc (Linux), over the same window as each rate.
 */
@Command(
    name = "ingest-benchmark",
    mixinStandardHelpOptions = true,
    description = "Sessions per second end to end vs the bare insert rate of the same rows.")
public final class IngestBenchmark implements Callable<Integer> {

  @Option(names = "--api", defaultValue = "http://127.0.0.1:8080")
  String api;

  @Option(
      names = "--management",
      defaultValue = "http://127.0.0.1:9090",
      description = "CareLoop's management listener (metrics).")
  String management;

  @Option(names = "--mqtt", defaultValue = "tcp://127.0.0.1:1883")
  String mqtt;

  @Option(names = "--cql", defaultValue = "127.0.0.1:9042")
  String cql;

  @Option(names = "--keyspace", defaultValue = "careloop")
  String keyspace;

  @Option(names = "--admin-email", defaultValue = "admin@careloop.local")
  String adminEmail;

  @Option(names = "--admin-password", defaultValue = "careloop-local-admin")
  String adminPassword;

  @Option(names = "--brushes", defaultValue = "50")
  int brushes;

  @Option(names = "--sessions", defaultValue = "600", description = "Sessions per brush and round.")
  int sessionsPerBrush;

  @Option(
      names = "--warmup",
      defaultValue = "600",
      description = "Sessions per brush in the warm-up round (0: none).")
  int warmupPerBrush;

  @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds.")
  int rounds;

  @Option(
      names = "--window",
      defaultValue = "8",
      description = "Unacknowledged publishes per brush.")
  int window;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description =
          "Sessions per second in all, published on a schedule whether or not earlier ones"
              + " were acknowledged (an open loop; latency from when each was due). 0: as fast as"
              + " the broker acknowledges them, --window each (the rate is then the measure).")
  double rate;

  @Option(names = "--bare-concurrency", defaultValue = "256")
  int bareConcurrency;

  @Option(
      names = "--bare-repeat",
      defaultValue = "3",
      description =
          "Times the bare insert writes a round's rows"
              + " (upserts of the same rows), so that its phase, like the end-to-end one, lasts long enough to include"
              + " Cassandra's flushes and collections instead of falling between them.")
  int bareRepeat;

  @Option(
      names = "--careloop-pid",
      description = "CareLoop's process (default: the one running careloop-gateway.jar).")
  Long careloopPid;

  @Option(
      names = "--cassandra-pid",
      description = "Cassandra's process (default: the only CassandraDaemon).")
  Long cassandraPid;

  @Option(
      names = "--broker-pid",
      description =
          "An external broker's process, to report its CPU too (default: the"
              + " only mosquitto process, if any; the embedded broker is part of CareLoop's).")
  Long brokerPid;

  @Option(
      names = "--split-cores",
      description =
          "Give Cassandra the first half of the cores and CareLoop, the"
              + " broker and this benchmark the other half for the whole run (Linux, taskset), as production gives the"
              + " database machines of its own; every process gets all cores back at the end.")
  boolean splitCores;

  @Option(
      names = "--client",
      defaultValue = "vertx",
      description =
          "The brushes' MQTT client: vertx (3.1.1, one"
              + " event loop for all, the lighter load) or paho (MQTT 5, threads per brush, as in the tests).")
  String client;

  private static final String SCRATCH_KEYSPACE = "careloop_bench_bare";

  /** The goal: end to end at least this share of the bare insert rate. */
  private static final double GOAL = 0.70;

  /**
   * The brushes, their owners, and every session each will publish (warm-up first, then the
   * rounds').
   */
  private record Fleet(
      BrushLoad load,
      List<String> deviceIds,
      List<UUID> owners,
      Map<String, List<JsonObject>> sessions) {}

  /** One measured phase: sessions per second and where the CPU went meanwhile. */
  private record Phase(double rate, CpuAccount.Usage cpu) {}

  /**
   * One end-to-end phase with its latency histogram and how many rows ingest wrote per Cassandra
   * request.
   */
  private record EndToEnd(Phase phase, Histogram latency, long stored, double rowsPerRequest) {}

  /** The two bare inserts of one round: each row its own request, and rows batched by partition. */
  private record Bare(Phase rowByRow, Phase batched) {}

  /**
   * Sessions of one brush handed to the repository per task of its Vert.x context in the batched
   * bare insert: a full batch (device-ingest's 16 rows per partition request); tasks take the
   * brushes in turn, so that as many partitions are under way as ingest has.
   */
  private static final int BARE_TURN = 16;

  /** How often the end-to-end phase looks whether CareLoop has stored the round's sessions. */
  private static final Duration STORED_POLL = Duration.ofMillis(50);

  @Override
  public Integer call() throws Exception {
    if (rounds < 1 || sessionsPerBrush < 1 || warmupPerBrush < 0 || window < 1 || bareRepeat < 1) {
      System.err.println(
          "--rounds, --sessions, --window and --bare-repeat must be at least 1, --warmup at least 0");
      return 2;
    }
    if (!client.equals("vertx") && !client.equals("paho")) {
      System.err.println("--client is vertx or paho");
      return 2;
    }
    if (rate < 0 || (rate > 0 && !client.equals("vertx"))) {
      System.err.println("--rate is at least 0, and above 0 needs --client vertx");
      return 2;
    }
    String[] hostPort = cql.split(":");
    CassandraConfig cassandra =
        CassandraConfig.local(hostPort[0], Integer.parseInt(hostPort[1]), keyspace);
    AppClient app = new AppClient(api, management);
    int perRound = brushes * sessionsPerBrush;
    System.out.printf(
        "Setting up %d brushes: a warm-up of %d sessions, then %d rounds of %d sessions...%n",
        brushes, brushes * warmupPerBrush, rounds, perRound);
    Fleet fleet = setUp(app);
    Map<String, Long> processes = processes();
    CpuAccount cpu = new CpuAccount(processes);
    int cores = Runtime.getRuntime().availableProcessors();
    CoreSplit split = splitCores ? CoreSplit.apply(processes, cores) : null;
    String machine = cores + " cores" + (split != null ? ", " + split.description() : "");
    HeapSampler heap = new HeapSampler(app);
    List<EndToEnd> endToEnd = new ArrayList<>();
    List<Bare> bare = new ArrayList<>();
    boolean complete = true;
    Vertx vertx = Vertx.vertx();
    Context bareContext = vertx.getOrCreateContext();
    try (CqlSession session = CassandraConnector.connect(cassandra);
        CqlSession scratch = scratchKeyspace(cassandra)) {
      BrushingSessionRepository bareRepository =
          new BrushingSessionRepository(scratch, Duration.ZERO);
      if (warmupPerBrush > 0) {
        System.out.println("Warming up (not measured)...");
        endToEnd(app, session, cpu, fleet, 0, warmupPerBrush);
        bareInsert(bareRepository, cpu, fleet, 0, warmupPerBrush, null);
        bareInsert(bareRepository, cpu, fleet, 0, warmupPerBrush, bareContext);
      }
      heap.start();
      for (int round = 1; round <= rounds; round++) {
        int from = warmupPerBrush + (round - 1) * sessionsPerBrush;
        System.out.printf("Round %d: end to end...%n", round);
        awaitCompactions(session);
        EndToEnd e = endToEnd(app, session, cpu, fleet, from, sessionsPerBrush);
        if (e.stored() != perRound) {
          complete = false;
          System.out.printf(
              "Round %d: only %d of %d sessions found stored with their publish time%n",
              round, e.stored(), perRound);
        }
        endToEnd.add(e);
        System.out.printf(
            "Round %d: bare insert of the same rows, row by row and batched...%n", round);
        awaitCompactions(session);
        Phase rowByRow = bareInsert(bareRepository, cpu, fleet, from, sessionsPerBrush, null);
        awaitCompactions(session);
        Phase batched = bareInsert(bareRepository, cpu, fleet, from, sessionsPerBrush, bareContext);
        bare.add(new Bare(rowByRow, batched));
      }
      heap.stopSampling();
      BenchmarkRepository.dropKeyspace(scratch, SCRATCH_KEYSPACE);
    } finally {
      fleet.load().close();
      vertx.close();
      if (split != null) {
        split.close();
      }
    }
    report(machine, endToEnd, bare, heap);
    return complete ? 0 : 1;
  }

  private void report(String machine, List<EndToEnd> endToEnd, List<Bare> bare, HeapSampler heap) {
    System.out.println();
    System.out.println(
        "Ingest benchmark ("
            + machine
            + ", "
            + brushes
            + " brushes ("
            + client
            + "), "
            + sessionsPerBrush
            + " sessions each per round, window "
            + window
            + ", bare concurrency "
            + bareConcurrency
            + " x"
            + bareRepeat
            + ", warm-up "
            + brushes * warmupPerBrush
            + " sessions"
            + (rate > 0 ? String.format(", published at %.0f per second, open loop", rate) : "")
            + ")");
    System.out.println(
        "  round  end to end  rows/request | bare row by row  ratio | bare batched  ratio"
            + " | p50 ms   p99 ms  p99.9 ms");
    double[] ratios = new double[endToEnd.size()];
    double[] batchedRatios = new double[endToEnd.size()];
    for (int i = 0; i < endToEnd.size(); i++) {
      EndToEnd e = endToEnd.get(i);
      Bare b = bare.get(i);
      ratios[i] = e.phase().rate() / b.rowByRow().rate();
      batchedRatios[i] = e.phase().rate() / b.batched().rate();
      System.out.printf(
          "  %5d  %6.0f /s   %5.1f       | %7.0f /s      %3.0f %% | %7.0f /s   %3.0f %% | %7.1f  %7.1f"
              + "  %7.1f%n",
          i + 1,
          e.phase().rate(),
          e.rowsPerRequest(),
          b.rowByRow().rate(),
          100 * ratios[i],
          b.batched().rate(),
          100 * batchedRatios[i],
          e.latency().getValueAtPercentile(50) / 1000.0,
          e.latency().getValueAtPercentile(99) / 1000.0,
          e.latency().getValueAtPercentile(99.9) / 1000.0);
    }
    System.out.printf(
        "  median ratio: %.0f %% of the row-by-row bare insert, %.0f %% of the batched one%n",
        100 * median(ratios), 100 * median(batchedRatios));
    double[] clientMicros = new double[bare.size()];
    for (int i = 0; i < bare.size(); i++) {
      Phase b = bare.get(i).rowByRow();
      clientMicros[i] = b.cpu().processes().getOrDefault("simulator", 0.0) / b.rate() * 1e6;
    }
    for (int round : suspectRounds(clientMicros)) {
      System.out.printf(
          "  round %d: the bare insert's client spent %.0f us per session, over 1.5 times its least:"
              + " this round's bare rate (and ratio) is the client's, not Cassandra's%n",
          round + 1, clientMicros[round]);
    }
    System.out.println("  CPU cores, end to end | bare row by row | bare batched:");
    for (int i = 0; i < endToEnd.size(); i++) {
      System.out.printf(
          "  %5d  %s | %s | %s%n",
          i + 1,
          describe(endToEnd.get(i).phase().cpu()),
          describe(bare.get(i).rowByRow().cpu()),
          describe(bare.get(i).batched().cpu()));
    }
    System.out.printf(
        "  the goal (%.0f %% of the row-by-row rate), by CPU arithmetic on each round (an estimate:"
            + " the rate taken to grow with the CPU freed):%n",
        100 * GOAL);
    for (int i = 0; i < endToEnd.size(); i++) {
      Phase e = endToEnd.get(i).phase();
      if (e.cpu().busy() <= 0 || !e.cpu().processes().containsKey("careloop")) {
        continue; // no CPU accounting on this system, or CareLoop not found
      }
      Ceiling c = Ceiling.of(e.cpu(), "careloop", e.rate(), bare.get(i).rowByRow().rate(), GOAL);
      System.out.printf(
          "  %5d  CareLoop spent %.0f us per session; at zero it would reach %.0f %%;"
              + " the goal leaves it %.0f us%n",
          i + 1, c.backendMicros(), 100 * c.ratioWithBackendFree(), c.backendBudgetMicros());
    }
    System.out.printf(
        "  ingest JVM heap used           max %.0f MiB (sampled every 0.5 s), live after GC %.0f MiB,"
            + " heap limit %.0f MiB%n",
        heap.maxUsed / 1048576, heap.maxLive / 1048576, heap.limit / 1048576);
  }

  /**
   * The rounds (from 0) whose bare insert's client spent over half as much again CPU per session as
   * in the round where it spent least (of at least three): a starved client (the machine's
   * scheduling, its own collections), not Cassandra, set those rounds' bare rate.
   */
  static List<Integer> suspectRounds(double[] clientMicrosPerSession) {
    List<Integer> suspect = new ArrayList<>();
    if (clientMicrosPerSession.length < 3) {
      return suspect;
    }
    double least = java.util.Arrays.stream(clientMicrosPerSession).min().orElse(0);
    for (int i = 0; i < clientMicrosPerSession.length; i++) {
      if (least > 0 && clientMicrosPerSession[i] > 1.5 * least) {
        suspect.add(i);
      }
    }
    return suspect;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static String describe(CpuAccount.Usage usage) {
    StringBuilder out = new StringBuilder();
    usage
        .processes()
        .forEach(
            (name, cores) -> {
              double jit = usage.jit().getOrDefault(name, 0.0);
              out.append(
                  String.format(
                      jit >= 0.05 ? "%s %.2f (JIT %.2f), " : "%s %.2f, ", name, cores, jit));
            });
    return out.append(
            String.format("machine busy %.2f (kernel %.2f)", usage.busy(), usage.kernel()))
        .toString();
  }

  /**
   * The processes whose CPU time is reported: CareLoop, Cassandra, an external broker and this
   * simulator.
   */
  private Map<String, Long> processes() {
    Map<String, Long> pids = new java.util.LinkedHashMap<>();
    Long careloop =
        careloopPid != null ? careloopPid : boxed(CpuAccount.findProcess("careloop-gateway.jar"));
    Long cassandraProcess =
        cassandraPid != null
            ? cassandraPid
            : boxed(CpuAccount.findProcess("org.apache.cassandra.service.CassandraDaemon"));
    if (careloop != null) {
      pids.put("careloop", careloop);
    }
    if (cassandraProcess != null) {
      pids.put("cassandra", cassandraProcess);
    }
    Long broker = brokerPid != null ? brokerPid : boxed(CpuAccount.findProcess("mosquitto"));
    if (broker != null) {
      pids.put("broker", broker);
    }
    pids.put("simulator", ProcessHandle.current().pid());
    return pids;
  }

  private static Long boxed(java.util.OptionalLong pid) {
    return pid.isPresent() ? pid.getAsLong() : null;
  }

  /**
   * Publishes sessions [from, from + count) of every brush and waits until CareLoop stored them.
   */
  private EndToEnd endToEnd(
      AppClient app, CqlSession session, CpuAccount cpu, Fleet fleet, int from, int count)
      throws Exception {
    double storedBefore = app.metric("careloop_ingest_sessions_stored_total", "");
    double rowsBefore = app.metric("careloop_ingest_store_rows_total", "");
    double requestsBefore = app.metric("careloop_ingest_store_requests_total", "");
    Map<String, Instant> published = new ConcurrentHashMap<>();
    CpuAccount.Snapshot before = cpu.snapshot();
    Instant start = Instant.now();
    publishAll(fleet, from, count, published);
    int sessions = fleet.deviceIds().size() * count;
    Instant allStored = awaitStored(app, storedBefore + sessions);
    CpuAccount.Snapshot after = cpu.snapshot();
    Histogram latency = new Histogram(3_600_000_000L, 3);
    for (String deviceId : fleet.deviceIds()) {
      for (BenchmarkRepository.Written row :
          BenchmarkRepository.writtenSessions(session, deviceId)) {
        Instant sent = published.get(BrushLoad.key(deviceId, row.sessionId()));
        if (sent != null) {
          latency.recordValue(Math.max(0, Duration.between(sent, row.at()).toNanos() / 1000));
        }
      }
    }
    double rows = app.metric("careloop_ingest_store_rows_total", "") - rowsBefore;
    double requests = app.metric("careloop_ingest_store_requests_total", "") - requestsBefore;
    return new EndToEnd(
        new Phase(sessions / seconds(start, allStored), CpuAccount.between(before, after)),
        latency,
        latency.getTotalCount(),
        rows / Math.max(1, requests));
  }

  private Fleet setUp(AppClient app) throws Exception {
    String admin = app.signIn(adminEmail, adminPassword);
    BrushLoad load =
        client.equals("paho") ? new PahoBrushLoad(mqtt, window) : new VertxBrushLoad(mqtt, window);
    List<String> deviceIds = new ArrayList<>();
    List<UUID> owners = new ArrayList<>();
    Map<String, List<JsonObject>> sessions = new ConcurrentHashMap<>();
    ExecutorService setup = Executors.newFixedThreadPool(4);
    List<Future<String>> brushesReady = new ArrayList<>();
    List<Future<UUID>> ownersReady = new ArrayList<>();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try {
      for (int i = 0; i < brushes; i++) {
        int seed = i;
        String deviceId =
            String.format("TB-%08X", ThreadLocalRandom.current().nextInt() & 0xffffffffL);
        CompletableFuture<UUID> owner = new CompletableFuture<>();
        ownersReady.add(owner);
        brushesReady.add(
            setup.submit(
                () -> {
                  JsonObject registered = app.registerBrush(admin, deviceId);
                  String patient = app.newPatient("Europe/Paris");
                  app.pair(patient, registered.getString("pairingCode"));
                  owner.complete(
                      UUID.fromString(
                          app.call("GET", "/api/v1/me", patient, null, 200).getString("id")));
                  SessionGenerator generator = new SessionGenerator(seed, seed % 2 == 0);
                  List<JsonObject> list = new ArrayList<>();
                  int perBrush = warmupPerBrush + rounds * sessionsPerBrush;
                  for (int s = 0; s < perBrush; s++) {
                    // uploads of what the brush kept over the last ten days, oldest first
                    Instant startedAt =
                        now.minus(Duration.ofDays(10))
                            .plus(Duration.ofSeconds(840_000L * s / perBrush));
                    list.add(generator.session(deviceId, s + 1, startedAt, 80, "3.4.1", true));
                  }
                  sessions.put(deviceId, list);
                  load.connect(deviceId, registered.getString("credential"));
                  return deviceId;
                }));
      }
      for (int i = 0; i < brushes; i++) {
        deviceIds.add(brushesReady.get(i).get());
        owners.add(ownersReady.get(i).get());
      }
    } catch (Exception e) {
      load.close();
      throw e;
    } finally {
      setup.shutdown();
    }
    return new Fleet(load, deviceIds, owners, sessions);
  }

  private void publishAll(Fleet fleet, int from, int count, Map<String, Instant> published)
      throws Exception {
    Map<String, List<JsonObject>> batch = new java.util.LinkedHashMap<>();
    for (String deviceId : fleet.deviceIds()) {
      batch.put(deviceId, fleet.sessions().get(deviceId).subList(from, from + count));
    }
    if (rate > 0) {
      fleet.load().publishPaced(batch, published, rate);
    } else {
      fleet.load().publishAll(batch, published);
    }
  }

  /**
   * When CareLoop's count of stored sessions was first seen at {@code target} (a failed look is no
   * answer).
   */
  private static Instant awaitStored(AppClient app, double target) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (true) {
      double stored = app.metric("careloop_ingest_sessions_stored_total", "");
      if (!Double.isNaN(stored) && stored >= target) {
        return Instant.now();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Not every session was stored within 10 minutes");
      }
      Thread.sleep(STORED_POLL.toMillis());
    }
  }

  /**
   * Waits (up to two minutes) until Cassandra runs no compaction, so that a phase does not pay for
   * the compactions of the rows the phase before it wrote.
   */
  private static void awaitCompactions(CqlSession session) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.MINUTES.toNanos(2);
    while (BenchmarkRepository.compacting(session) && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    double waited = (System.nanoTime() - start) / 1e9;
    if (waited >= 0.5) {
      System.out.printf("  (waited %.1f s for Cassandra's compactions to finish)%n", waited);
    }
  }

  /** A scratch keyspace with device-ingest's schema, for the bare inserts. */
  private static CqlSession scratchKeyspace(CassandraConfig cassandra) {
    try (CqlSession admin = CassandraConnector.connect(cassandra)) {
      BenchmarkRepository.dropKeyspace(admin, SCRATCH_KEYSPACE);
    }
    CqlSession scratch = CassandraConnector.connect(cassandra.withKeyspace(SCRATCH_KEYSPACE));
    new SchemaMigrator(scratch).migrate(DeviceIngest.MODULE);
    return scratch;
  }

  /**
   * The same rows (both tables) as sessions [from, from + count) of every brush, written through
   * device-ingest's repository into the scratch keyspace, {@code bareConcurrency} sessions at a
   * time, {@code bareRepeat} times over, the brushes taken in turn as their publishes reach ingest.
   * Without a context each row is its own request; on {@code context} the repository batches them
   * by partition as it does in ingest, and this insert hands it {@link #BARE_TURN} sessions of one
   * brush per task, the next task the next brush's, so its batches are full and many partitions are
   * under way at once.
   */
  private Phase bareInsert(
      BrushingSessionRepository repository,
      CpuAccount cpu,
      Fleet fleet,
      int from,
      int count,
      Context context)
      throws Exception {
    SessionPayloadParser parser = new SessionPayloadParser();
    List<List<BrushingSession>> byBrush = new ArrayList<>();
    for (String deviceId : fleet.deviceIds()) {
      List<BrushingSession> rows = new ArrayList<>();
      for (JsonObject payload : fleet.sessions().get(deviceId).subList(from, from + count)) {
        var parsed =
            parser.parse(
                "careloop/v1/devices/" + deviceId + "/sessions",
                payload.encode().getBytes(StandardCharsets.UTF_8),
                Instant.now());
        rows.add(((SessionPayloadParser.Accepted) parsed).session());
      }
      byBrush.add(rows);
    }
    int turn = context == null ? 1 : Math.min(BARE_TURN, bareConcurrency);
    List<List<Integer>> tasks = new ArrayList<>(); // [brush, first session, size]
    for (int repeat = 0; repeat < bareRepeat; repeat++) {
      for (int first = 0; first < count; first += turn) {
        for (int brush = 0; brush < byBrush.size(); brush++) {
          tasks.add(List.of(brush, first, Math.min(turn, count - first)));
        }
      }
    }
    Semaphore inFlight = new Semaphore(bareConcurrency);
    int writes = byBrush.size() * count * bareRepeat;
    CountDownLatch done = new CountDownLatch(writes);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CpuAccount.Snapshot before = cpu.snapshot();
    Instant start = Instant.now();
    for (List<Integer> task : tasks) {
      int brush = task.get(0);
      int first = task.get(1);
      int size = task.get(2);
      inFlight.acquire(size);
      Runnable store =
          () -> {
            for (int k = first; k < first + size; k++) {
              repository
                  .store(byBrush.get(brush).get(k), fleet.owners().get(brush))
                  .onComplete(
                      ar -> {
                        if (ar.failed()) {
                          failure.compareAndSet(null, ar.cause());
                        }
                        inFlight.release();
                        done.countDown();
                      });
            }
          };
      if (context == null) {
        store.run();
      } else {
        context.runOnContext(v -> store.run());
      }
    }
    done.await();
    Instant end = Instant.now();
    CpuAccount.Snapshot after = cpu.snapshot();
    if (failure.get() != null) {
      throw new IllegalStateException("The bare insert failed", failure.get());
    }
    return new Phase(writes / seconds(start, end), CpuAccount.between(before, after));
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
        String scrape =
            app.scrape(
                "jvm_memory_used_bytes", "jvm_gc_live_data_size_bytes", "jvm_memory_max_bytes");
        maxUsed =
            Math.max(
                maxUsed, value(AppClient.sample(scrape, "jvm_memory_used_bytes", "area=\"heap\"")));
        maxLive =
            Math.max(maxLive, value(AppClient.sample(scrape, "jvm_gc_live_data_size_bytes", "")));
        limit =
            Math.max(
                limit, value(AppClient.sample(scrape, "jvm_memory_max_bytes", "area=\"heap\"")));
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
