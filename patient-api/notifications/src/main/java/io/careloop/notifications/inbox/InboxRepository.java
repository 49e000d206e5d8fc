package io.careloop.notifications.inbox;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PagingState;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The inbox tables: inbox_by_recipient_month (the entries, newest first) and
 * inbox_months_by_recipient (the months that have any). An entry's month is the month (UTC) of its
 * time-based id, so reading or marking one needs no lookup.
 */
public final class InboxRepository {

  /** How long an inbox entry is kept. */
  public static final Duration RETENTION = Duration.ofDays(400);

  /** A month's entries from where a page starts, and the driver's paging state if more follow. */
  public record Slice(List<InboxEntry> entries, Optional<String> pagingState) {}

  private final Cql cql;
  private final PreparedStatement insertEntry;
  private final PreparedStatement insertMonth;
  private final PreparedStatement selectMonths;
  private final PreparedStatement selectPage;
  private final PreparedStatement selectEntry;
  private final PreparedStatement markRead;
  private final PreparedStatement deleteMonth;
  private final PreparedStatement deleteMonths;

  /** Prepares its statements: construct it on a worker thread. */
  public InboxRepository(CqlSession session) {
    this.cql = new Cql(session);
    insertEntry =
        session.prepare(
            "INSERT INTO inbox_by_recipient_month (recipient_id, month, notification_id, kind,"
                + " title, body, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) USING TTL "
                + RETENTION.toSeconds());
    insertMonth =
        session.prepare(
            "INSERT INTO inbox_months_by_recipient (recipient_id, month) VALUES (?, ?)"
                + " USING TTL "
                + RETENTION.plusDays(31).toSeconds());
    selectMonths =
        session.prepare("SELECT month FROM inbox_months_by_recipient WHERE recipient_id = ?");
    selectPage =
        session.prepare(
            "SELECT notification_id, kind, title, body, data, created_at, read_at"
                + " FROM inbox_by_recipient_month WHERE recipient_id = ? AND month = ?");
    selectEntry =
        session.prepare(
            "SELECT notification_id, kind, title, body, data, created_at, read_at"
                + " FROM inbox_by_recipient_month WHERE recipient_id = ? AND month = ? AND notification_id = ?");
    markRead =
        session.prepare(
            "UPDATE inbox_by_recipient_month USING TTL ? SET read_at = ?"
                + " WHERE recipient_id = ? AND month = ? AND notification_id = ?");
    deleteMonth =
        session.prepare(
            "DELETE FROM inbox_by_recipient_month WHERE recipient_id = ? AND month = ?");
    deleteMonths = session.prepare("DELETE FROM inbox_months_by_recipient WHERE recipient_id = ?");
  }

  /** Every entry of the recipient, newest month first. */
  public Future<List<InboxEntry>> all(UUID recipientId) {
    return months(recipientId)
        .compose(
            months -> {
              List<Future<List<Row>>> reads =
                  months.stream().map(m -> cql.all(selectPage.bind(recipientId, m))).toList();
              return Future.all(reads)
                  .map(
                      done ->
                          reads.stream()
                              .flatMap(f -> f.result().stream())
                              .map(InboxRepository::toEntry)
                              .toList());
            });
  }

  /** The recipient's inbox goes, month by month, then its list of months (an erasure). */
  public Future<Void> forget(UUID recipientId, List<String> months) {
    return Future.all(months.stream().map(m -> cql.run(deleteMonth.bind(recipientId, m))).toList())
        .compose(done -> cql.run(deleteMonths.bind(recipientId)));
  }

  /** The month (UTC) a notification id belongs to: the month of its time. */
  public static String monthOf(UUID notificationId) {
    return YearMonth.from(
            Instant.ofEpochMilli(Uuids.unixTimestamp(notificationId)).atZone(ZoneOffset.UTC))
        .toString();
  }

  /** Writes the entry and its month (the entry's id must be time-based). */
  public Future<Void> insert(UUID recipientId, InboxEntry e) {
    String month = monthOf(e.id());
    return Future.all(
            cql.run(
                insertEntry.bind(
                    recipientId,
                    month,
                    e.id(),
                    e.kind(),
                    e.title(),
                    e.body(),
                    e.data(),
                    e.createdAt().truncatedTo(ChronoUnit.MILLIS))),
            cql.run(insertMonth.bind(recipientId, month)))
        .mapEmpty();
  }

  public Future<Optional<InboxEntry>> find(UUID recipientId, UUID notificationId) {
    return cql.one(selectEntry.bind(recipientId, monthOf(notificationId), notificationId))
        .map(row -> row.map(InboxRepository::toEntry));
  }

  /** Sets the read mark, expiring after {@code ttl} (with the entry). */
  public Future<Void> markRead(UUID recipientId, UUID notificationId, Instant at, Duration ttl) {
    return cql.run(
        markRead.bind(
            (int) ttl.toSeconds(), at, recipientId, monthOf(notificationId), notificationId));
  }

  /** The months with entries, newest first. */
  public Future<List<String>> months(UUID recipientId) {
    return cql.all(selectMonths.bind(recipientId))
        .map(rows -> rows.stream().map(r -> r.getString("month")).toList());
  }

  /**
   * Up to {@code size} entries of a month, newest first, from {@code pagingState} (a previous
   * slice's) if given. Throws IllegalArgumentException for a paging state the driver does not take.
   */
  public Future<Slice> slice(UUID recipientId, String month, int size, String pagingState) {
    BoundStatement query = selectPage.bind(recipientId, month).setPageSize(size);
    if (pagingState != null) {
      query = query.setPagingState(PagingState.fromString(pagingState));
    }
    return cql.execute(query)
        .map(
            rs -> {
              List<InboxEntry> entries = new ArrayList<>();
              rs.currentPage().forEach(row -> entries.add(toEntry(row)));
              return new Slice(
                  entries,
                  rs.hasMorePages()
                      ? Optional.of(rs.getExecutionInfo().getSafePagingState().toString())
                      : Optional.empty());
            });
  }

  private static InboxEntry toEntry(Row r) {
    return new InboxEntry(
        r.getUuid("notification_id"),
        r.getString("kind"),
        r.getString("title"),
        r.getString("body"),
        r.getMap("data", String.class, String.class),
        r.getInstant("created_at"),
        r.getInstant("read_at"));
  }
}
