package io.careloop.notifications;

import io.careloop.notifications.push.PushConfig;
import io.careloop.platform.cluster.ServiceNode;
import io.careloop.platform.config.Env;
import io.careloop.platform.management.ManagementConfig;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the notifications module alone: NOTIFY and, when push is on, the push dispatcher (it takes
 * its share of the outbox shards), joined to the others by the clustered event bus ({@code
 * CARELOOP_CLUSTER_MEMBERS}, required). The inbox and push-token operations are served by the
 * gateway's process over the same tables.
 */
public final class NotificationsMain {

  private static final Logger log = LoggerFactory.getLogger(NotificationsMain.class);

  private NotificationsMain() {}

  public static void main(String[] args) {
    Env env = Env.system();
    ServiceNode node = ServiceNode.join(Notifications.MODULE, env);
    Notifications notifications =
        Notifications.create(
                node.vertx(), node.session(), PushConfig.fromEnv(env), Clock.systemUTC())
            .compose(Notifications::start)
            .await();
    notifications.reportTo(node.meters());
    node.serveManagement(ManagementConfig.fromEnv(env));
    log.info("notifications running alone");
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "notifications-shutdown"));
  }
}
