package io.careloop.e2e;

import io.careloop.ingest.DeviceIngest;
import io.careloop.ingest.IngestConfig;
import io.careloop.ingest.broker.EmbeddedBroker;
import io.careloop.platform.cassandra.CassandraConfig;
import io.careloop.platform.cassandra.CassandraConnector;
import io.careloop.platform.config.Env;
import io.careloop.platform.local.LocalCassandra;
import io.careloop.platform.metrics.Metrics;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * The embedded broker alone, in a process of its own (its access rules ask device-ingest's
 * registry), with file persistence under {@code CARELOOP_WORK}: a broker a test can kill and start
 * again without killing ingest with it. Configured like DeviceIngestMain.
 */
public final class EmbeddedBrokerMain {

  private EmbeddedBrokerMain() {}

  public static void main(String[] args) {
    Env env = Env.system();
    IngestConfig config = IngestConfig.fromEnv(env, LocalCassandra.workDir());
    Vertx vertx = Vertx.vertx();
    var session = CassandraConnector.connect(CassandraConfig.fromEnv(env));
    DeviceIngest ingest =
        DeviceIngest.create(vertx, session, config, Metrics.newRegistry(), Clock.systemUTC())
            .await();
    EmbeddedBroker broker = ingest.startEmbeddedBroker(LocalCassandra.workDir().resolve("broker"));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  vertx.close().await();
                  session.close();
                },
                "broker-shutdown"));
  }
}
