package io.careloop.notifications;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PagingState;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.platform.cassandra.Cql;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The in-app inbox: every notification a recipient was sent, newest first, by month. An entry's
 * id is a time-based UUID whose time names its month, so reading or marking one needs no lookup,
 * and an id from someone else's inbox is simply not found in the caller's partitions.
 */
public final class Inbox {

  /** How long an inbox entry is kept. */
  static final Duration RETENTION = Duration.ofDays(400);

  /** One inbox entry. */
  public record Entry(UUID id, String kind, String title, String body, Map<String, String> data, Instant createdAt,
                      Instant readAt) {

    public JsonObject toJson() {
      JsonObject json = new JsonObject()
          .put("id", id.toString())
          .put("kind", kind)
          .put("title", title)
          .put("body", body)
          .put("createdAt", createdAt.toString())
          .put("read", readAt != null);
      if (readAt != null) {
        json.put("readAt", readAt.toString());
      }
      if (data != null && !data.isEmpty()) {
        JsonObject d = new JsonObject();
        data.forEach(d::put);
        json.put("data", d);
      }
      return json;
    }
  }

  /** One page of an inbox, and the token of the next page if there is one. */
  public record Page(List<Entry> entries, Optional<String> nextPageToken) {
  }

  private final Cql cql;
  private final Clock clock;
  private final PreparedStatement insertEntry;
  private final PreparedStatement insertMonth;
  private final PreparedStatement selectMonths;
  private final PreparedStatement selectPage;
  private final PreparedStatement selectEntry;
  private final PreparedStatement markRead;

  /** Prepares its statements: construct it on a worker thread. */
  public Inbox(CqlSession session, Clock clock) {
    this.cql = new Cql(session);
    this.clock = clock;
    insertEntry = session.prepare("INSERT INTO inbox_by_recipient_month (recipient_id, month, notification_id, kind,"
        + " title, body, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) USING TTL " + RETENTION.toSeconds());
    insertMonth = session.prepare("INSERT INTO inbox_months_by_recipient (recipient_id, month) VALUES (?, ?)"
        + " USING TTL " + RETENTION.plusDays(31).toSeconds());
    selectMonths = session.prepare("SELECT month FROM inbox_months_by_recipient WHERE recipient_id = ?");
    selectPage = session.prepare("SELECT notification_id, kind, title, body, data, created_at, read_at"
        + " FROM inbox_by_recipient_month WHERE recipient_id = ? AND month = ?");
    selectEntry = session.prepare("SELECT notification_id, kind, title, body, data, created_at, read_at"
        + " FROM inbox_by_recipient_month WHERE recipient_id = ? AND month = ? AND notification_id = ?");
    markRead = session.prepare("UPDATE inbox_by_recipient_month USING TTL ? SET read_at = ?"
        + " WHERE recipient_id = ? AND month = ? AND notification_id = ?");
  }

  /** The writes that put an entry in the inbox (part of the notification's batch). */
  List<BoundStatement> writes(UUID recipientId, UUID notificationId, String kind, String title, String body,
                              Map<String, String> data, Instant createdAt) {
    String month = monthOf(notificationId);
    return List.of(
        insertEntry.bind(recipientId, month, notificationId, kind, title, body, data,
            createdAt.truncatedTo(ChronoUnit.MILLIS)),
        insertMonth.bind(recipientId, month));
  }

  public Future<Optional<Entry>> find(UUID recipientId, UUID notificationId) {
    if (notificationId.version() != 1) {
      return Future.succeededFuture(Optional.empty());
    }
    return cql.one(selectEntry.bind(recipientId, monthOf(notificationId), notificationId))
        .map(row -> row.map(Inbox::toEntry));
  }

  /** Marks one of the recipient's own entries read (again is harmless); another's id is not found. */
  public Future<Entry> markRead(UUID recipientId, UUID notificationId) {
    return find(recipientId, notificationId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(Problem.notFound("No notification " + notificationId + " in your inbox"));
      }
      Entry entry = found.get();
      if (entry.readAt() != null) {
        return Future.succeededFuture(entry);
      }
      Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      // The read mark expires with the entry, so it never outlives it as a lone cell.
      long left = Duration.between(now, Instant.ofEpochMilli(Uuids.unixTimestamp(notificationId)).plus(RETENTION))
          .toSeconds();
      if (left <= 0) {
        return Future.failedFuture(Problem.notFound("No notification " + notificationId + " in your inbox"));
      }
      return cql.run(markRead.bind((int) left, now, recipientId, monthOf(notificationId), notificationId))
          .map(v -> new Entry(entry.id(), entry.kind(), entry.title(), entry.body(), entry.data(), entry.createdAt(), now));
    });
  }

  /** A page of the inbox, newest first, continuing from {@code pageToken} if given. */
  public Future<Page> list(UUID recipientId, int limit, String pageToken) {
    String startMonth = null;
    PagingState state = null;
    if (pageToken != null) {
      try {
        JsonObject token = new JsonObject(new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8));
        startMonth = YearMonth.parse(token.getString("m")).toString();
        state = token.getString("s") == null ? null : PagingState.fromString(token.getString("s"));
      } catch (RuntimeException e) {
        return Future.failedFuture(Problem.validation("pageToken is not one this API handed out"));
      }
    }
    String from = startMonth;
    PagingState firstState = state;
    return cql.all(selectMonths.bind(recipientId)).compose(rows -> {
      List<String> months = rows.stream().map(r -> r.getString("month")).toList(); // newest first
      int index = from == null ? 0 : months.indexOf(from);
      if (index < 0) {
        return Future.succeededFuture(new Page(List.of(), Optional.empty()));
      }
      return fill(recipientId, months, index, firstState, limit, new ArrayList<>());
    });
  }

  private Future<Page> fill(UUID recipientId, List<String> months, int index, PagingState state, int limit,
                            List<Entry> out) {
    if (index >= months.size()) {
      return Future.succeededFuture(new Page(out, Optional.empty()));
    }
    BoundStatement query = selectPage.bind(recipientId, months.get(index)).setPageSize(limit - out.size());
    if (state != null) {
      try {
        query = query.setPagingState(state);
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(Problem.validation("pageToken is not one this API handed out"));
      }
    }
    return cql.execute(query).compose(rs -> {
      for (Row row : rs.currentPage()) {
        out.add(toEntry(row));
      }
      boolean full = out.size() >= limit;
      if (rs.hasMorePages()) {
        PagingState next = rs.getExecutionInfo().getSafePagingState();
        return full ? Future.succeededFuture(new Page(out, Optional.of(token(months.get(index), next))))
            : fill(recipientId, months, index, next, limit, out);
      }
      if (full) {
        return Future.succeededFuture(new Page(out, index + 1 < months.size()
            ? Optional.of(token(months.get(index + 1), null)) : Optional.empty()));
      }
      return fill(recipientId, months, index + 1, null, limit, out);
    });
  }

  /** The month (UTC) a notification id belongs to: the month of its time. */
  static String monthOf(UUID notificationId) {
    return YearMonth.from(Instant.ofEpochMilli(Uuids.unixTimestamp(notificationId)).atZone(ZoneOffset.UTC)).toString();
  }

  private static String token(String month, PagingState state) {
    JsonObject token = new JsonObject().put("m", month);
    if (state != null) {
      token.put("s", state.toString());
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static Entry toEntry(Row r) {
    return new Entry(r.getUuid("notification_id"), r.getString("kind"), r.getString("title"), r.getString("body"),
        r.getMap("data", String.class, String.class), r.getInstant("created_at"), r.getInstant("read_at"));
  }
}
