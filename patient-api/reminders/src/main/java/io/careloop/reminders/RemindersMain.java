package io.careloop.reminders;

import io.careloop.patient.PatientApi;
import io.careloop.patient.PatientApiConfig;
import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.cluster.ServiceNode;
import io.careloop.platform.config.Env;
import io.careloop.platform.local.LocalCassandra;
import io.careloop.platform.management.ManagementConfig;
import io.careloop.reminders.schedule.ReminderConfig;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the reminder scheduler alone (it takes its share of the due-row shards by lease), joined to
 * the others by the clustered event bus ({@code CARELOOP_CLUSTER_MEMBERS}, required). It sends
 * through NOTIFY, answered by the notifications module in another process (a send that finds none
 * is retried by a later sweep). It reads patients, clinics and appointments through patient-api's
 * Java API, so it needs the gateway's {@code CARELOOP_JWT_KEYS_DIR} as patient-api does.
 */
public final class RemindersMain {

  private static final Logger log = LoggerFactory.getLogger(RemindersMain.class);

  private RemindersMain() {}

  public static void main(String[] args) {
    Env env = Env.system();
    ServiceNode node = ServiceNode.join(Reminders.MODULE, env);
    SigningKeys keys =
        SigningKeys.load(
            Path.of(
                env.string(
                    "CARELOOP_JWT_KEYS_DIR", LocalCassandra.workDir().resolve("keys").toString())),
            false);
    Clock clock = Clock.systemUTC();
    PatientApi patients =
        PatientApi.create(node.vertx(), node.session(), PatientApiConfig.fromEnv(env), keys, clock)
            .await();
    Reminders reminders =
        Reminders.create(node.vertx(), node.session(), ReminderConfig.fromEnv(env), patients, clock)
            .await();
    reminders.reportTo(node.meters());
    node.serveManagement(ManagementConfig.fromEnv(env));
    log.info("reminders running alone");
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "reminders-shutdown"));
  }
}
