package io.careloop.notifications.send;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * notifications_by_dedup_key: a sender's dedup key, claimed by the first send of it (a lightweight
 * transaction) and marked complete once that send is durable; and dedup_keys_by_recipient, the keys
 * claimed for each recipient, so that an erasure finds them.
 */
public final class DedupKeyRepository {

  /** How long a dedup key is remembered: far longer than any sender retries. */
  static final Duration KEPT = Duration.ofDays(90);

  /**
   * The claim that holds a key: its notification, and when it was claimed and completed (null: not
   * yet).
   */
  public record Claim(UUID notificationId, Instant claimedAt, Instant completedAt) {}

  private final Cql cql;
  private final PreparedStatement claimKey;
  private final PreparedStatement recordKey;
  private final PreparedStatement completeKey;
  private final PreparedStatement insertOfRecipient;
  private final PreparedStatement selectOfRecipient;
  private final PreparedStatement deleteOfRecipient;
  private final PreparedStatement deleteKey;

  /** Prepares its statements: construct it on a worker thread. */
  public DedupKeyRepository(CqlSession session) {
    this.cql = new Cql(session);
    claimKey =
        session.prepare(
            "INSERT INTO notifications_by_dedup_key (dedup_key, notification_id, claimed_at)"
                + " VALUES (?, ?, ?) IF NOT EXISTS USING TTL "
                + KEPT.toSeconds());
    recordKey =
        session.prepare(
            "INSERT INTO notifications_by_dedup_key (dedup_key, notification_id, claimed_at)"
                + " VALUES (?, ?, ?) USING TTL "
                + KEPT.toSeconds());
    completeKey =
        session.prepare(
            "UPDATE notifications_by_dedup_key USING TTL "
                + KEPT.toSeconds()
                + " SET completed_at = ? WHERE dedup_key = ?");
    insertOfRecipient =
        session.prepare(
            "INSERT INTO dedup_keys_by_recipient (recipient_id, dedup_key) VALUES (?, ?)"
                + " USING TTL "
                + KEPT.toSeconds());
    selectOfRecipient =
        session.prepare("SELECT dedup_key FROM dedup_keys_by_recipient WHERE recipient_id = ?");
    deleteOfRecipient =
        session.prepare("DELETE FROM dedup_keys_by_recipient WHERE recipient_id = ?");
    deleteKey = session.prepare("DELETE FROM notifications_by_dedup_key WHERE dedup_key = ?");
  }

  /**
   * Claims the key for a new notification: empty when this call claimed it, else the claim that
   * holds it. The recipient's list of keys is written first: no key is claimed that an erasure
   * misses.
   */
  public Future<Optional<Claim>> claim(
      String key, UUID notificationId, UUID recipientId, Instant at) {
    return cql.run(insertOfRecipient.bind(recipientId, key))
        .compose(v -> cql.execute(claimKey.bind(key, notificationId, at)))
        .map(rs -> rs.wasApplied() ? Optional.empty() : Optional.of(toClaim(rs.one())));
  }

  /**
   * Records the key of a new notification whose sender holds the message alone and sends it for the
   * first time: nobody races for the key, so it needs no lightweight transaction. A later attempt
   * (a retry, another instance taking the message over) claims it as usual and finds it.
   */
  public Future<Void> record(String key, UUID notificationId, UUID recipientId, Instant at) {
    return cql.run(insertOfRecipient.bind(recipientId, key))
        .compose(v -> cql.run(recordKey.bind(key, notificationId, at)));
  }

  /** Forgets every key claimed for the recipient (an erasure); how many. */
  public Future<Integer> forgetRecipient(UUID recipientId) {
    return cql.all(selectOfRecipient.bind(recipientId))
        .compose(
            rows ->
                Future.all(rows.stream().map(r -> cql.run(deleteKey.bind(r.getString(0)))).toList())
                    .compose(done -> cql.run(deleteOfRecipient.bind(recipientId)))
                    .map(rows.size()));
  }

  public Future<Void> complete(String key, Instant at) {
    return cql.run(completeKey.bind(at, key));
  }

  private static Claim toClaim(Row r) {
    return new Claim(
        r.getUuid("notification_id"), r.getInstant("claimed_at"), r.getInstant("completed_at"));
  }
}
