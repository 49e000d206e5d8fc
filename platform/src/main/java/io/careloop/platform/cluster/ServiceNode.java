package io.careloop.platform.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.platform.cassandra.CassandraConfig;
import io.careloop.platform.cassandra.CassandraConnector;
import io.careloop.platform.config.Env;
import io.careloop.platform.metrics.Metrics;
import io.careloop.platform.tracing.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service running alone starts with: its node of the clustered event bus and its Cassandra
 * session. Alone, such a service only makes sense in the cluster (the others reach it over the
 * event bus), so without {@code CARELOOP_CLUSTER_MEMBERS} the process exits with a message.
 */
public record ServiceNode(Vertx vertx, CqlSession session, Tracing tracing) {

  private static final Logger log = LoggerFactory.getLogger(ServiceNode.class);

  /** Blocking: joins the cluster and connects to Cassandra, as the environment configures them. */
  public static ServiceNode join(String service, Env env) {
    ClusterConfig cluster = ClusterConfig.fromEnv(env);
    if (!cluster.clustered()) {
      log.error("{} alone needs the clustered event bus: set CARELOOP_CLUSTER_MEMBERS (see the README)", service);
      System.exit(2);
    }
    Tracing tracing = Tracing.fromEnv(env, "careloop-" + service);
    Vertx vertx = Nodes.start(Metrics.newRegistry(), new VertxOptions(), cluster, tracing).await();
    return new ServiceNode(vertx, CassandraConnector.connect(CassandraConfig.fromEnv(env), tracing), tracing);
  }

  /** Leaves the cluster and closes the session (after the service has stopped its own work). */
  public void close() {
    vertx.close().await();
    session.close();
    tracing.close();
  }
}
