package io.careloop.patient;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.patient.account.AccountService;
import io.careloop.patient.account.PasswordHasher;
import io.careloop.patient.account.TokenIssuer;
import io.careloop.patient.http.AccountApi;
import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.http.HttpApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The patient-api module, assembled: accounts and sign-in, and the patient profile that other
 * modules ask for over the event bus.
 */
public final class PatientApi {

  public static final String MODULE = "patient-api";
  private static final Logger log = LoggerFactory.getLogger(PatientApi.class);

  private final AccountService accounts;
  private final List<HttpApi> apis;

  private PatientApi(Vertx vertx, AccountService accounts, Clock clock) {
    this.accounts = accounts;
    this.apis = List.of(new AccountApi(accounts, clock));
    vertx.eventBus().<JsonObject>consumer(Addresses.PATIENT_PROFILE, msg ->
        accounts.find(UUID.fromString(msg.body().getString("patientId")))
            .onSuccess(a -> msg.reply(new JsonObject().put("patientId", a.id().toString()).put("timeZone", a.timeZone())))
            .onFailure(err -> msg.fail(404, err.getMessage())));
  }

  public static Future<PatientApi> create(Vertx vertx, CqlSession session, PatientApiConfig config, SigningKeys keys,
                                          Clock clock) {
    return new SchemaMigrator(session).migrate(vertx, MODULE)
        .compose(applied -> vertx.executeBlocking(() -> new AccountService(vertx, session,
            PasswordHasher.owaspBaseline(), new TokenIssuer(keys, config.accessTokenTtl(), clock),
            config.refreshTokenTtl(), clock)))
        .compose(accounts -> accounts.ensureAdmin(config.adminEmail(), config.adminPassword()).map(created -> {
          if (config.usesLocalAdminPassword()) {
            log.warn("The admin account {} has the local default password: set CARELOOP_ADMIN_PASSWORD outside a"
                + " developer machine", config.adminEmail());
          }
          return new PatientApi(vertx, accounts, clock);
        }));
  }

  public AccountService accounts() {
    return accounts;
  }

  public List<HttpApi> apis() {
    return apis;
  }
}
