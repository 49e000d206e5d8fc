package io.careloop.crm;

import io.careloop.platform.cluster.ServiceNode;
import io.careloop.platform.config.Env;
import io.careloop.platform.management.ManagementConfig;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the CRM alone: it hears the other modules' events and sweeps its share of the patients, in a
 * process of its own, over the clustered event bus ({@code CARELOOP_CLUSTER_MEMBERS}, required):
 * appointments and patients from patient-api, sessions from device-ingest, alerts from alerts. The
 * staff's HTTP operations are served by the gateway's process, over the same tables.
 */
public final class CrmMain {

  private static final Logger log = LoggerFactory.getLogger(CrmMain.class);

  private CrmMain() {}

  public static void main(String[] args) {
    Env env = Env.system();
    ServiceNode node = ServiceNode.join("crm", env);
    Crm crm =
        Crm.create(node.vertx(), node.session(), CrmConfig.fromEnv(env), Clock.systemUTC()).await();
    crm.startListening().await();
    crm.startSweeper();
    node.serveManagement(ManagementConfig.fromEnv(env));
    log.info("CRM running alone");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  crm.stop().await();
                  node.close();
                },
                "crm-shutdown"));
  }
}
