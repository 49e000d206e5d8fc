package io.careloop.platform.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/** Opens the one {@link CqlSession} a process shares, creating its keyspace first if needed. */
public final class CassandraConnector {

  private CassandraConnector() {
  }

  public static Future<CqlSession> connect(Vertx vertx, CassandraConfig config) {
    return vertx.executeBlocking(() -> connect(config));
  }

  /** Blocking: call it from a worker thread or from {@code main}, never from an event loop. */
  public static CqlSession connect(CassandraConfig config) {
    try (CqlSession bootstrap = builder(config).build()) {
      bootstrap.execute("CREATE KEYSPACE IF NOT EXISTS " + config.keyspace()
          + " WITH replication = " + config.replication());
    }
    return builder(config).withKeyspace(config.keyspace()).build();
  }

  private static CqlSessionBuilder builder(CassandraConfig config) {
    DriverConfigLoader driverConfig = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, config.requestTimeout())
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, config.consistency().name())
        .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, "LOCAL_SERIAL")
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(5))
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
        // Schema refreshes after our own DDL need not wait for a debounce window (default 1 s per statement).
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(20))
        .build();
    CqlSessionBuilder builder = CqlSession.builder()
        .withConfigLoader(driverConfig)
        .addContactPoints(config.contactPoints())
        .withLocalDatacenter(config.localDatacenter());
    if (config.username().isPresent()) {
      builder = builder.withAuthCredentials(config.username().get(), config.password().orElse(""));
    }
    return builder;
  }
}
