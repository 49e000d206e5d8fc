package io.careloop.ingest;

import io.careloop.ingest.mqtt.MqttSettings;
import io.careloop.ingest.session.SessionPlacement;
import io.careloop.platform.config.Env;
import io.careloop.platform.config.Hosts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of device-ingest and of the embedded broker, read once from the environment.
 *
 * @param mqttUri the broker the ingest client connects to
 * @param clientId this instance's MQTT client id; stable across restarts so that the broker keeps
 *     its session (and the messages it has not acknowledged)
 * @param backendSecret the password of ingest clients at the broker
 * @param sharedGroup the shared-subscription group all ingest instances join
 * @param receiveMaximum the most unacknowledged messages the broker may send one connection
 * @param connections connections per instance in the shared group; the broker hands each member its
 *     next batch only once the previous one is acknowledged, so several connections keep storage
 *     busy while one waits
 * @param sessionExpiry how long the broker keeps this instance's session while it is away
 * @param sessionRetention how long sessions are kept after they are stored (zero: for ever); two
 *     years by default: follow-up looks back 90 days at most, a patient's history a year, and raw
 *     brushing telemetry is not the clinical record the clinic must keep, so keeping it longer
 *     serves nobody
 * @param pairingCodeTtl how long a printed pairing code stays valid
 * @param backlogWindow how far back a backlog session's own clock is believed; older ones are
 *     placed at their arrival. The contract's brushes keep ten days (the default, 11 days, allows
 *     for their clocks); a demo or a migration that replays weeks of history as backlog widens it
 * @param embeddedBroker whether this process runs the embedded HiveMQ broker
 * @param brokerHost where the embedded broker listens
 * @param brokerPort its MQTT port
 * @param brokerDataDir its data folder; null for in-memory persistence
 * @param brokerMaxQueue messages it keeps per client before discarding (must exceed the worst
 *     backlog)
 */
public record IngestConfig(
    String mqttUri,
    String clientId,
    String backendSecret,
    String sharedGroup,
    int receiveMaximum,
    int connections,
    Duration sessionExpiry,
    Duration sessionRetention,
    Duration deadLetterRetention,
    Duration pairingCodeTtl,
    Duration registryCacheTtl,
    Duration backlogWindow,
    boolean embeddedBroker,
    String brokerHost,
    int brokerPort,
    Path brokerDataDir,
    long brokerMaxQueue) {

  public static final String LOCAL_BACKEND_SECRET = "local-ingest-secret";
  public static final Duration DEFAULT_SESSION_RETENTION = Duration.ofDays(730);

  /** What the MQTT connections need of it. */
  public MqttSettings mqtt() {
    return new MqttSettings(mqttUri, backendSecret, sharedGroup, receiveMaximum, sessionExpiry);
  }

  /**
   * Set to true, lets the built-in secrets guard what other machines reach (a demonstration on a
   * trusted network).
   */
  public static final String ALLOW_LOCAL_SECRETS = "CARELOOP_ALLOW_LOCAL_SECRETS";

  public IngestConfig {
    if (receiveMaximum < 1 || receiveMaximum > 65_535) {
      throw new IllegalArgumentException(
          "CARELOOP_INGEST_RECEIVE_MAXIMUM must be between 1 and 65535 (MQTT 5), got "
              + receiveMaximum);
    }
    if (connections < 1) {
      throw new IllegalArgumentException(
          "CARELOOP_INGEST_CONNECTIONS must be at least 1, got " + connections);
    }
    // Each of these is a Cassandra TTL: past its maximum every write fails (and every session
    // would become an unstorable dead letter), at zero the rows would be kept for ever.
    requireTtl("CARELOOP_SESSION_RETENTION", sessionRetention, true);
    requireTtl("CARELOOP_DEAD_LETTER_RETENTION", deadLetterRetention, false);
    requireTtl("CARELOOP_PAIRING_CODE_TTL", pairingCodeTtl, false);
    if (backlogWindow.compareTo(SessionPlacement.BACKLOG_WINDOW) < 0
        || (!sessionRetention.isZero() && backlogWindow.compareTo(sessionRetention) >= 0)) {
      throw new IllegalArgumentException(
          "CARELOOP_INGEST_BACKLOG_WINDOW must be at least "
              + SessionPlacement.BACKLOG_WINDOW.toDays()
              + " days (a brush keeps ten) and shorter than CARELOOP_SESSION_RETENTION, got "
              + backlogWindow);
    }
    if (sessionExpiry.toSeconds() < 1 || sessionExpiry.toSeconds() > MAX_SESSION_EXPIRY_SECONDS) {
      throw new IllegalArgumentException(
          "CARELOOP_INGEST_SESSION_EXPIRY must be between 1 s and "
              + MAX_SESSION_EXPIRY_SECONDS
              + " s (at 0 the broker would drop what it holds for ingest at every"
              + " disconnect), got "
              + sessionExpiry);
    }
  }

  /** Cassandra's largest TTL: 20 years. */
  static final long MAX_TTL_SECONDS = 630_720_000L;

  /** MQTT 5's largest session expiry interval (a four-byte integer). */
  static final long MAX_SESSION_EXPIRY_SECONDS = 4_294_967_295L;

  private static void requireTtl(String name, Duration value, boolean zeroMeansForever) {
    long seconds = value.toSeconds();
    if (seconds == 0 && zeroMeansForever) {
      return;
    }
    if (seconds < 1 || seconds > MAX_TTL_SECONDS) {
      throw new IllegalArgumentException(
          name
              + " must be between 1 s and "
              + MAX_TTL_SECONDS
              + " s (20 years,"
              + " Cassandra's longest TTL)"
              + (zeroMeansForever ? ", or 0 to keep for ever" : "")
              + ", got "
              + value);
    }
  }

  /**
   * Why this configuration must not run, if it must not: the built-in backend secret (printed in
   * the README) guarding a broker that more than this machine can reach, where anyone could join
   * the ingest group and take patients' sessions.
   */
  public Optional<String> builtInSecretExposed() {
    if (!LOCAL_BACKEND_SECRET.equals(backendSecret)) {
      return Optional.empty();
    }
    // the broker ingest connects to, and the embedded one's listener when this process runs it
    java.util.List<String> hosts =
        embeddedBroker
            ? java.util.List.of(URI.create(mqttUri).getHost(), brokerHost)
            : java.util.List.of(URI.create(mqttUri).getHost());
    return hosts.stream()
        .filter(host -> !Hosts.isLoopback(host))
        .findFirst()
        .map(
            host ->
                "CARELOOP_MQTT_BACKEND_SECRET is the built-in one while the broker is at "
                    + host
                    + " (anyone reaching it could join the ingest group and take patients' sessions)");
  }

  public static IngestConfig fromEnv(Env env, Path workDir) {
    String host = env.string("CARELOOP_MQTT_HOST", "127.0.0.1");
    int port = env.integer("CARELOOP_MQTT_PORT", 1883);
    boolean embedded = env.bool("CARELOOP_EMBEDDED_BROKER", true);
    return new IngestConfig(
        env.string("CARELOOP_MQTT_URI", "tcp://" + host + ":" + port),
        env.string("CARELOOP_INGEST_CLIENT_ID", "ingest-1"),
        env.string("CARELOOP_MQTT_BACKEND_SECRET", LOCAL_BACKEND_SECRET),
        env.string("CARELOOP_INGEST_SHARED_GROUP", "ingest"),
        env.integer("CARELOOP_INGEST_RECEIVE_MAXIMUM", 4096),
        env.integer("CARELOOP_INGEST_CONNECTIONS", 1),
        env.duration("CARELOOP_INGEST_SESSION_EXPIRY", Duration.ofDays(7)),
        env.duration("CARELOOP_SESSION_RETENTION", DEFAULT_SESSION_RETENTION),
        env.duration("CARELOOP_DEAD_LETTER_RETENTION", Duration.ofDays(90)),
        env.duration("CARELOOP_PAIRING_CODE_TTL", Duration.ofDays(365)),
        env.duration("CARELOOP_REGISTRY_CACHE_TTL", Duration.ofSeconds(30)),
        env.duration("CARELOOP_INGEST_BACKLOG_WINDOW", SessionPlacement.BACKLOG_WINDOW),
        embedded,
        host,
        port,
        env.bool("CARELOOP_BROKER_IN_MEMORY", false)
            ? null
            : Path.of(env.string("CARELOOP_BROKER_DATA", workDir.resolve("broker").toString())),
        env.integer("CARELOOP_BROKER_MAX_QUEUE", 5_000_000));
  }

  /** A test or benchmark configuration: embedded in-memory broker on the given port. */
  public static IngestConfig local(int brokerPort, String clientId) {
    return new IngestConfig(
        "tcp://127.0.0.1:" + brokerPort,
        clientId,
        LOCAL_BACKEND_SECRET,
        "ingest",
        256,
        2,
        Duration.ofHours(1),
        Duration.ZERO,
        Duration.ofDays(90),
        Duration.ofDays(365),
        Duration.ofSeconds(30),
        SessionPlacement.BACKLOG_WINDOW,
        true,
        "127.0.0.1",
        brokerPort,
        null,
        5_000_000);
  }

  /**
   * The client id of each connection: the configured id, then {@code <id>-c2}, {@code <id>-c3}...
   */
  public java.util.List<String> connectionClientIds() {
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (int i = 1; i <= connections; i++) {
      ids.add(i == 1 ? clientId : clientId + "-c" + i);
    }
    return ids;
  }

  public IngestConfig withClientId(String otherClientId) {
    return new IngestConfig(
        mqttUri,
        otherClientId,
        backendSecret,
        sharedGroup,
        receiveMaximum,
        connections,
        sessionExpiry,
        sessionRetention,
        deadLetterRetention,
        pairingCodeTtl,
        registryCacheTtl,
        backlogWindow,
        embeddedBroker,
        brokerHost,
        brokerPort,
        brokerDataDir,
        brokerMaxQueue);
  }

  /**
   * The same ingest settings against another broker, with its own client id and receive maximum.
   */
  public IngestConfig forBroker(String otherUri, String otherClientId, int otherReceiveMaximum) {
    return new IngestConfig(
        otherUri,
        otherClientId,
        backendSecret,
        sharedGroup,
        otherReceiveMaximum,
        connections,
        sessionExpiry,
        sessionRetention,
        deadLetterRetention,
        pairingCodeTtl,
        registryCacheTtl,
        backlogWindow,
        false,
        brokerHost,
        brokerPort,
        brokerDataDir,
        brokerMaxQueue);
  }
}
