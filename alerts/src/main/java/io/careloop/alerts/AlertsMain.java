package io.careloop.alerts;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.platform.cassandra.CassandraConfig;
import io.careloop.platform.cassandra.CassandraConnector;
import io.careloop.platform.cluster.ClusterConfig;
import io.careloop.platform.cluster.Nodes;
import io.careloop.platform.config.Env;
import io.careloop.platform.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs alerts alone: it judges stored sessions as they come and sweeps its share of the patients
 * on a plan, in a process of its own. It works with the others over the clustered event bus
 * ({@code CARELOOP_CLUSTER_MEMBERS}, required): session-stored events and patients' sessions from
 * device-ingest; clinics, time zones and notifications from patient-api. Nurses' HTTP operations
 * are served by the gateway's process, over the same tables.
 */
public final class AlertsMain {

  private static final Logger log = LoggerFactory.getLogger(AlertsMain.class);

  private AlertsMain() {
  }

  public static void main(String[] args) {
    Env env = Env.system();
    ClusterConfig cluster = ClusterConfig.fromEnv(env);
    if (!cluster.clustered()) {
      log.error("Alerts alone needs the clustered event bus: set CARELOOP_CLUSTER_MEMBERS (see the README)");
      System.exit(2);
    }
    Vertx vertx = Nodes.start(Metrics.newRegistry(), new VertxOptions(), cluster).await();
    CqlSession session = CassandraConnector.connect(CassandraConfig.fromEnv(env));
    Alerts alerts = Alerts.create(vertx, session, AlertsConfig.fromEnv(env), Clock.systemUTC()).await();
    alerts.startConsumer(vertx).await();
    alerts.startSweeper();
    log.info("Alerts running alone");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      alerts.stop().await();
      vertx.close().await();
      session.close();
    }, "alerts-shutdown"));
  }
}
