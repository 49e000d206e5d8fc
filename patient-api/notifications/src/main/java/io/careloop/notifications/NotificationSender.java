package io.careloop.notifications;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.cassandra.Cql;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a notification: always into the recipient's inbox, and, when push is on, into the push
 * outbox once per registered token. Idempotent by the sender's dedup key: the key is claimed
 * with a lightweight transaction first, and marked complete once inbox and outbox are durable;
 * only then does the caller get its answer. A repeat of a send that died half-way finishes it.
 *
 * <p>Modules in this process may call {@link #send}; others send {@link Addresses#NOTIFY} messages.
 */
public final class NotificationSender {

  private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
  /** How long a dedup key is remembered: far longer than any sender retries. */
  static final Duration DEDUP_KEPT = Duration.ofDays(90);
  /** A claim this old without completion belongs to a send that died: a repeat finishes it. */
  static final Duration STALE_CLAIM = Duration.ofSeconds(30);

  /** The answer to a send. */
  public record Sent(UUID notificationId, boolean created) {

    public JsonObject toJson() {
      return new JsonObject().put("notificationId", notificationId.toString()).put("created", created);
    }
  }

  private final Cql cql;
  private final Inbox inbox;
  private final PushOutbox outbox;
  private final PushTokenRepository tokens;
  private final PushConfig config;
  private final Clock clock;
  private final PreparedStatement claimKey;
  private final PreparedStatement completeKey;

  /** Prepares its statements: construct it on a worker thread. */
  public NotificationSender(CqlSession session, Inbox inbox, PushOutbox outbox, PushTokenRepository tokens,
                       PushConfig config, Clock clock) {
    this.cql = new Cql(session);
    this.inbox = inbox;
    this.outbox = outbox;
    this.tokens = tokens;
    this.config = config;
    this.clock = clock;
    claimKey = session.prepare("INSERT INTO notifications_by_dedup_key (dedup_key, notification_id, recipient_id,"
        + " claimed_at) VALUES (?, ?, ?, ?) IF NOT EXISTS USING TTL " + DEDUP_KEPT.toSeconds());
    completeKey = session.prepare("UPDATE notifications_by_dedup_key USING TTL " + DEDUP_KEPT.toSeconds()
        + " SET completed_at = ? WHERE dedup_key = ?");
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
    return cql.execute(claimKey.bind(request.dedupKey(), id, request.recipientId(), now)).compose(rs -> {
      if (rs.wasApplied()) {
        return store(request, id, now, false).map(v -> new Sent(id, true));
      }
      Row claim = rs.one();
      UUID existing = claim.getUuid("notification_id");
      if (claim.getInstant("completed_at") != null) {
        return Future.succeededFuture(new Sent(existing, false));
      }
      Instant claimedAt = claim.getInstant("claimed_at");
      if (claimedAt.plus(STALE_CLAIM).isAfter(now)) {
        // The first send of this key is still writing: answering "done" now could lose the message.
        return Future.failedFuture(Problem.unavailable("This notification is being stored right now; send it again"));
      }
      log.info("Finishing notification {} whose first send stopped half-way", existing);
      return store(request, existing, claimedAt, true).map(v -> new Sent(existing, false));
    });
  }

  private Future<Void> store(NotificationRequest request, UUID id, Instant createdAt, boolean finishing) {
    Instant expiresAt = createdAt.plus(request.ttl() != null ? request.ttl() : config.defaultTtl());
    Future<List<String>> targets = config.enabled()
        ? tokens.tokensOf(request.recipientId()).map(list -> list.stream().map(PushTokenRepository.PushToken::token).toList())
        : Future.succeededFuture(List.of());
    Future<Map<String, PushOutbox.Delivery>> earlier = finishing
        ? outbox.deliveries(id).map(list -> list.stream().collect(Collectors.toMap(PushOutbox.Delivery::token,
            Function.identity())))
        : Future.succeededFuture(Map.of());
    return Future.all(targets, earlier).compose(found -> {
      List<Future<Void>> writes = new ArrayList<>();
      for (BoundStatement write : inbox.writes(request.recipientId(), id, request.kind(), request.title(), request.body(),
          request.data(), createdAt)) {
        writes.add(cql.run(write));
      }
      Map<String, PushOutbox.Delivery> done = found.resultAt(1);
      Instant now = clock.instant();
      // One token after the other, in the order the sweep reads them (due time, notification,
      // token): a sweep that reads between two of these writes never leaves the earlier one
      // behind its cursor.
      Future<Void> deliveries = Future.succeededFuture();
      for (String token : new TreeSet<>(found.<List<String>>resultAt(0))) {
        PushOutbox.Delivery before = done.get(token);
        if (before != null && (before.state() != PushOutbox.State.PENDING || before.attempts() > 0)) {
          continue; // the first send got this far: it is in the dispatcher's hands
        }
        Instant dueAt = before != null ? before.nextAttemptAt() : now;
        List<BoundStatement> enqueue = outbox.enqueue(id, request.recipientId(), token, request.pushTitleOrTitle(),
            request.pushBodyOrBody(), request.data(), request.collapseKey(), expiresAt, dueAt);
        // The state row before the due row: a due row the sweeper finds always has a state to claim.
        deliveries = deliveries.compose(v -> cql.run(enqueue.get(0))).compose(v -> cql.run(enqueue.get(1)));
      }
      writes.add(deliveries);
      return Future.all(writes);
    }).compose(v -> cql.run(completeKey.bind(clock.instant(), request.dedupKey())));
  }
}
