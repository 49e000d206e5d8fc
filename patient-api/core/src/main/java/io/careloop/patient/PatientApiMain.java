package io.careloop.patient;

import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.cluster.ServiceNode;
import io.careloop.platform.config.Env;
import io.careloop.platform.local.LocalCassandra;
import io.careloop.platform.management.ManagementConfig;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs patient-api alone: the answers other services ask of it over the clustered event bus ({@code
 * CARELOOP_CLUSTER_MEMBERS}, required): a patient's profile and clinics, a clinic's nurses. The
 * HTTP operations are served by the gateway's process, over the same tables; both read the signing
 * keys from {@code CARELOOP_JWT_KEYS_DIR}.
 */
public final class PatientApiMain {

  private static final Logger log = LoggerFactory.getLogger(PatientApiMain.class);

  private PatientApiMain() {}

  public static void main(String[] args) {
    Env env = Env.system();
    ServiceNode node = ServiceNode.join("patient-api", env);
    SigningKeys keys =
        SigningKeys.load(
            Path.of(
                env.string(
                    "CARELOOP_JWT_KEYS_DIR", LocalCassandra.workDir().resolve("keys").toString())),
            false);
    PatientApi.create(
            node.vertx(), node.session(), PatientApiConfig.fromEnv(env), keys, Clock.systemUTC())
        .await();
    node.serveManagement(ManagementConfig.fromEnv(env));
    log.info("patient-api running alone");
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "patient-api-shutdown"));
  }
}
