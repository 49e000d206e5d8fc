package io.careloop.patient.account;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Stores {@link NotificationPreferences} in notification_preferences_by_account. */
public final class NotificationPreferencesRepository {

  private final Cql cql;
  private final Clock clock;
  private final PreparedStatement select;
  private final PreparedStatement upsert;

  /** Prepares its statements: construct it on a worker thread. */
  public NotificationPreferencesRepository(CqlSession session, Clock clock) {
    this.cql = new Cql(session);
    this.clock = clock;
    select = session.prepare("SELECT appointment, recall, brushing, care_tip, quiet_start, quiet_end,"
        + " recall_interval_months FROM notification_preferences_by_account WHERE account_id = ?");
    upsert = session.prepare("INSERT INTO notification_preferences_by_account (account_id, appointment, recall,"
        + " brushing, care_tip, quiet_start, quiet_end, recall_interval_months, updated_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }

  /** The account's preferences; the defaults where it has set nothing. */
  public Future<NotificationPreferences> of(UUID accountId) {
    return cql.one(select.bind(accountId)).map(row -> row.map(NotificationPreferencesRepository::read)
        .orElseGet(NotificationPreferences::defaults));
  }

  public Future<NotificationPreferences> save(UUID accountId, NotificationPreferences p) {
    return cql.run(upsert.bind(accountId, p.allows("appointment"), p.allows("recall"), p.allows("brushing"),
            p.allows("care_tip"), p.quietHours().start().toString(), p.quietHours().end().toString(),
            p.recallIntervalMonths(), clock.instant()))
        .map(p);
  }

  private static NotificationPreferences read(Row r) {
    NotificationPreferences d = NotificationPreferences.defaults();
    Map<String, Boolean> enabled = new LinkedHashMap<>();
    for (String kind : NotificationPreferences.KINDS) {
      enabled.put(kind, r.isNull(kind) ? true : r.getBoolean(kind));
    }
    QuietHours quiet = r.isNull("quiet_start") || r.isNull("quiet_end") ? d.quietHours()
        : new QuietHours(LocalTime.parse(r.getString("quiet_start")), LocalTime.parse(r.getString("quiet_end")));
    int months = r.isNull("recall_interval_months") ? d.recallIntervalMonths() : r.getInt("recall_interval_months");
    return new NotificationPreferences(enabled, quiet, months);
  }
}
