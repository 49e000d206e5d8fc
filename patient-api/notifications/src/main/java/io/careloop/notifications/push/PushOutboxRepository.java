package io.careloop.notifications.push;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The persisted push outbox. A delivery (one notification to one token) has a state row
 * (push_deliveries_by_notification), changed only by lightweight transactions once written, and a
 * due row in the sweep table (push_outbox_by_due_minute) that points the dispatcher at it. The
 * dispatcher claims the state row before it sends, records the outcome only while it holds the
 * claim, and then deletes the due row; a retry is a new due row, later.
 */
public final class PushOutboxRepository {

  /** How long a delivery's state is kept after its message expired (for support questions). */
  static final Duration STATE_KEPT = Duration.ofDays(7);

  /** The state of a delivery. */
  public enum State {
    PENDING,
    SENDING,
    DELIVERED,
    EXPIRED,
    UNREGISTERED,
    FAILED;

    String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static State of(String column) {
      return column == null ? null : valueOf(column.toUpperCase(java.util.Locale.ROOT));
    }

    boolean isFinal() {
      return this != PENDING && this != SENDING;
    }
  }

  /** A due row: one attempt to send one message to one token, with everything the send needs. */
  public record Due(
      int shard,
      Instant dueMinute,
      Instant dueAt,
      UUID notificationId,
      String token,
      int attempt,
      UUID recipientId,
      String title,
      String body,
      Map<String, String> data,
      String collapseKey,
      Instant expiresAt) {

    String key() {
      return notificationId + "/" + token + "/" + attempt;
    }

    Due nextAttemptAt(Instant at) {
      return new Due(
          shard,
          minuteOf(at),
          at.truncatedTo(ChronoUnit.MILLIS),
          notificationId,
          token,
          attempt + 1,
          recipientId,
          title,
          body,
          data,
          collapseKey,
          expiresAt);
    }
  }

  /** A delivery's state row as read back. */
  public record Delivery(
      UUID notificationId,
      String token,
      UUID recipientId,
      State state,
      int attempts,
      UUID claimedBy,
      Instant claimedUntil,
      Instant nextAttemptAt,
      String lastError,
      String fcmMessageId,
      Instant updatedAt) {}

  private final Cql cql;
  private final PreparedStatement insertDelivery;
  private final PreparedStatement insertDue;
  private final PreparedStatement deleteDue;
  private final PreparedStatement selectDue;
  private final PreparedStatement selectDueAfter;
  private final PreparedStatement claim;
  private final PreparedStatement takeOver;
  private final PreparedStatement finish;
  private final PreparedStatement reschedule;
  private final PreparedStatement selectDeliveries;
  private final PreparedStatement deleteDeliveries;

  /** Prepares its statements: construct it on a worker thread. */
  public PushOutboxRepository(CqlSession session) {
    this.cql = new Cql(session);
    insertDelivery =
        session.prepare(
            "INSERT INTO push_deliveries_by_notification (notification_id, fcm_token,"
                + " recipient_id, state, attempts, next_attempt_at, updated_at) VALUES (?, ?, ?, 'pending', 0, ?, ?) USING TTL ?");
    insertDue =
        session.prepare(
            "INSERT INTO push_outbox_by_due_minute (shard, due_minute, due_at, notification_id,"
                + " fcm_token, attempt, recipient_id, title, body, data, collapse_key, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    deleteDue =
        session.prepare(
            "DELETE FROM push_outbox_by_due_minute WHERE shard = ? AND due_minute = ?"
                + " AND due_at = ? AND notification_id = ? AND fcm_token = ?");
    String dueColumns =
        "SELECT shard, due_minute, due_at, notification_id, fcm_token, attempt, recipient_id, title, body,"
            + " data, collapse_key, expires_at FROM push_outbox_by_due_minute WHERE shard = ? AND due_minute = ?";
    selectDue = session.prepare(dueColumns + " AND due_at <= ? LIMIT ?");
    selectDueAfter =
        session.prepare(
            dueColumns
                + " AND (due_at, notification_id, fcm_token) > (?, ?, ?) AND (due_at) <= (?) LIMIT ?");
    claim =
        session.prepare(
            "UPDATE push_deliveries_by_notification SET state = 'sending', claimed_by = ?,"
                + " claimed_until = ?, updated_at = ? WHERE notification_id = ? AND fcm_token = ?"
                // claimed_until is always null while pending: naming it makes a refused claim
                // return it.
                + " IF state = 'pending' AND attempts = ? AND claimed_until = null");
    takeOver =
        session.prepare(
            "UPDATE push_deliveries_by_notification SET claimed_by = ?, claimed_until = ?,"
                + " updated_at = ? WHERE notification_id = ? AND fcm_token = ?"
                + " IF state = 'sending' AND attempts = ? AND claimed_until = ?");
    finish =
        session.prepare(
            "UPDATE push_deliveries_by_notification SET state = ?, attempts = ?, last_error = ?,"
                + " fcm_message_id = ?, claimed_by = null, claimed_until = null, next_attempt_at = null, updated_at = ?"
                + " WHERE notification_id = ? AND fcm_token = ? IF claimed_by = ?");
    reschedule =
        session.prepare(
            "UPDATE push_deliveries_by_notification SET state = 'pending', attempts = ?,"
                + " last_error = ?, claimed_by = null, claimed_until = null, next_attempt_at = ?, updated_at = ?"
                + " WHERE notification_id = ? AND fcm_token = ? IF claimed_by = ?");
    selectDeliveries =
        session.prepare(
            "SELECT notification_id, fcm_token, recipient_id, state, attempts, claimed_by,"
                + " claimed_until, next_attempt_at, last_error, fcm_message_id, updated_at"
                + " FROM push_deliveries_by_notification WHERE notification_id = ?");
    deleteDeliveries =
        session.prepare("DELETE FROM push_deliveries_by_notification WHERE notification_id = ?");
  }

  /**
   * The notification's deliveries go, with the due rows of those still waiting (an erasure: what
   * was not sent is not sent). How many deliveries there were.
   */
  public Future<Integer> forget(UUID notificationId) {
    return deliveries(notificationId)
        .compose(
            found ->
                Future.all(
                        found.stream()
                            .filter(d -> d.nextAttemptAt() != null)
                            .map(
                                d ->
                                    cql.run(
                                        deleteDue.bind(
                                            shardOf(notificationId, d.token()),
                                            minuteOf(d.nextAttemptAt()),
                                            d.nextAttemptAt(),
                                            notificationId,
                                            d.token())))
                            .toList())
                    .compose(done -> cql.run(deleteDeliveries.bind(notificationId)))
                    .map(found.size()));
  }

  /** The shard a delivery's due rows live in, for every attempt. */
  public static int shardOf(UUID notificationId, String token) {
    return Math.floorMod(31 * notificationId.hashCode() + token.hashCode(), PushConfig.SHARDS);
  }

  public static Instant minuteOf(Instant t) {
    return t.truncatedTo(ChronoUnit.MINUTES);
  }

  /**
   * Puts a new delivery into the outbox, due at {@code dueAt}: the state row before the due row, so
   * that a due row the sweeper finds always has a state to claim.
   */
  public Future<Void> enqueue(
      UUID notificationId,
      UUID recipientId,
      String token,
      String title,
      String body,
      Map<String, String> data,
      String collapseKey,
      Instant expiresAt,
      Instant dueAt) {
    Instant at = dueAt.truncatedTo(ChronoUnit.MILLIS);
    Due due =
        new Due(
            shardOf(notificationId, token),
            minuteOf(at),
            at,
            notificationId,
            token,
            0,
            recipientId,
            title,
            body,
            data,
            collapseKey,
            expiresAt.truncatedTo(ChronoUnit.MILLIS));
    return cql.run(
            insertDelivery.bind(
                notificationId, token, recipientId, at, at, ttl(expiresAt, dueAt, STATE_KEPT)))
        .compose(v -> cql.run(dueRow(due, dueAt)));
  }

  private BoundStatement dueRow(Due due, Instant now) {
    return insertDue.bind(
        due.shard(),
        due.dueMinute(),
        due.dueAt(),
        due.notificationId(),
        due.token(),
        due.attempt(),
        due.recipientId(),
        due.title(),
        due.body(),
        due.data(),
        due.collapseKey(),
        due.expiresAt(),
        ttl(due.expiresAt(), now, Duration.ofDays(1)));
  }

  private static int ttl(Instant expiresAt, Instant now, Duration slack) {
    return (int) Math.max(60, Duration.between(now, expiresAt).plus(slack).toSeconds());
  }

  /**
   * Due rows of a shard's minute up to {@code upTo}, after {@code after} if given, in due order.
   */
  public Future<List<Due>> due(int shard, Instant minute, Instant upTo, Due after, int limit) {
    BoundStatement query =
        after == null
            ? selectDue.bind(shard, minute, upTo, limit)
            : selectDueAfter.bind(
                shard, minute, after.dueAt(), after.notificationId(), after.token(), upTo, limit);
    return cql.all(query)
        .map(
            rows -> {
              List<Due> due = new ArrayList<>(rows.size());
              for (Row r : rows) {
                due.add(
                    new Due(
                        r.getInt("shard"),
                        r.getInstant("due_minute"),
                        r.getInstant("due_at"),
                        r.getUuid("notification_id"),
                        r.getString("fcm_token"),
                        r.getInt("attempt"),
                        r.getUuid("recipient_id"),
                        r.getString("title"),
                        r.getString("body"),
                        r.getMap("data", String.class, String.class),
                        r.getString("collapse_key"),
                        r.getInstant("expires_at")));
              }
              return due;
            });
  }

  /**
   * Claims a due attempt for {@code owner} until {@code until}. Empty when claimed; otherwise the
   * delivery as it is now (empty state if the row is gone), to decide what the due row still means.
   */
  public Future<Optional<Delivery>> claim(Due due, UUID owner, Instant now, Instant until) {
    return cql.execute(
            claim.bind(owner, until, now, due.notificationId(), due.token(), due.attempt()))
        .map(rs -> rs.wasApplied() ? Optional.empty() : Optional.of(current(rs, due)));
  }

  /**
   * Takes over an attempt whose claimant's lease ran out without an outcome (it died or stalled).
   */
  public Future<Boolean> takeOver(
      Due due, UUID owner, Instant now, Instant until, Instant seenClaimedUntil) {
    return cql.applied(
        takeOver.bind(
            owner, until, now, due.notificationId(), due.token(), due.attempt(), seenClaimedUntil));
  }

  /** Records a final outcome while {@code owner} holds the claim, then removes the due row. */
  public Future<Boolean> finish(
      Due due,
      UUID owner,
      State state,
      String error,
      String fcmMessageId,
      Instant now,
      boolean attempted) {
    return cql.applied(
            finish.bind(
                state.column(),
                due.attempt() + (attempted ? 1 : 0),
                error,
                fcmMessageId,
                now,
                due.notificationId(),
                due.token(),
                owner))
        .compose(applied -> removeDue(due).map(applied));
  }

  /**
   * Schedules the next attempt: the new due row first, so that a crash after the state change
   * cannot leave a pending delivery with nothing pointing at it; then the state, while the claim is
   * held; then the old due row goes.
   */
  public Future<Boolean> reschedule(
      Due due, UUID owner, Instant nextAttemptAt, String error, Instant now) {
    Due next = due.nextAttemptAt(nextAttemptAt);
    return cql.run(dueRow(next, now))
        .compose(
            v ->
                cql.applied(
                    reschedule.bind(
                        next.attempt(),
                        error,
                        next.dueAt(),
                        now,
                        due.notificationId(),
                        due.token(),
                        owner)))
        .compose(applied -> applied ? removeDue(due).map(true) : removeDue(next).map(false));
  }

  public Future<Void> removeDue(Due due) {
    return cql.run(
        deleteDue.bind(
            due.shard(), due.dueMinute(), due.dueAt(), due.notificationId(), due.token()));
  }

  /** The deliveries of a notification, one per token it was sent to. */
  public Future<List<Delivery>> deliveries(UUID notificationId) {
    return cql.all(selectDeliveries.bind(notificationId))
        .map(rows -> rows.stream().map(PushOutboxRepository::toDelivery).toList());
  }

  private static Delivery current(AsyncResultSet rs, Due due) {
    Row row = rs.one();
    if (row == null || !row.getColumnDefinitions().contains("state") || row.isNull("state")) {
      return new Delivery(
          due.notificationId(),
          due.token(),
          due.recipientId(),
          null,
          -1,
          null,
          null,
          null,
          null,
          null,
          null);
    }
    return new Delivery(
        due.notificationId(),
        due.token(),
        due.recipientId(),
        State.of(row.getString("state")),
        row.getInt("attempts"),
        null,
        row.isNull("claimed_until") ? null : row.getInstant("claimed_until"),
        null,
        null,
        null,
        null);
  }

  private static Delivery toDelivery(Row r) {
    return new Delivery(
        r.getUuid("notification_id"),
        r.getString("fcm_token"),
        r.getUuid("recipient_id"),
        State.of(r.getString("state")),
        r.getInt("attempts"),
        r.getUuid("claimed_by"),
        r.getInstant("claimed_until"),
        r.getInstant("next_attempt_at"),
        r.getString("last_error"),
        r.getString("fcm_message_id"),
        r.getInstant("updated_at"));
  }
}
