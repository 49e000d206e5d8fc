package io.careloop.patient.account;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stores {@link NotificationPreferences} in notification_preferences_by_account. */
public final class NotificationPreferencesRepository {

  private static final Logger log =
      LoggerFactory.getLogger(NotificationPreferencesRepository.class);

  private final Cql cql;
  private final Clock clock;
  private final PreparedStatement select;
  private final PreparedStatement upsert;
  private final PreparedStatement delete;
  private final List<BiConsumer<UUID, NotificationPreferences>> listeners =
      new CopyOnWriteArrayList<>();

  /** Prepares its statements: construct it on a worker thread. */
  public NotificationPreferencesRepository(CqlSession session, Clock clock) {
    this.cql = new Cql(session);
    this.clock = clock;
    select =
        session.prepare(
            "SELECT appointment, recall, brushing, care_tip, marketing, quiet_start, quiet_end,"
                + " recall_interval_months FROM notification_preferences_by_account WHERE account_id = ?");
    upsert =
        session.prepare(
            "INSERT INTO notification_preferences_by_account (account_id, appointment, recall,"
                + " brushing, care_tip, marketing, quiet_start, quiet_end, recall_interval_months,"
                + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    delete =
        session.prepare("DELETE FROM notification_preferences_by_account WHERE account_id = ?");
  }

  /** The account's row goes (an erasure); the listeners are not told, there is no one to remind. */
  public Future<Void> delete(UUID accountId) {
    return cql.run(delete.bind(accountId));
  }

  /** The account's preferences; the defaults where it has set nothing. */
  public Future<NotificationPreferences> of(UUID accountId) {
    return cql.one(select.bind(accountId))
        .map(
            row ->
                row.map(NotificationPreferencesRepository::read)
                    .orElseGet(NotificationPreferences::defaults));
  }

  /** Saves them; then tells the listeners (on the caller's context), whose failures are theirs. */
  public Future<NotificationPreferences> save(UUID accountId, NotificationPreferences p) {
    return cql.run(
            upsert.bind(
                accountId,
                p.allows("appointment"),
                p.allows("recall"),
                p.allows("brushing"),
                p.allows("care_tip"),
                p.allows("marketing"),
                p.quietHours().start().toString(),
                p.quietHours().end().toString(),
                p.recallIntervalMonths(),
                clock.instant()))
        .map(
            v -> {
              for (BiConsumer<UUID, NotificationPreferences> listener : listeners) {
                try {
                  listener.accept(accountId, p);
                } catch (RuntimeException e) {
                  log.warn(
                      "A listener of saved preferences failed (the preferences are saved): {}",
                      e.toString());
                }
              }
              return p;
            });
  }

  /**
   * Calls {@code listener} after each save from now on (reminders re-plan what the change moves).
   */
  public void onSaved(BiConsumer<UUID, NotificationPreferences> listener) {
    listeners.add(listener);
  }

  private static NotificationPreferences read(Row r) {
    NotificationPreferences d = NotificationPreferences.defaults();
    Map<String, Boolean> enabled = new LinkedHashMap<>();
    for (String kind : NotificationPreferences.KINDS) {
      enabled.put(kind, r.isNull(kind) ? d.allows(kind) : r.getBoolean(kind));
    }
    QuietHours quiet =
        r.isNull("quiet_start") || r.isNull("quiet_end")
            ? d.quietHours()
            : new QuietHours(
                LocalTime.parse(r.getString("quiet_start")),
                LocalTime.parse(r.getString("quiet_end")));
    int months =
        r.isNull("recall_interval_months")
            ? d.recallIntervalMonths()
            : r.getInt("recall_interval_months");
    return new NotificationPreferences(enabled, quiet, months);
  }
}
