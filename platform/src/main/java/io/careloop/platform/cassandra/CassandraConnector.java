package io.careloop.platform.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.internal.core.session.throttling.ConcurrencyLimitingRequestThrottler;
import com.datastax.oss.driver.internal.core.ssl.DefaultSslEngineFactory;
import io.careloop.platform.config.Hosts;
import io.careloop.platform.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the one {@link CqlSession} a process shares, creating its keyspace first if needed. */
public final class CassandraConnector {

  private static final Logger log = LoggerFactory.getLogger(CassandraConnector.class);

  private CassandraConnector() {}

  public static Future<CqlSession> connect(Vertx vertx, CassandraConfig config) {
    return vertx.executeBlocking(() -> connect(config));
  }

  /** Blocking: call it from a worker thread or from {@code main}, never from an event loop. */
  public static CqlSession connect(CassandraConfig config) {
    return connect(config, Tracing.off());
  }

  /** The same, with a span per request made inside a trace when {@code tracing} is on. */
  public static CqlSession connect(CassandraConfig config, Tracing tracing) {
    if (config.tls().isEmpty()
        && config.contactPoints().stream().anyMatch(p -> !Hosts.isLoopback(p.getHostString()))) {
      log.warn(
          "Cassandra at {} is reached without TLS: patients' data cross the network in the clear"
              + " (set CARELOOP_CQL_TLS_TRUSTSTORE)",
          config.contactPoints());
    }
    // The bootstrap session only creates the keyspace: it needs no schema or token metadata.
    try (CqlSession bootstrap =
        builder(
                config,
                options ->
                    options
                        .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                        .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false))
            .build()) {
      bootstrap.execute(
          SimpleStatement.newInstance(
                  "CREATE KEYSPACE IF NOT EXISTS "
                      + config.keyspace()
                      + " WITH replication = "
                      + config.replication())
              .setTimeout(SchemaMigrator.DDL_TIMEOUT));
    }
    // Metadata of our keyspace only (its token map routes requests): the driver reads the whole
    // schema of every keyspace it follows at start and after every schema change in any of them,
    // a cost a cluster shared with other applications (or the tests' keyspaces) need not pay.
    return tracing
        .applyTo(
            builder(
                    config,
                    options ->
                        options.withStringList(
                            DefaultDriverOption.METADATA_SCHEMA_REFRESHED_KEYSPACES,
                            List.of(config.keyspace())))
                .withKeyspace(config.keyspace()))
        .build();
  }

  private static CqlSessionBuilder builder(
      CassandraConfig config, UnaryOperator<ProgrammaticDriverConfigLoaderBuilder> sessionOptions) {
    ProgrammaticDriverConfigLoaderBuilder options =
        DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, config.requestTimeout())
            .withString(DefaultDriverOption.REQUEST_CONSISTENCY, config.consistency().name())
            .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, "LOCAL_SERIAL")
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
            .withDuration(
                DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
            .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(5))
            .withDuration(
                DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
            // Schema refreshes after our own DDL need not wait for a debounce window (default 1 s
            // per statement).
            .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(20))
            // Bursts wait in the driver instead of failing: past a connection's 1,024 requests in
            // flight the driver answers "no connection available" at once, which 200 clients
            // reading through the gateway reached (issue 30). Queued requests keep their timeout.
            .withClass(
                DefaultDriverOption.REQUEST_THROTTLER_CLASS,
                ConcurrencyLimitingRequestThrottler.class)
            .withInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_CONCURRENT_REQUESTS, 768)
            .withInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_QUEUE_SIZE, 20_000);
    if (config.tls().isPresent()) {
      options = withTls(options, config.tls().get());
    }
    options = sessionOptions.apply(options);
    CqlSessionBuilder builder =
        CareLoopDriverContext.builder()
            .withConfigLoader(options.build())
            .addContactPoints(config.contactPoints())
            .withLocalDatacenter(config.localDatacenter());
    if (config.username().isPresent()) {
      builder = builder.withAuthCredentials(config.username().get(), config.password().orElse(""));
    }
    return builder;
  }

  /** The driver's own SSL engine factory, built from the key stores' files. */
  private static ProgrammaticDriverConfigLoaderBuilder withTls(
      ProgrammaticDriverConfigLoaderBuilder options, CassandraConfig.Tls tls) {
    ProgrammaticDriverConfigLoaderBuilder result =
        options
            .withClass(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS, DefaultSslEngineFactory.class)
            .withString(
                DefaultDriverOption.SSL_TRUSTSTORE_PATH,
                tls.truststore().toAbsolutePath().toString())
            .withString(DefaultDriverOption.SSL_TRUSTSTORE_PASSWORD, tls.truststorePassword())
            .withBoolean(DefaultDriverOption.SSL_HOSTNAME_VALIDATION, tls.hostnameValidation());
    if (tls.keystore().isPresent()) {
      result =
          result
              .withString(
                  DefaultDriverOption.SSL_KEYSTORE_PATH,
                  tls.keystore().get().toAbsolutePath().toString())
              .withString(
                  DefaultDriverOption.SSL_KEYSTORE_PASSWORD, tls.keystorePassword().orElse(""));
    }
    return result;
  }
}
