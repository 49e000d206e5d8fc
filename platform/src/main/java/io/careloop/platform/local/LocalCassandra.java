package io.careloop.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Cassandra, run as its own JVM from the jars that the {@code
 * cassandra-server} module copies into {@code <work>/cassandra/lib}.
 *
 * <p>One data directory belongs to one node. {@link #ensureRunning()} reuses the node recorded in
 * the directory's state file when it is still alive, and otherwise starts a new one; a file lock
 * makes two launchers on the same directory take turns, so two nodes never share the data.
 */
public final class LocalCassandra {

  private static final Logger log = LoggerFactory.getLogger(LocalCassandra.class);
  private static final String STATE_FILE = "careloop-node.properties";

  /**
   * Where the node lives and how it is reached ({@code clientTls}: CQL over TLS only, when given).
   * A {@code throwaway} node (tests, benchmarks) holds data nobody keeps: it does not flush its
   * schema tables after every change ({@code cassandra.unsafesystem}), which makes each CREATE
   * TABLE several times faster; the commit log still holds every change.
   */
  public record Settings(
      Path libDir,
      Path dataDir,
      String host,
      int cqlPort,
      int storagePort,
      String maxHeap,
      Path java,
      Duration startTimeout,
      Optional<ClientTls> clientTls,
      boolean throwaway) {

    public Settings {
      if (cqlPort == storagePort) {
        throw new IllegalArgumentException("CQL and storage ports must differ: " + cqlPort);
      }
    }

    public Settings withPorts(int cql, int storage) {
      return new Settings(
          libDir, dataDir, host, cql, storage, maxHeap, java, startTimeout, clientTls, throwaway);
    }
  }

  /**
   * The node's side of client TLS: its key and certificate ({@code keystore}, PKCS#12), and, when
   * {@code clientTruststore} is given, the certificates it accepts from clients, which must then
   * present one.
   */
  public record ClientTls(Path keystore, String password, Optional<Path> clientTruststore) {}

  /** A node that answers on {@code host:cqlPort}; {@code startedHere} says whether we own it. */
  public record Node(String host, int cqlPort, long pid, boolean startedHere) {
    public InetSocketAddress address() {
      return new InetSocketAddress(host, cqlPort);
    }
  }

  private final Settings settings;
  private Process process;

  public LocalCassandra(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * The work area of the project: {@code -Dcareloop.work}, else {@code .work} in the current
   * directory.
   */
  public static Path workDir() {
    String configured = System.getProperty("careloop.work", System.getenv("CARELOOP_WORK"));
    return Path.of(configured != null ? configured : ".work").toAbsolutePath().normalize();
  }

  /** The Java 11 or 17 runtime that Cassandra 5.0 needs (it refuses newer ones). */
  public static Path javaForCassandra() {
    String override = System.getenv("CARELOOP_CASSANDRA_JAVA_HOME");
    if (override != null && !override.isBlank()) {
      return Path.of(override, "bin", "java");
    }
    int feature = Runtime.version().feature();
    if (feature == 11 || feature == 17) {
      return Path.of(System.getProperty("java.home"), "bin", "java");
    }
    Path debianJdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    if (Files.isExecutable(debianJdk17)) {
      return debianJdk17;
    }
    throw new IllegalStateException(
        "Cassandra 5.0 runs on Java 11 or 17 only, this JVM is "
            + feature
            + ": set CARELOOP_CASSANDRA_JAVA_HOME to a JDK 17");
  }

  /** Returns the running node of this data directory, starting one if there is none. */
  public Node ensureRunning() {
    checkJars();
    try {
      Files.createDirectories(settings.dataDir());
      try (FileChannel channel =
              FileChannel.open(
                  settings.dataDir().resolve(".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        Optional<Node> existing = runningNode();
        if (existing.isPresent()) {
          log.info(
              "Reusing the Cassandra node already running on {}:{} (pid {})",
              existing.get().host(),
              existing.get().cqlPort(),
              existing.get().pid());
          return existing.get();
        }
        return start();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the node if this instance started it. A reused node is left running for its owner. */
  public void stopIfStartedHere() {
    if (process == null) {
      return;
    }
    stop(process.toHandle());
    process = null;
  }

  /** Whether the node this instance started has exited without being asked to stop. */
  public boolean exitedOnItsOwn() {
    return process != null && !process.isAlive();
  }

  /**
   * Stops whatever node the data directory's state file names, whoever started it (used by {@code
   * careloop stop} and to clean up after a test JVM that was killed). Returns whether one ran.
   */
  public boolean stopRecordedNode() {
    Optional<ProcessHandle> node = recordedProcess();
    node.ifPresent(this::stop);
    return node.isPresent();
  }

  private Optional<ProcessHandle> recordedProcess() {
    Properties p = readState();
    long pid = Long.parseLong(p.getProperty("pid", "-1"));
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
  }

  private Properties readState() {
    Properties p = new Properties();
    Path state = settings.dataDir().resolve(STATE_FILE);
    if (Files.exists(state)) {
      try (var in = Files.newInputStream(state)) {
        p.load(in);
      } catch (IOException e) {
        log.warn("Unreadable node state file {}: {}", state, e.getMessage());
      }
    }
    return p;
  }

  private void stop(ProcessHandle handle) {
    log.info("Stopping Cassandra (pid {})", handle.pid());
    handle.destroy();
    try {
      handle
          .onExit()
          .get(Duration.ofSeconds(40).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception timeoutOrInterrupt) {
      log.warn("Cassandra (pid {}) did not stop within 40 s; killing it", handle.pid());
      handle.destroyForcibly();
      handle.onExit().join();
    }
    deleteQuietly(settings.dataDir().resolve(STATE_FILE));
  }

  private Optional<Node> runningNode() {
    Optional<ProcessHandle> process = recordedProcess();
    if (process.isEmpty()) {
      deleteQuietly(settings.dataDir().resolve(STATE_FILE));
      return Optional.empty();
    }
    Properties p = readState();
    int port = Integer.parseInt(p.getProperty("cqlPort", "-1"));
    String host = p.getProperty("host", settings.host());
    if (port != settings.cqlPort()) {
      throw new IllegalStateException(
          "A Cassandra node (pid "
              + process.get().pid()
              + ") already runs on data directory "
              + settings.dataDir()
              + " with CQL port "
              + port
              + ", not "
              + settings.cqlPort()
              + ". Use that port or stop it first (./careloop stop).");
    }
    awaitPort(host, port, process.get(), settings.dataDir().resolve("logs/stdout.log"));
    return Optional.of(new Node(host, port, process.get().pid(), false));
  }

  private Node start() throws IOException {
    ensurePortFree(settings.cqlPort());
    ensurePortFree(settings.storagePort());
    Path conf = settings.dataDir().resolve("conf");
    Path logs = settings.dataDir().resolve("logs");
    Files.createDirectories(conf);
    Files.createDirectories(logs);
    Files.writeString(conf.resolve("cassandra.yaml"), yaml(), StandardCharsets.UTF_8);
    Files.writeString(conf.resolve("logback.xml"), LOGBACK, StandardCharsets.UTF_8);

    Path stdout = logs.resolve("stdout.log");
    log.info(
        "Starting Cassandra on {}:{} with data in {} (log: {})",
        settings.host(),
        settings.cqlPort(),
        settings.dataDir(),
        stdout);
    ProcessBuilder builder =
        new ProcessBuilder(command(conf, logs))
            .directory(settings.dataDir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()));
    Instant begin = Instant.now();
    process = builder.start();
    try {
      awaitPort(settings.host(), settings.cqlPort(), process.toHandle(), stdout);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      process = null;
      throw e;
    }
    Properties p = new Properties();
    p.setProperty("pid", Long.toString(process.pid()));
    p.setProperty("host", settings.host());
    p.setProperty("cqlPort", Integer.toString(settings.cqlPort()));
    p.setProperty("storagePort", Integer.toString(settings.storagePort()));
    p.setProperty("ownerPid", Long.toString(ProcessHandle.current().pid()));
    try (var out = Files.newOutputStream(settings.dataDir().resolve(STATE_FILE))) {
      p.store(out, "The Cassandra node of this data directory");
    }
    log.info(
        "Cassandra is up on {}:{} after {} ms",
        settings.host(),
        settings.cqlPort(),
        Duration.between(begin, Instant.now()).toMillis());
    return new Node(settings.host(), settings.cqlPort(), process.pid(), true);
  }

  private void awaitPort(String host, int port, ProcessHandle node, Path logFile) {
    long deadline = System.nanoTime() + settings.startTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      if (!node.isAlive()) {
        throw new IllegalStateException(
            "Cassandra exited during start-up. Last lines of " + logFile + ":\n" + tail(logFile));
      }
      if (accepts(host, port)) {
        return;
      }
      sleep(250);
    }
    throw new IllegalStateException(
        "Cassandra did not open "
            + host
            + ":"
            + port
            + " within "
            + settings.startTimeout().toSeconds()
            + " s. Last lines of "
            + logFile
            + ":\n"
            + tail(logFile));
  }

  private List<String> command(Path conf, Path logs) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                settings.java().toString(),
                "-Xms" + settings.maxHeap(),
                "-Xmx" + settings.maxHeap(),
                "-Xss256k",
                "-XX:+UseG1GC",
                "-XX:+ParallelRefProcEnabled",
                "-XX:MaxTenuringThreshold=1",
                "-XX:+PerfDisableSharedMem",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.net.preferIPv4Stack=true",
                "-Djdk.attach.allowAttachSelf=true"));
    // The module flags of Cassandra's own conf/jvm17-server.options.
    for (String export :
        List.of(
            "java.base/jdk.internal.misc",
            "java.management.rmi/com.sun.jmx.remote.internal.rmi",
            "java.rmi/sun.rmi.registry",
            "java.rmi/sun.rmi.server",
            "java.sql/java.sql",
            "java.base/java.lang.ref",
            "jdk.unsupported/sun.misc",
            "jdk.compiler/com.sun.tools.javac.file",
            "jdk.attach/sun.tools.attach")) {
      cmd.add("--add-exports");
      cmd.add(export + "=ALL-UNNAMED");
    }
    for (String open :
        List.of(
            "java.base/java.lang.module",
            "java.base/jdk.internal.loader",
            "java.base/jdk.internal.ref",
            "java.base/jdk.internal.reflect",
            "java.base/jdk.internal.math",
            "java.base/jdk.internal.module",
            "java.base/jdk.internal.util.jar",
            "jdk.management/com.sun.management.internal",
            "java.base/sun.nio.ch",
            "java.base/java.io",
            "java.base/java.lang.reflect",
            "jdk.compiler/com.sun.tools.javac",
            "java.base/java.lang",
            "java.base/java.util")) {
      cmd.add("--add-opens");
      cmd.add(open + "=ALL-UNNAMED");
    }
    cmd.addAll(
        List.of(
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dcassandra.config=" + conf.resolve("cassandra.yaml").toUri(),
            "-Dlogback.configurationFile=" + conf.resolve("logback.xml").toUri(),
            "-Dcassandra.storagedir=" + settings.dataDir(),
            "-Dcassandra.logdir=" + logs,
            "-Dcassandra-foreground=yes",
            "-Dcassandra.skip_wait_for_gossip_to_settle=0",
            "-Dcassandra.ring_delay_ms=1000",
            "-Dcassandra.unsafesystem=" + settings.throwaway(),
            "-cp",
            conf + java.io.File.pathSeparator + settings.libDir().resolve("*"),
            "org.apache.cassandra.service.CassandraDaemon"));
    return cmd;
  }

  private String yaml() {
    Path d = settings.dataDir();
    return """
        cluster_name: careloop-local
        num_tokens: 1
        initial_token: 0
        partitioner: org.apache.cassandra.dht.Murmur3Partitioner
        endpoint_snitch: SimpleSnitch
        seed_provider:
          - class_name: org.apache.cassandra.locator.SimpleSeedProvider
            parameters:
              - seeds: "%1$s:%3$d"
        listen_address: %1$s
        rpc_address: %1$s
        storage_port: %3$d
        native_transport_port: %2$d
        start_native_transport: true
        auto_bootstrap: false
        auto_snapshot: false
        commitlog_sync: periodic
        commitlog_sync_period: 10000ms
        data_file_directories:
          - %4$s/data
        commitlog_directory: %4$s/commitlog
        saved_caches_directory: %4$s/saved_caches
        hints_directory: %4$s/hints
        cdc_raw_directory: %4$s/cdc_raw
        authenticator: AllowAllAuthenticator
        authorizer: AllowAllAuthorizer
        """
            .formatted(settings.host(), settings.cqlPort(), settings.storagePort(), d)
        + settings.clientTls().map(LocalCassandra::clientEncryption).orElse("");
  }

  private static String clientEncryption(ClientTls tls) {
    String yaml =
        """
        client_encryption_options:
          enabled: true
          optional: false
          keystore: %s
          keystore_password: "%s"
          store_type: PKCS12
        """
            .formatted(tls.keystore().toAbsolutePath(), tls.password());
    return yaml
        + tls.clientTruststore()
            .map(
                truststore ->
                    """
          require_client_auth: true
          truststore: %s
          truststore_password: "%s"
        """
                        .formatted(truststore.toAbsolutePath(), tls.password()))
            .orElse("");
  }

  private static final String LOGBACK =
      """
      <configuration>
        <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
        </appender>
        <root level="INFO"><appender-ref ref="STDOUT"/></root>
      </configuration>
      """;

  private void checkJars() {
    Path jar = settings.libDir().resolve("cassandra-all-5.0.9.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          "The Cassandra server jars are not in "
              + settings.libDir()
              + ". Build once with ./mvnw install -DskipTests (the cassandra-server module copies them).");
    }
  }

  private static void ensurePortFree(int port) {
    try (var server = new java.net.ServerSocket()) {
      server.setReuseAddress(false);
      server.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "Port "
              + port
              + " is already in use by another program;"
              + " choose another one (see the README's configuration table).");
    }
  }

  static boolean accepts(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path file) {
    if (file == null || !Files.exists(file)) {
      return "(no log)";
    }
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      List<String> all = lines.toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Cassandra", e);
    }
  }

  static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // best effort: a stale state file is detected by its dead pid anyway
    }
  }
}
