package io.careloop.platform.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarEntry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a module's CQL files ({@code cql/<module>/NNN_name.cql} on the classpath) in the order of
 * their numbers, and records each applied file with its checksum in {@code schema_migrations}. A
 * file already recorded is skipped, so running it twice changes nothing; a recorded file whose text
 * changed stops start-up (add a new file instead of editing an applied one). A lease row taken with
 * a lightweight transaction keeps two instances from migrating at the same time.
 *
 * <p>Statements are separated by {@code ;} at the end of a line; {@code --} starts a comment.
 */
public final class SchemaMigrator {

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
  private static final Pattern FILE_NAME = Pattern.compile("(\\d{3})_([a-z0-9_]+)\\.cql");
  private static final Duration LEASE = Duration.ofSeconds(120);

  /** Schema changes wait for every node to agree: longer than a request may take on a busy node. */
  static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

  /** One CQL file of a module. */
  public record Migration(
      String module, int version, String name, String checksum, List<String> statements) {}

  private final CqlSession session;

  public SchemaMigrator(CqlSession session) {
    this.session = session;
  }

  public Future<List<String>> migrate(Vertx vertx, String module) {
    return vertx.executeBlocking(() -> migrate(module));
  }

  /** Blocking; returns the names of the files applied now. */
  public List<String> migrate(String module) {
    List<Migration> migrations = load(module);
    createBookkeeping();
    UUID owner = UUID.randomUUID();
    acquireLease(owner);
    boolean metadataOff = false;
    try {
      Map<Integer, Row> applied = new TreeMap<>();
      session
          .execute(
              SimpleStatement.newInstance(
                  "SELECT version, name, checksum FROM schema_migrations WHERE module = ?", module))
          .forEach(row -> applied.put(row.getInt("version"), row));
      List<String> appliedNow = new ArrayList<>();
      for (Migration m : migrations) {
        Row done = applied.get(m.version());
        if (done != null) {
          if (!done.getString("checksum").equals(m.checksum())) {
            throw new IllegalStateException(
                "cql/"
                    + module
                    + "/"
                    + m.name()
                    + " was changed after it was applied;"
                    + " schema changes go into a new file with the next number");
          }
          continue;
        }
        if (!metadataOff) {
          // Else the driver reads the keyspace's whole schema again after every statement; it
          // reads it once when they are done (schema agreement is still awaited each time).
          session.setSchemaMetadataEnabled(false);
          metadataOff = true;
        }
        for (String statement : m.statements()) {
          ddl(statement);
        }
        session.execute(
            SimpleStatement.newInstance(
                "INSERT INTO schema_migrations (module, version, name, checksum, applied_at) VALUES (?, ?, ?, ?, ?)",
                module,
                m.version(),
                m.name(),
                m.checksum(),
                Instant.now()));
        log.info("Applied cql/{}/{}", module, m.name());
        appliedNow.add(m.name());
      }
      return appliedNow;
    } finally {
      if (metadataOff) {
        readSchemaAgain();
      }
      session.execute(
          SimpleStatement.newInstance(
              "DELETE FROM schema_lock WHERE name = 'migrations' IF owner = ?", owner));
    }
  }

  /** Turns the driver's schema metadata back on and waits for its one read of the schema. */
  private void readSchemaAgain() {
    try {
      session
          .setSchemaMetadataEnabled(null)
          .toCompletableFuture()
          .get(DDL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.warn(
          "The schema was not read after the migrations (the next change reads it): {}",
          e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void createBookkeeping() {
    ddl(
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
          module text, version int, name text, checksum text, applied_at timestamp,
          PRIMARY KEY (module, version))""");
    ddl("CREATE TABLE IF NOT EXISTS schema_lock (name text PRIMARY KEY, owner uuid)");
  }

  private void ddl(String statement) {
    session.execute(SimpleStatement.newInstance(statement).setTimeout(DDL_TIMEOUT));
  }

  private void acquireLease(UUID owner) {
    long deadline = System.nanoTime() + LEASE.multipliedBy(2).toNanos();
    while (true) {
      boolean taken =
          session
              .execute(
                  SimpleStatement.newInstance(
                      "INSERT INTO schema_lock (name, owner) VALUES ('migrations', ?) IF NOT EXISTS USING TTL "
                          + LEASE.toSeconds(),
                      owner))
              .wasApplied();
      if (taken) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Another instance has held the schema migration lease for too long");
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "Interrupted while waiting for the schema migration lease", e);
      }
    }
  }

  /** The module's migrations found on the classpath, in order. */
  public static List<Migration> load(String module) {
    Map<Integer, Migration> byVersion = new TreeMap<>();
    for (Map.Entry<String, String> file : files(module).entrySet()) {
      Matcher m = FILE_NAME.matcher(file.getKey());
      if (!m.matches()) {
        throw new IllegalStateException(
            "cql/" + module + "/" + file.getKey() + " must be named NNN_name.cql");
      }
      int version = Integer.parseInt(m.group(1));
      Migration migration =
          new Migration(
              module, version, file.getKey(), sha256(file.getValue()), statements(file.getValue()));
      Migration clash = byVersion.put(version, migration);
      if (clash != null && !clash.checksum().equals(migration.checksum())) {
        throw new IllegalStateException("cql/" + module + " has two files numbered " + m.group(1));
      }
    }
    if (byVersion.isEmpty()) {
      throw new IllegalStateException(
          "No CQL files found under cql/" + module + " on the classpath");
    }
    return List.copyOf(byVersion.values());
  }

  /** Splits a CQL file into statements: {@code ;} ends one, {@code --} starts a comment. */
  public static List<String> statements(String cql) {
    List<String> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : cql.split("\n")) {
      int comment = line.indexOf("--");
      String code = (comment >= 0 ? line.substring(0, comment) : line).strip();
      if (code.isEmpty()) {
        continue;
      }
      if (current.length() > 0) {
        current.append('\n');
      }
      current.append(code);
      if (code.endsWith(";")) {
        current.setLength(current.length() - 1);
        result.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalStateException("CQL file ends without ';' after: " + current);
    }
    return result;
  }

  private static Map<String, String> files(String module) {
    String dir = "cql/" + module;
    Map<String, String> files = new TreeMap<>();
    try {
      Enumeration<URL> roots = SchemaMigrator.class.getClassLoader().getResources(dir);
      while (roots.hasMoreElements()) {
        URL root = roots.nextElement();
        if (root.getProtocol().equals("file")) {
          try (Stream<Path> paths = Files.list(Path.of(root.toURI()))) {
            for (Path p : paths.filter(p -> p.toString().endsWith(".cql")).toList()) {
              files.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
          }
        } else if (root.getProtocol().equals("jar")) {
          var jar = ((JarURLConnection) root.openConnection()).getJarFile();
          for (JarEntry entry : java.util.Collections.list(jar.entries())) {
            String name = entry.getName();
            if (name.startsWith(dir + "/") && name.endsWith(".cql")) {
              try (InputStream in = jar.getInputStream(entry)) {
                files.put(
                    name.substring(dir.length() + 1),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
