package io.careloop.notifications;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.careloop.patient.account.NotificationPreferences;
import io.careloop.patient.account.QuietHours;
import io.careloop.platform.push.FcmSettings;
import io.careloop.platform.testing.FakeFcm;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the push and reminder dispatch benchmarks share: a {@link FakeFcm} in its own JVM (so its
 * work and heap are not counted as ours), its counters, and heap sampling.
 */
public final class BenchmarkTools {

  private BenchmarkTools() {}

  /** Starts a FakeFcm in a JVM of its own on a free port, 8 handler threads. */
  public static Process startFakeFcm() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            FakeFcm.class.getName(),
            "0",
            "8")
        .redirectErrorStream(true)
        .start();
  }

  /** The endpoint the FakeFcm process announced. */
  public static URI awaitEndpoint(Process fake) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(fake.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("FakeFcm listening on ")) {
        return URI.create(line.substring("FakeFcm listening on ".length()).trim());
      }
    }
    throw new IllegalStateException("FakeFcm did not start");
  }

  /** Firebase settings aimed at the FakeFcm process, with a service account written for it. */
  public static FcmSettings fcmSettings(URI endpoint, String name) throws Exception {
    Path credentials =
        FakeFcm.writeCredentials(endpoint, Files.createTempDirectory(name), "careloop-bench");
    return new FcmSettings(
        Optional.of(credentials), Optional.empty(), Optional.of(endpoint), Duration.ofSeconds(10));
  }

  /** The FakeFcm process's counters. */
  public static JsonObject stats(URI endpoint) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(endpoint + "/_fake/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
    return new JsonObject(response.body());
  }

  /** Heap in use as the last collection left it, over all heap pools. */
  /**
   * Every kind of message allowed and no quiet hours (6 a day at most): a run must not depend on
   * the hour it starts.
   */
  public static NotificationPreferences withoutQuietHours() {
    return new NotificationPreferences(
        NotificationPreferences.defaults().enabled(),
        new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT),
        6);
  }

  /**
   * Patients' account rows written directly, without a password: benchmarks that need thousands of
   * patients skip the sign-up, since hashing their passwords would measure Argon2.
   */
  public static final class PatientAccounts {
    private final CqlSession session;
    private final PreparedStatement insert;

    public PatientAccounts(CqlSession session) {
      this.session = session;
      this.insert =
          session.prepare(
              "INSERT INTO accounts_by_id (account_id, email, role, name,"
                  + " time_zone, created_at) VALUES (?, ?, 'patient', 'Bench Patient', ?, ?)");
    }

    /** Writes the account of patient {@code id}, living in {@code timeZone}. */
    public Future<Void> write(UUID id, String timeZone) {
      return Future.fromCompletionStage(
              session.executeAsync(
                  insert.bind(id, "bench-" + id + "@example.org", timeZone, Instant.now())))
          .mapEmpty();
    }
  }

  public static long heapUsedAfterGc() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        sum += pool.getCollectionUsage().getUsed();
      }
    }
    return sum;
  }

  public static long mib(long bytes) {
    return bytes / (1024 * 1024);
  }

  /** Samples heap use (now, and as left by the last collection) every 100 ms. */
  public static final class HeapSampler extends Thread {
    public final AtomicLong maxUsed = new AtomicLong();
    public final AtomicLong maxAfterGc = new AtomicLong();

    public HeapSampler() {
      super("heap-sampler");
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!isInterrupted()) {
        maxUsed.accumulateAndGet(
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        maxAfterGc.accumulateAndGet(heapUsedAfterGc(), Math::max);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
