package io.careloop.ingest;

import io.careloop.ingest.broker.EmbeddedBroker;
import io.careloop.platform.cassandra.CassandraConfig;
import io.careloop.platform.cassandra.CassandraConnector;
import io.careloop.platform.cassandra.Cql;
import io.careloop.platform.cluster.ClusterConfig;
import io.careloop.platform.cluster.Nodes;
import io.careloop.platform.config.Env;
import io.careloop.platform.local.LocalCassandra;
import io.careloop.platform.management.ManagementConfig;
import io.careloop.platform.management.ManagementServer;
import io.careloop.platform.management.ReadinessCheck;
import io.careloop.platform.metrics.Metrics;
import io.careloop.platform.tracing.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.util.List;

/**
 * Runs device-ingest alone: the ingest consumer (and the embedded broker unless {@code
 * CARELOOP_EMBEDDED_BROKER=false}) against the configured Cassandra. Several of these may run side
 * by side with distinct {@code CARELOOP_INGEST_CLIENT_ID}s; they share the load. With {@code
 * CARELOOP_CLUSTER_MEMBERS} it joins the clustered event bus: its session-stored events reach
 * alerts and reminders in other processes, and it answers their questions.
 */
public final class DeviceIngestMain {

  private DeviceIngestMain() {}

  public static void main(String[] args) {
    Env env = Env.system();
    IngestConfig config = IngestConfig.fromEnv(env, LocalCassandra.workDir());
    if (config.builtInSecretExposed().isPresent()
        && !env.bool(IngestConfig.ALLOW_LOCAL_SECRETS, false)) {
      System.err.println("Not starting: " + config.builtInSecretExposed().get() + ".");
      System.exit(2);
    }
    var registry = Metrics.newRegistry();
    Tracing tracing = Tracing.fromEnv(env, "careloop-device-ingest");
    Vertx vertx =
        Nodes.start(registry, new VertxOptions(), ClusterConfig.fromEnv(env), tracing).await();
    var session = CassandraConnector.connect(CassandraConfig.fromEnv(env), tracing);
    DeviceIngest ingest =
        DeviceIngest.create(vertx, session, config, registry, Clock.systemUTC()).await();
    EmbeddedBroker broker =
        config.embeddedBroker()
            ? ingest.startEmbeddedBroker(LocalCassandra.workDir().resolve("broker"))
            : null;
    IngestVerticle consumer = ingest.startConsumer().await();
    ManagementServer.start(
            vertx,
            ManagementConfig.fromEnv(env),
            List.of(
                new ReadinessCheck("cassandra", new Cql(session)::ping),
                new ReadinessCheck("broker", consumer::ready)),
            registry)
        .await();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  vertx.close().await();
                  if (broker != null) {
                    broker.close();
                  }
                  session.close();
                  tracing.close();
                },
                "device-ingest-shutdown"));
  }
}
