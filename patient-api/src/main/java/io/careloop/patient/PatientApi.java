package io.careloop.patient;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.patient.account.AccountService;
import io.careloop.patient.account.PasswordHasher;
import io.careloop.patient.account.TokenIssuer;
import io.careloop.patient.http.AccountApi;
import io.careloop.patient.notification.NotificationApi;
import io.careloop.patient.notification.Notifications;
import io.careloop.patient.notification.PushDispatcher;
import io.careloop.platform.auth.SigningKeys;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.http.HttpApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The patient-api module, assembled: accounts and sign-in, the patient profile that other
 * modules ask for over the event bus, and notifications (inbox, push tokens, the NOTIFY consumer
 * and, when push is on, the push dispatcher).
 */
public final class PatientApi {

  public static final String MODULE = "patient-api";
  private static final Logger log = LoggerFactory.getLogger(PatientApi.class);

  private final AccountService accounts;
  private final List<HttpApi> apis;
  // -- notifications
  private final Notifications notifications;
  private final Optional<PushDispatcher> pushDispatcher;

  private PatientApi(Vertx vertx, AccountService accounts, NotificationParts notificationParts, Clock clock) {
    this.accounts = accounts;
    this.notifications = notificationParts.notifications();
    this.pushDispatcher = notificationParts.dispatcher();
    this.apis = List.of(new AccountApi(accounts, clock), new NotificationApi(notifications));
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
          return accounts;
        }))
        .compose(accounts -> startNotifications(vertx, session, config, clock)
            .map(notificationParts -> new PatientApi(vertx, accounts, notificationParts, clock)));
  }

  // -- notifications: inbox and outbox, the NOTIFY consumer, and the push dispatcher when push is on
  private record NotificationParts(Notifications notifications, Optional<PushDispatcher> dispatcher) {
  }

  private static Future<NotificationParts> startNotifications(Vertx vertx, CqlSession session, PatientApiConfig config,
                                                              Clock clock) {
    return Notifications.create(vertx, session, config.push(), clock).compose(notifications ->
        notifications.listen(vertx.eventBus())
            .compose(v -> notifications.startDispatcher(vertx))
            .map(dispatcher -> new NotificationParts(notifications, dispatcher)));
  }

  /** Sends notifications in-process (reminders); other processes use the NOTIFY address. */
  public Notifications notifications() {
    return notifications;
  }

  public Optional<PushDispatcher> pushDispatcher() {
    return pushDispatcher;
  }

  public AccountService accounts() {
    return accounts;
  }

  public List<HttpApi> apis() {
    return apis;
  }
}
