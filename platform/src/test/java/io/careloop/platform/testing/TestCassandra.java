package io.careloop.platform.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.platform.cassandra.CassandraConfig;
import io.careloop.platform.cassandra.CassandraConnector;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.local.LocalCassandra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The real Cassandra of one test JVM: a node of its own on free ports, in a throw-away directory
 * under the work area, stopped and deleted when the JVM exits. {@code CARELOOP_TEST_CQL=host:port}
 * points the tests at a node you already run instead (handy while iterating on one test).
 */
public final class TestCassandra {

  private static final Path ROOT = LocalCassandra.workDir().resolve("test-cassandra");
  private static TestCassandra instance;

  private final CassandraConfig config;
  private final LocalCassandra node;
  private final CqlSession session;
  private final Set<String> migrated = new HashSet<>();

  private TestCassandra(CassandraConfig config, LocalCassandra node) {
    this.config = config;
    this.node = node;
    this.session = CassandraConnector.connect(config);
  }

  public static synchronized TestCassandra get() {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(instance::shutdown, "test-cassandra-shutdown"));
    }
    return instance;
  }

  /** The shared session, with the named modules' schemas applied (once per JVM). */
  public static CqlSession session(String... modules) {
    TestCassandra cassandra = get();
    synchronized (cassandra) {
      for (String module : modules) {
        if (cassandra.migrated.add(module)) {
          new SchemaMigrator(cassandra.session).migrate(module);
        }
      }
    }
    return cassandra.session;
  }

  /**
   * A session in {@code keyspace}, a keyspace of the test's own (not a module's), made with {@code
   * tables} (their CQL after the table's name) if they are not there yet. The caller closes it.
   */
  public static CqlSession scratch(String keyspace, String... tables) {
    CqlSession admin = get().session();
    admin.execute(
        "CREATE KEYSPACE IF NOT EXISTS "
            + keyspace
            + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    for (String table : tables) {
      admin.execute("CREATE TABLE IF NOT EXISTS " + keyspace + "." + table);
    }
    return CassandraConnector.connect(get().config().withKeyspace(keyspace));
  }

  public CassandraConfig config() {
    return config;
  }

  public CqlSession session() {
    return session;
  }

  public LocalCassandra node() {
    return node;
  }

  private static TestCassandra start() {
    String keyspace = "careloop_test";
    String external = System.getenv("CARELOOP_TEST_CQL");
    if (external != null && !external.isBlank()) {
      String[] hostPort = external.split(":");
      return new TestCassandra(
          CassandraConfig.local(
              hostPort[0],
              Integer.parseInt(hostPort[1]),
              keyspace + "_" + ProcessHandle.current().pid()),
          null);
    }
    removeLeftovers(ROOT);
    LocalCassandra node = new LocalCassandra(nodeSettings(Optional.empty()));
    LocalCassandra.Node running = node.ensureRunning();
    return new TestCassandra(
        CassandraConfig.local(running.host(), running.cqlPort(), keyspace), node);
  }

  /**
   * A test node's settings: free ports, a directory of its own that the next test run deletes if
   * this JVM dies first; {@code clientTls} for a node that speaks CQL over TLS only.
   */
  public static LocalCassandra.Settings nodeSettings(Optional<LocalCassandra.ClientTls> clientTls) {
    return new LocalCassandra.Settings(
        LocalCassandra.workDir().resolve("cassandra/lib"),
        ROOT.resolve(
            ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8)),
        "127.0.0.1",
        FreePorts.next(),
        FreePorts.next(),
        // 512 MiB ran out once the e2e JVM's node held several full schemas (the node exits on
        // OutOfMemoryError, and every later test then finds no node).
        "1g",
        LocalCassandra.javaForCassandra(),
        Duration.ofMinutes(3),
        clientTls,
        true);
  }

  /**
   * Stops the tests' node (for outage tests); {@link #startNode()} brings it back on the same data
   * and ports.
   */
  public void stopNode() {
    requireOwnNode().stopIfStartedHere();
  }

  public void startNode() {
    requireOwnNode().ensureRunning();
    // The driver reconnects on its own schedule; the next test must not start before it has.
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
    while (true) {
      try {
        session.execute("SELECT release_version FROM system.local");
        return;
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private LocalCassandra requireOwnNode() {
    if (node == null) {
      throw new IllegalStateException(
          "The tests use an external node (CARELOOP_TEST_CQL); it cannot be stopped here");
    }
    return node;
  }

  private void shutdown() {
    session.close();
    if (node != null) {
      keepLogsIfTheNodeDied();
      node.stopIfStartedHere();
      deleteTree(node.settings().dataDir());
    }
  }

  /**
   * A node that exited during the tests leaves its logs in the module's {@code target/}, beside the
   * test reports, before its directory is deleted: the only record of why it went.
   */
  private void keepLogsIfTheNodeDied() {
    if (!node.exitedOnItsOwn()) {
      return;
    }
    Path logs = node.settings().dataDir().resolve("logs");
    Path kept =
        Path.of(
            "target", "cassandra-node-logs", node.settings().dataDir().getFileName().toString());
    try (Stream<Path> files = Files.list(logs)) {
      Files.createDirectories(kept);
      for (Path file : files.toList()) {
        Files.copy(file, kept.resolve(file.getFileName()));
      }
      System.err.println(
          "The tests' Cassandra node exited on its own; its logs are in " + kept.toAbsolutePath());
    } catch (IOException e) {
      System.err.println(
          "The tests' Cassandra node exited on its own; its logs could not be kept: " + e);
    }
  }

  /** Nodes whose test JVM died without its shutdown hook: stop them and free their disk. */
  private static void removeLeftovers(Path root) {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.toList()) {
        String ownerPid = dir.getFileName().toString().split("-")[0];
        boolean ownerAlive =
            ProcessHandle.of(Long.parseLong(ownerPid)).map(ProcessHandle::isAlive).orElse(false);
        if (!ownerAlive) {
          new LocalCassandra(
                  new LocalCassandra.Settings(
                      Path.of("unused"),
                      dir,
                      "127.0.0.1",
                      1,
                      2,
                      "512m",
                      Path.of("java"),
                      Duration.ofSeconds(5),
                      Optional.empty(),
                      true))
              .stopRecordedNode();
          deleteTree(dir);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // leftovers only cost disk; never fail a test run for them
    }
  }

  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }
}
