package io.careloop.notifications;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Problem;
import io.careloop.platform.push.FcmSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifications module, assembled: the inbox, push tokens and the push outbox, the sender
 * behind {@link Addresses#NOTIFY}, and, when push is on, the dispatcher to FCM.
 */
public final class Notifications {

  public static final String MODULE = "notifications";
  private static final Logger log = LoggerFactory.getLogger(Notifications.class);

  private final Inbox inbox;
  private final PushOutboxRepository outbox;
  private final DispatcherLeaseRepository leases;
  private final PushTokenRegistry tokens;
  private final NotificationSender sender;
  private final PushConfig config;
  private final Vertx vertx;
  private final Clock clock;
  private Optional<PushDispatcher> dispatcher = Optional.empty();

  private Notifications(Vertx vertx, Inbox inbox, PushOutboxRepository outbox, DispatcherLeaseRepository leases,
                        PushTokenRegistry tokens, PushConfig config, NotificationSender sender, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.inbox = inbox;
    this.outbox = outbox;
    this.leases = leases;
    this.tokens = tokens;
    this.config = config;
    this.sender = sender;
  }

  /** Migrates the module's tables and prepares its statements; {@link #start} then runs it. */
  public static Future<Notifications> create(Vertx vertx, CqlSession session, PushConfig config, Clock clock) {
    return new SchemaMigrator(session).migrate(vertx, MODULE)
        .compose(applied -> vertx.executeBlocking(() -> {
          InboxRepository inbox = new InboxRepository(session);
          PushOutboxRepository outbox = new PushOutboxRepository(session);
          PushTokenRepository tokens = new PushTokenRepository(session);
          NotificationSender sender = new NotificationSender(new DedupKeyRepository(session), inbox, outbox, tokens,
              config, clock);
          return new Notifications(vertx, new Inbox(inbox, clock), outbox, new DispatcherLeaseRepository(session),
              new PushTokenRegistry(tokens, clock), config, sender, clock);
        }));
  }

  /** Answers NOTIFY and, when push is on, deploys the dispatcher. */
  public Future<Notifications> start() {
    return listen().compose(v -> startDispatcher()).map(this);
  }

  Future<Void> listen() {
    return vertx.eventBus().<JsonObject>consumer(Addresses.NOTIFY, this::onNotify).completion();
  }

  /** Answers {@link Addresses#NOTIFY}: the reply comes only once the notification is durable. */
  private void onNotify(Message<JsonObject> message) {
    NotificationRequest request;
    try {
      request = NotificationRequest.fromJson(message.body());
    } catch (Problem p) {
      message.fail(p.status(), p.getMessage());
      return;
    }
    sender.send(request)
        .onSuccess(sent -> message.reply(sent.toJson()))
        .onFailure(err -> {
          if (err instanceof Problem p) {
            message.fail(p.status(), p.getMessage());
          } else {
            log.warn("Could not store notification {} of kind {}: {}", request.dedupKey(), request.kind(), err.toString());
            message.fail(500, "The notification could not be stored; send it again");
          }
        });
  }

  /**
   * Deploys the push dispatcher when push is on (Firebase credentials configured); without them
   * notifications still reach the inbox and nothing is queued for push.
   */
  private Future<Void> startDispatcher() {
    if (!config.enabled()) {
      log.info("Push is off (no CARELOOP_FCM_CREDENTIALS): notifications go to the in-app inbox only");
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> FcmSender.start(config.fcm(), clock))
        .compose(fcm -> {
          PushDispatcher started = new PushDispatcher(outbox, leases, tokens, fcm, config, clock);
          return vertx.deployVerticle(started).map(id -> {
            dispatcher = Optional.of(started);
            return null;
          });
        });
  }

  /** Sends in this process; other processes send {@link Addresses#NOTIFY} messages. */
  public NotificationSender sender() {
    return sender;
  }

  public Optional<PushDispatcher> pushDispatcher() {
    return dispatcher;
  }

  public HttpApi api() {
    return new NotificationApi(this);
  }

  public Inbox inbox() {
    return inbox;
  }

  public PushTokenRegistry tokens() {
    return tokens;
  }

  public PushOutboxRepository outbox() {
    return outbox;
  }

  public DispatcherLeaseRepository leases() {
    return leases;
  }

  public PushConfig config() {
    return config;
  }
}
