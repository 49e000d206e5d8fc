package io.careloop.alerts;

import io.careloop.alerts.alert.AlertsConfig;
import io.careloop.platform.cluster.ServiceNode;
import io.careloop.platform.config.Env;
import io.careloop.platform.management.ManagementConfig;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs alerts alone: it judges stored sessions as they come and sweeps its share of the patients on
 * a plan, in a process of its own. It works with the others over the clustered event bus ({@code
 * CARELOOP_CLUSTER_MEMBERS}, required): session-stored events and patients' sessions from
 * device-ingest; clinics, time zones and notifications from patient-api. Nurses' HTTP operations
 * are served by the gateway's process, over the same tables.
 */
public final class AlertsMain {

  private static final Logger log = LoggerFactory.getLogger(AlertsMain.class);

  private AlertsMain() {}

  public static void main(String[] args) {
    Env env = Env.system();
    ServiceNode node = ServiceNode.join("alerts", env);
    Alerts alerts =
        Alerts.create(node.vertx(), node.session(), AlertsConfig.fromEnv(env), Clock.systemUTC())
            .await();
    alerts.startConsumer(node.vertx()).await();
    alerts.startSweeper();
    alerts.reportTo(node.meters());
    node.serveManagement(ManagementConfig.fromEnv(env));
    log.info("Alerts running alone");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  alerts.stop().await();
                  node.close();
                },
                "alerts-shutdown"));
  }
}
