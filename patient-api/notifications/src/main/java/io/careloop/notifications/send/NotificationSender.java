package io.careloop.notifications.send;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.notifications.bus.NotificationRequest;
import io.careloop.notifications.bus.Sent;
import io.careloop.notifications.inbox.InboxEntry;
import io.careloop.notifications.inbox.InboxRepository;
import io.careloop.notifications.push.PushConfig;
import io.careloop.notifications.push.PushOutboxRepository;
import io.careloop.notifications.push.PushOutboxRepository.Delivery;
import io.careloop.notifications.push.PushTokenRepository;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a notification: always into the recipient's inbox, and, when push is on, into the push
 * outbox once per registered token. Idempotent by the sender's dedup key: the key is claimed with a
 * lightweight transaction first (or, from a sender that holds the message alone, recorded without
 * one), and marked complete once inbox and outbox are durable; only then does the caller get its
 * answer. A repeat of a send that died half-way finishes it. Modules send through {@link
 * io.careloop.notifications.bus.NotifyClient}, which reaches this.
 */
public final class NotificationSender {

  private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);

  /** A claim this old without completion belongs to a send that died: a repeat finishes it. */
  public static final Duration STALE_CLAIM = Duration.ofSeconds(30);

  private final DedupKeyRepository dedupKeys;
  private final InboxRepository inbox;
  private final PushOutboxRepository outbox;
  private final PushTokenRepository tokens;
  private final PushConfig config;
  private final Clock clock;
  private final IntConsumer dueNow;

  /**
   * @param dueNow told the outbox shard of each delivery queued due now, once it is stored (the
   *     push dispatcher holding that shard sends it at once instead of at its next sweep)
   */
  public NotificationSender(
      DedupKeyRepository dedupKeys,
      InboxRepository inbox,
      PushOutboxRepository outbox,
      PushTokenRepository tokens,
      PushConfig config,
      Clock clock,
      IntConsumer dueNow) {
    this.dedupKeys = dedupKeys;
    this.inbox = inbox;
    this.outbox = outbox;
    this.tokens = tokens;
    this.config = config;
    this.clock = clock;
    this.dueNow = dueNow;
  }

  /** Sends a notification; the future completes once it is durably in the inbox and the outbox. */
  public Future<Sent> send(NotificationRequest request) {
    try {
      request.validated();
    } catch (Problem p) {
      return Future.failedFuture(p);
    }
    UUID id = Uuids.timeBased();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    if (request.soleSenderUntil() != null && now.isBefore(request.soleSenderUntil())) {
      return dedupKeys
          .record(request.dedupKey(), id, request.recipientId(), now)
          .compose(v -> store(request, id, now, false))
          .map(v -> new Sent(id, true));
    }
    return dedupKeys
        .claim(request.dedupKey(), id, request.recipientId(), now)
        .compose(
            held -> {
              if (held.isEmpty()) {
                return store(request, id, now, false).map(v -> new Sent(id, true));
              }
              DedupKeyRepository.Claim claim = held.get();
              if (claim.completedAt() != null) {
                return Future.succeededFuture(new Sent(claim.notificationId(), false));
              }
              if (claim.claimedAt().plus(STALE_CLAIM).isAfter(now)) {
                // The first send of this key is still writing: answering "done" now could lose the
                // message.
                return Future.failedFuture(
                    Problem.unavailable(
                        "This notification is being stored right now; send it again"));
              }
              log.info(
                  "Finishing notification {} whose first send stopped half-way",
                  claim.notificationId());
              return store(request, claim.notificationId(), claim.claimedAt(), true)
                  .map(v -> new Sent(claim.notificationId(), false));
            });
  }

  /** The inbox entry and the push deliveries, then the key marked complete. */
  private Future<Void> store(
      NotificationRequest request, UUID id, Instant createdAt, boolean finishing) {
    Future<List<String>> targets =
        config.enabled()
            ? tokens
                .tokensOf(request.recipientId())
                .map(list -> list.stream().map(PushTokenRepository.PushToken::token).toList())
            : Future.succeededFuture(List.of());
    Future<Map<String, Delivery>> earlier =
        finishing
            ? outbox
                .deliveries(id)
                .map(
                    list ->
                        list.stream()
                            .collect(Collectors.toMap(Delivery::token, Function.identity())))
            : Future.succeededFuture(Map.of());
    InboxEntry entry =
        new InboxEntry(
            id, request.kind(), request.title(), request.body(), request.data(), createdAt, null);
    return Future.all(targets, earlier)
        .compose(
            found ->
                Future.all(
                    inbox.insert(request.recipientId(), entry),
                    enqueue(request, id, createdAt, found.resultAt(0), found.resultAt(1))))
        .compose(v -> dedupKeys.complete(request.dedupKey(), clock.instant()));
  }

  /**
   * One token after the other, in the order the sweep reads them (due time, notification, token): a
   * sweep that reads between two of these writes never leaves the earlier one behind its cursor.
   */
  private Future<Void> enqueue(
      NotificationRequest request,
      UUID id,
      Instant createdAt,
      List<String> targets,
      Map<String, Delivery> done) {
    Instant expiresAt = createdAt.plus(request.ttl() != null ? request.ttl() : config.defaultTtl());
    Instant now = clock.instant();
    Future<Void> deliveries = Future.succeededFuture();
    for (String token : new TreeSet<>(targets)) {
      Delivery before = done.get(token);
      if (before != null
          && (before.state() != PushOutboxRepository.State.PENDING || before.attempts() > 0)) {
        continue; // the first send got this far: it is in the dispatcher's hands
      }
      Instant dueAt = before != null ? before.nextAttemptAt() : now;
      deliveries =
          deliveries.compose(
              v ->
                  outbox
                      .enqueue(
                          id,
                          request.recipientId(),
                          token,
                          request.pushTitleOrTitle(),
                          request.pushBodyOrBody(),
                          request.data(),
                          request.collapseKey(),
                          expiresAt,
                          dueAt)
                      .onSuccess(
                          stored -> {
                            if (!dueAt.isAfter(now)) {
                              dueNow.accept(PushOutboxRepository.shardOf(id, token));
                            }
                          }));
    }
    return deliveries;
  }
}
