package io.careloop.platform.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.platform.cassandra.CassandraConfig;
import io.careloop.platform.cassandra.CassandraConnector;
import io.careloop.platform.cassandra.Cql;
import io.careloop.platform.config.Env;
import io.careloop.platform.management.ManagementConfig;
import io.careloop.platform.management.ManagementServer;
import io.careloop.platform.management.ReadinessCheck;
import io.careloop.platform.metrics.Metrics;
import io.careloop.platform.tracing.Tracing;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service running alone starts with: its node of the clustered event bus, its Cassandra
 * session and the registry its metrics go to. Alone, such a service only makes sense in the cluster
 * (the others reach it over the event bus), so without {@code CARELOOP_CLUSTER_MEMBERS} the process
 * exits with a message.
 */
public record ServiceNode(
    String service,
    Vertx vertx,
    CqlSession session,
    PrometheusMeterRegistry meters,
    Tracing tracing) {

  private static final Logger log = LoggerFactory.getLogger(ServiceNode.class);

  /** Blocking: joins the cluster and connects to Cassandra, as the environment configures them. */
  public static ServiceNode join(String service, Env env) {
    ClusterConfig cluster = ClusterConfig.fromEnv(env);
    if (!cluster.clustered()) {
      log.error(
          "{} alone needs the clustered event bus: set CARELOOP_CLUSTER_MEMBERS (see the README)",
          service);
      System.exit(2);
    }
    PrometheusMeterRegistry meters = Metrics.newRegistry();
    Tracing tracing = Tracing.fromEnv(env, "careloop-" + service);
    Vertx vertx = Nodes.start(meters, new VertxOptions(), cluster, tracing).await();
    return new ServiceNode(
        service,
        vertx,
        CassandraConnector.connect(CassandraConfig.fromEnv(env), tracing),
        meters,
        tracing);
  }

  /**
   * Blocking: serves {@code /health/live}, {@code /health/ready} (Cassandra, and {@code checks})
   * and {@code /metrics} where {@code config} says, as the gateway does; its actual port.
   */
  public int serveManagement(ManagementConfig config, ReadinessCheck... checks) {
    List<ReadinessCheck> readiness = new ArrayList<>();
    readiness.add(new ReadinessCheck("cassandra", new Cql(session)::ping));
    readiness.addAll(List.of(checks));
    HttpServer server = ManagementServer.start(vertx, config, readiness, meters).await();
    log.info("{} serves health and metrics on {}:{}", service, config.host(), server.actualPort());
    return server.actualPort();
  }

  /** Leaves the cluster and closes the session (after the service has stopped its own work). */
  public void close() {
    vertx.close().await();
    session.close();
    tracing.close();
  }
}
