package io.careloop.notifications;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.notifications.bus.InboxReads;
import io.careloop.notifications.bus.NotifyResponder;
import io.careloop.notifications.http.NotificationApi;
import io.careloop.notifications.inbox.Inbox;
import io.careloop.notifications.inbox.InboxRepository;
import io.careloop.notifications.push.DispatcherLeaseRepository;
import io.careloop.notifications.push.PushConfig;
import io.careloop.notifications.push.PushDispatcher;
import io.careloop.notifications.push.PushMetrics;
import io.careloop.notifications.push.PushOutboxRepository;
import io.careloop.notifications.push.PushTokenRegistry;
import io.careloop.notifications.push.PushTokenRepository;
import io.careloop.notifications.rights.NotificationsPersonalData;
import io.careloop.notifications.send.DedupKeyRepository;
import io.careloop.notifications.send.NotificationSender;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.BusFailures;
import io.careloop.platform.cassandra.SchemaMigrator;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.privacy.PersonalDataResponder;
import io.careloop.platform.push.FcmSender;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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

  private final Vertx vertx;
  private final PushConfig config;
  private final Clock clock;
  private final Inbox inbox;
  private final PushTokenRegistry tokens;
  private final PushOutboxRepository outbox;
  private final DispatcherLeaseRepository leases;
  private final NotificationSender sender;
  private final PersonalDataResponder dataRights;
  private Optional<PushDispatcher> dispatcher = Optional.empty();

  private Notifications(Vertx vertx, CqlSession session, PushConfig config, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    InboxRepository inboxRows = new InboxRepository(session);
    PushTokenRepository tokenRows = new PushTokenRepository(session);
    this.inbox = new Inbox(inboxRows, clock);
    this.tokens = new PushTokenRegistry(tokenRows, clock);
    this.outbox = new PushOutboxRepository(session);
    this.leases = new DispatcherLeaseRepository(session);
    DedupKeyRepository dedupKeys = new DedupKeyRepository(session);
    this.sender =
        new NotificationSender(
            dedupKeys,
            inboxRows,
            outbox,
            tokenRows,
            config,
            clock,
            shard -> vertx.eventBus().publish(PushDispatcher.DUE_ADDRESS, shard));
    this.dataRights =
        PersonalDataResponder.answer(
            vertx.eventBus(),
            new NotificationsPersonalData(MODULE, inboxRows, tokenRows, outbox, dedupKeys));
  }

  /** Where this module answers for the personal data it holds. */
  public PersonalDataResponder dataRights() {
    return dataRights;
  }

  /** Migrates the module's tables and prepares its statements; {@link #start} then runs it. */
  public static Future<Notifications> create(
      Vertx vertx, CqlSession session, PushConfig config, Clock clock) {
    return new SchemaMigrator(session)
        .migrate(vertx, MODULE)
        .compose(
            applied ->
                vertx.executeBlocking(() -> new Notifications(vertx, session, config, clock)));
  }

  /** Answers NOTIFY and, when push is on, deploys the dispatcher. */
  public Future<Notifications> start() {
    return listen().compose(v -> startDispatcher()).map(this);
  }

  Future<Void> listen() {
    InboxReads.register(vertx.eventBus());
    Future<Void> reads =
        vertx
            .eventBus()
            .<InboxReads.Question>consumer(
                InboxReads.ADDRESS,
                m ->
                    inbox
                        .countRead(m.body().delivered())
                        .map(InboxReads.Answer::new)
                        .onSuccess(m::reply)
                        .onFailure(err -> BusFailures.reply(m, err)))
            .completion();
    return Future.all(new NotifyResponder(vertx.eventBus(), sender::send).listen(), reads)
        .mapEmpty();
  }

  /**
   * Deploys the push dispatcher when push is on (Firebase credentials configured); without them
   * notifications still reach the inbox and nothing is queued for push.
   */
  private Future<Void> startDispatcher() {
    if (!config.enabled()) {
      log.info(
          "Push is off (no CARELOOP_FCM_CREDENTIALS): notifications go to the in-app inbox only");
      return Future.succeededFuture();
    }
    return vertx
        .executeBlocking(() -> FcmSender.start(config.fcm(), clock))
        .compose(
            fcm -> {
              PushDispatcher started = newDispatcher(fcm);
              return vertx
                  .deployVerticle(started)
                  .map(
                      id -> {
                        dispatcher = Optional.of(started);
                        return null;
                      });
            });
  }

  /**
   * A dispatcher over this module's outbox that sends with {@code fcm} (and closes it when it
   * stops).
   */
  PushDispatcher newDispatcher(FcmSender fcm) {
    return newDispatcher(fcm, config);
  }

  /** A dispatcher with other settings than this module's (tests: another sweep interval). */
  PushDispatcher newDispatcher(FcmSender fcm, PushConfig settings) {
    return new PushDispatcher(outbox, leases, tokens, fcm, settings, clock);
  }

  /** Counts this process's pushes by outcome into {@code meters}, when push is on. */
  public void reportTo(MeterRegistry meters) {
    dispatcher.ifPresent(d -> PushMetrics.register(meters, d));
  }

  /** The dispatcher this instance runs, when push is on: its counts are the push metrics. */
  public Optional<PushDispatcher> pushDispatcher() {
    return dispatcher;
  }

  /** The push-token and inbox operations. */
  public HttpApi api() {
    return new NotificationApi(inbox, tokens);
  }

  Inbox inbox() {
    return inbox;
  }

  PushTokenRegistry tokens() {
    return tokens;
  }

  PushOutboxRepository outbox() {
    return outbox;
  }

  NotificationSender sender() {
    return sender;
  }
}
