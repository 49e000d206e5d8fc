package io.careloop.reminders.schedule;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.careloop.platform.vertx.Bounded;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable reminders: reminders_by_key (the truth, changed by lightweight transactions),
 * reminders_by_due_hour (the sweep), reminders_by_subject (moves and cancels) and the sweep
 * watermark. Writes go in the order that never loses a message: the state row before the due row
 * that points at it, a new due row before the state that it stands for.
 */
public final class ReminderRepository {

  /** Messages of one subject cancelled at once. */
  private static final int IN_FLIGHT = 32;

  /** A due row as the sweep reads it. */
  public record Due(int shard, Instant dueHour, Instant dueAt, String key) {}

  private final Cql cql;
  private final Clock clock;
  private final int shards;
  private final PreparedStatement insertReminder;
  private final PreparedStatement selectReminder;
  private final PreparedStatement insertDue;
  private final PreparedStatement deleteDue;
  private final PreparedStatement selectDue;
  private final PreparedStatement insertSubject;
  private final PreparedStatement selectSubject;
  private final PreparedStatement selectSubjectFirst;
  private final PreparedStatement selectSubjectAfter;
  private final PreparedStatement claimPending;
  private final PreparedStatement takeOver;
  private final PreparedStatement finish;
  private final PreparedStatement claimWritten;
  private final PreparedStatement finishAlone;
  private final PreparedStatement postpone;
  private final PreparedStatement cancel;
  private final PreparedStatement reschedule;
  private final PreparedStatement selectWatermark;
  private final PreparedStatement updateWatermark;
  private final PreparedStatement insertOfPatient;
  private final PreparedStatement selectOfPatient;
  private final PreparedStatement deleteOfPatient;
  private final PreparedStatement deleteReminder;
  private final PreparedStatement deleteSubject;

  /** Prepares its statements: construct it on a worker thread. */
  public ReminderRepository(CqlSession session, Clock clock, int shards) {
    this.cql = new Cql(session);
    this.clock = clock;
    this.shards = shards;
    insertReminder =
        session.prepare(
            "INSERT INTO reminders_by_key (reminder_key, patient_id, kind, subject, due_at,"
                + " useful_until, quiet_rule, condition, title, body, data, collapse_key, state, planned_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) IF NOT EXISTS");
    selectReminder = session.prepare("SELECT * FROM reminders_by_key WHERE reminder_key = ?");
    insertDue =
        session.prepare(
            "INSERT INTO reminders_by_due_hour (shard, due_hour, due_at, reminder_key)"
                + " VALUES (?, ?, ?, ?)");
    deleteDue =
        session.prepare(
            "DELETE FROM reminders_by_due_hour WHERE shard = ? AND due_hour = ? AND due_at = ?"
                + " AND reminder_key = ?");
    selectDue =
        session.prepare(
            "SELECT due_at, reminder_key FROM reminders_by_due_hour WHERE shard = ?"
                + " AND due_hour = ? AND due_at <= ?");
    insertSubject =
        session.prepare(
            "INSERT INTO reminders_by_subject (subject, reminder_key, due_at) VALUES (?, ?, ?)");
    selectSubject =
        session.prepare("SELECT reminder_key FROM reminders_by_subject WHERE subject = ?");
    selectSubjectFirst =
        session.prepare("SELECT reminder_key FROM reminders_by_subject WHERE subject = ? LIMIT ?");
    selectSubjectAfter =
        session.prepare(
            "SELECT reminder_key FROM reminders_by_subject WHERE subject = ? AND reminder_key > ?"
                + " LIMIT ?");
    claimPending =
        session.prepare(
            "UPDATE reminders_by_key SET state = 'sending', claimed_by = ?, claimed_until = ?,"
                + " updated_at = ? WHERE reminder_key = ? IF state = 'pending' AND due_at = ?");
    takeOver =
        session.prepare(
            "UPDATE reminders_by_key SET claimed_by = ?, claimed_until = ?, updated_at = ?"
                + " WHERE reminder_key = ? IF state = 'sending' AND claimed_until = ?");
    finish =
        session.prepare(
            "UPDATE reminders_by_key SET state = ?, reason = ?, notification_id = ?,"
                + " claimed_until = null, updated_at = ? WHERE reminder_key = ? IF claimed_by = ? AND state = 'sending'");
    claimWritten =
        session.prepare(
            "SELECT WRITETIME(claimed_until) FROM reminders_by_key WHERE reminder_key = ?");
    finishAlone =
        session.prepare(
            "UPDATE reminders_by_key USING TIMESTAMP ? SET state = ?, reason = ?, notification_id = ?,"
                + " claimed_until = null, updated_at = ? WHERE reminder_key = ?");
    postpone =
        session.prepare(
            "UPDATE reminders_by_key SET state = 'pending', due_at = ?, claimed_by = null,"
                + " claimed_until = null, reason = ?, updated_at = ? WHERE reminder_key = ? IF claimed_by = ? AND state = 'sending'");
    cancel =
        session.prepare(
            "UPDATE reminders_by_key SET state = 'cancelled', reason = ?, updated_at = ?"
                + " WHERE reminder_key = ? IF state = 'pending'");
    reschedule =
        session.prepare(
            "UPDATE reminders_by_key SET due_at = ?, useful_until = ?, body = ?, data = ?,"
                + " updated_at = ? WHERE reminder_key = ? IF state = 'pending' AND due_at = ?");
    selectWatermark =
        session.prepare("SELECT swept_until FROM reminder_sweeps_by_shard WHERE shard = ?");
    updateWatermark =
        session.prepare("UPDATE reminder_sweeps_by_shard SET swept_until = ? WHERE shard = ?");
    insertOfPatient =
        session.prepare(
            "INSERT INTO reminders_by_patient (patient_id, reminder_key) VALUES (?, ?)");
    selectOfPatient =
        session.prepare("SELECT reminder_key FROM reminders_by_patient WHERE patient_id = ?");
    deleteOfPatient = session.prepare("DELETE FROM reminders_by_patient WHERE patient_id = ?");
    deleteReminder = session.prepare("DELETE FROM reminders_by_key WHERE reminder_key = ?");
    deleteSubject =
        session.prepare("DELETE FROM reminders_by_subject WHERE subject = ? AND reminder_key = ?");
  }

  public int shards() {
    return shards;
  }

  public int shardOf(String key) {
    return Math.floorMod(key.hashCode(), shards);
  }

  static Instant hourOf(Instant t) {
    return t.truncatedTo(ChronoUnit.HOURS);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Plans a message: true when it is new. A message planned before is left as it is, but if it is
   * still pending its due and subject rows are written again (a planner that died after the state
   * row would otherwise have left it unreachable).
   */
  public Future<Boolean> plan(Reminder r) {
    Instant now = now();
    Instant due = r.dueAt().truncatedTo(ChronoUnit.MILLIS);
    // listed under its patient first: an erasure finds every message planned for them
    return cql.run(insertOfPatient.bind(r.patientId(), r.key()))
        .compose(
            v ->
                cql.execute(
                    insertReminder.bind(
                        r.key(),
                        r.patientId(),
                        r.kind(),
                        r.subject(),
                        due,
                        r.usefulUntil(),
                        r.quietRule().db(),
                        r.condition(),
                        r.title(),
                        r.body(),
                        r.data(),
                        r.collapseKey(),
                        now,
                        now)))
        .compose(
            rs -> {
              if (rs.wasApplied()) {
                return pointers(r.key(), r.subject(), due).map(true);
              }
              Reminder existing = toReminder(rs.one());
              if (existing.state() == Reminder.State.PENDING) {
                return pointers(r.key(), r.subject(), existing.dueAt()).map(false);
              }
              return Future.succeededFuture(false);
            });
  }

  private Future<Void> pointers(String key, String subject, Instant due) {
    return cql.run(insertSubject.bind(subject, key, due))
        .compose(v -> cql.run(insertDue.bind(shardOf(key), hourOf(due), due, key)));
  }

  /** The keys of every message planned for the patient (since reminders_by_patient was written). */
  public Future<List<String>> keysOfPatient(UUID patientId) {
    return cql.all(selectOfPatient.bind(patientId))
        .map(rows -> rows.stream().map(r -> r.getString(0)).toList());
  }

  /**
   * The message goes with its subject's and sweep's pointers to it (an erasure); false if it was
   * gone.
   */
  public Future<Boolean> forget(String key) {
    return find(key)
        .compose(
            found ->
                found.isEmpty()
                    ? Future.succeededFuture(false)
                    : Future.all(
                            removeDue(key, found.get().dueAt()),
                            cql.run(deleteSubject.bind(found.get().subject(), key)))
                        .compose(v -> cql.run(deleteReminder.bind(key)))
                        .map(true));
  }

  /** The patient's list of messages goes. */
  public Future<Void> forgetPatient(UUID patientId) {
    return cql.run(deleteOfPatient.bind(patientId));
  }

  public Future<Optional<Reminder>> find(String key) {
    return cql.one(selectReminder.bind(key)).map(row -> row.map(ReminderRepository::toReminder));
  }

  /** The keys of a subject's messages (any state). */
  public Future<List<String>> keysOf(String subject) {
    return keys(selectSubject.bind(subject));
  }

  /**
   * At most {@code limit} keys of a subject's messages (any state) in key order, after {@code
   * after} if given: a subject with very many messages (a campaign's) is read a page at a time.
   */
  public Future<List<String>> keysOf(String subject, Optional<String> after, int limit) {
    return keys(
        after
            .map(a -> selectSubjectAfter.bind(subject, a, limit))
            .orElseGet(() -> selectSubjectFirst.bind(subject, limit)));
  }

  private Future<List<String>> keys(BoundStatement select) {
    return cql.all(select).map(rows -> rows.stream().map(r -> r.getString(0)).toList());
  }

  /**
   * The subject's pending messages, except those in {@code keep}, cancelled with the reason; how
   * many.
   */
  public Future<Integer> cancelPending(String subject, java.util.Set<String> keep, String reason) {
    return keysOf(subject)
        .compose(
            keys -> {
              List<String> cancelled = keys.stream().filter(k -> !keep.contains(k)).toList();
              return Bounded.map(cancelled, IN_FLIGHT, k -> cancel(k, reason))
                  .map(done -> (int) done.stream().filter(Boolean::booleanValue).count());
            });
  }

  /** Cancels one message if still pending, and removes its due row; false if it was not pending. */
  public Future<Boolean> cancel(String key, String reason) {
    return find(key)
        .compose(
            found -> {
              if (found.isEmpty() || found.get().state() != Reminder.State.PENDING) {
                return Future.succeededFuture(false);
              }
              Reminder r = found.get();
              return cql.applied(cancel.bind(reason, now(), key))
                  .compose(
                      applied ->
                          applied
                              ? removeDue(key, r.dueAt()).map(true)
                              : Future.succeededFuture(false));
            });
  }

  public Future<Void> removeDue(String key, Instant dueAt) {
    return cql.run(deleteDue.bind(shardOf(key), hourOf(dueAt), dueAt, key));
  }

  /** The due rows of a shard's hour that are due by {@code now}, earliest first. */
  public Future<List<Due>> dueIn(int shard, Instant hour, Instant now) {
    return cql.all(selectDue.bind(shard, hour, now))
        .map(
            rows ->
                rows.stream()
                    .map(
                        r ->
                            new Due(
                                shard, hour, r.getInstant("due_at"), r.getString("reminder_key")))
                    .toList());
  }

  /** Claims a pending message due at {@code dueAt}: only one instance gets it. */
  public Future<Boolean> claim(String key, Instant dueAt, UUID me, Instant until) {
    return cql.applied(claimPending.bind(me, until, now(), key, dueAt));
  }

  /** Takes over a claim whose holder let it lapse (it died mid-send): only one instance gets it. */
  public Future<Boolean> takeOver(String key, Instant lapsedUntil, UUID me, Instant until) {
    return cql.applied(takeOver.bind(me, until, now(), key, lapsedUntil));
  }

  /** Records the outcome while holding the claim. */
  public Future<Boolean> finish(
      String key, UUID me, Reminder.State outcome, String reason, UUID notificationId) {
    return cql.applied(finish.bind(outcome.db(), reason, notificationId, now(), key, me));
  }

  /**
   * When the message's claim was written (its write timestamp, in microseconds), read by the
   * claim's holder right after it won it; 0 if the message is gone.
   */
  public Future<Long> claimWritten(String key) {
    return cql.one(claimWritten.bind(key))
        .map(row -> row.filter(r -> !r.isNull(0)).map(r -> r.getLong(0)).orElse(0L));
  }

  /**
   * Records the outcome without a lightweight transaction, for the holder of a claim that cannot
   * have lapsed (the caller checked it with a wide margin): no other instance can have taken the
   * message over. The write is dated after the claim ({@code claimedMicros}, from {@link
   * #claimWritten}): dated by a client clock behind the coordinator's that wrote the claim, it
   * would lose to the claim and leave the message claimed with its due row gone.
   */
  public Future<Void> finishAlone(
      String key, Reminder.State outcome, String reason, UUID notificationId, long claimedMicros) {
    long at = Math.max(System.currentTimeMillis() * 1000, claimedMicros + 1);
    return cql.run(finishAlone.bind(at, outcome.db(), reason, notificationId, now(), key));
  }

  /** Moves a claimed message to a later due time (quiet hours began since it was planned). */
  public Future<Boolean> postpone(Reminder r, Instant newDue, UUID me, String reason) {
    Instant due = newDue.truncatedTo(ChronoUnit.MILLIS);
    return cql.run(insertDue.bind(shardOf(r.key()), hourOf(due), due, r.key()))
        .compose(v -> cql.run(insertSubject.bind(r.subject(), r.key(), due)))
        .compose(v -> cql.applied(postpone.bind(due, reason, now(), r.key(), me)));
  }

  /**
   * Moves a message still pending at {@code from} to {@code r}'s due time, text and useful-until
   * (the patient's settings changed what it should be); false if it was claimed, moved or cancelled
   * meanwhile. A claim names the due time, so the old time can no longer be claimed; the new rows
   * are written first, as a postpone does, and the sweep drops the old due row.
   */
  public Future<Boolean> reschedule(Reminder r, Instant from) {
    Instant due = r.dueAt().truncatedTo(ChronoUnit.MILLIS);
    return pointers(r.key(), r.subject(), due)
        .compose(
            v ->
                cql.applied(
                    reschedule.bind(
                        due, r.usefulUntil(), r.body(), r.data(), now(), r.key(), from)))
        .compose(
            moved -> moved ? removeDue(r.key(), from).map(true) : Future.succeededFuture(false));
  }

  public Future<Optional<Instant>> watermark(int shard) {
    return cql.one(selectWatermark.bind(shard))
        .map(row -> row.map(r -> r.getInstant("swept_until")));
  }

  public Future<Void> advanceWatermark(int shard, Instant hour) {
    return cql.run(updateWatermark.bind(hour, shard));
  }

  private static Reminder toReminder(Row r) {
    String claimed = r.getString("state");
    return new Reminder(
        r.getString("reminder_key"),
        r.getUuid("patient_id"),
        r.getString("kind"),
        r.getString("subject"),
        r.getInstant("due_at"),
        r.getInstant("useful_until"),
        QuietRule.fromDb(r.getString("quiet_rule")),
        r.getString("condition"),
        r.getString("title"),
        r.getString("body"),
        r.getMap("data", String.class, String.class),
        r.getString("collapse_key"),
        Reminder.State.fromDb(claimed),
        r.getUuid("claimed_by"),
        r.getInstant("claimed_until"),
        r.getString("reason"),
        r.getUuid("notification_id"));
  }
}
