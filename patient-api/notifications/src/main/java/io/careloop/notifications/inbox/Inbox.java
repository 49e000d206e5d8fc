package io.careloop.notifications.inbox;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.notifications.bus.InboxReads;
import io.careloop.platform.http.Problem;
import io.careloop.platform.vertx.Bounded;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The in-app inbox: every notification a recipient was sent, newest first, in pages that run across
 * months. An id from someone else's inbox is simply not found in the caller's partitions.
 */
public final class Inbox {

  /** Entries read at once when counting how many were read. */
  private static final int READS_IN_FLIGHT = 64;

  /** One page of an inbox, and the token of the next page if there is one. */
  public record Page(List<InboxEntry> entries, Optional<String> nextPageToken) {}

  /** Where a page starts: a month (null: the newest) and the driver's paging state within it. */
  private record Cursor(String month, String pagingState) {

    static Cursor decode(String pageToken) {
      JsonObject token =
          new JsonObject(
              new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8));
      return new Cursor(YearMonth.parse(token.getString("m")).toString(), token.getString("s"));
    }

    String encode() {
      JsonObject token = new JsonObject().put("m", month);
      if (pagingState != null) {
        token.put("s", pagingState);
      }
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(token.encode().getBytes(StandardCharsets.UTF_8));
    }
  }

  private final InboxRepository repository;
  private final Clock clock;

  public Inbox(InboxRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /** How many of these delivered notifications their recipients have read. */
  public Future<Integer> countRead(List<InboxReads.Delivered> delivered) {
    return Bounded.map(delivered, READS_IN_FLIGHT, d -> find(d.recipientId(), d.notificationId()))
        .map(
            found ->
                (int)
                    found.stream().filter(e -> e.isPresent() && e.get().readAt() != null).count());
  }

  public Future<Optional<InboxEntry>> find(UUID recipientId, UUID notificationId) {
    if (notificationId.version() != 1) {
      return Future.succeededFuture(Optional.empty());
    }
    return repository.find(recipientId, notificationId);
  }

  /**
   * Marks one of the recipient's own entries read (again is harmless); another's id is not found.
   */
  public Future<InboxEntry> markRead(UUID recipientId, UUID notificationId) {
    return find(recipientId, notificationId)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(notFound(notificationId));
              }
              InboxEntry entry = found.get();
              if (entry.readAt() != null) {
                return Future.succeededFuture(entry);
              }
              Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
              // The read mark expires with the entry, so it never outlives it as a lone cell.
              Duration left =
                  Duration.between(
                      now,
                      Instant.ofEpochMilli(Uuids.unixTimestamp(notificationId))
                          .plus(InboxRepository.RETENTION));
              if (left.toSeconds() <= 0) {
                return Future.failedFuture(notFound(notificationId));
              }
              return repository
                  .markRead(recipientId, notificationId, now, left)
                  .map(v -> entry.readAt(now));
            });
  }

  private static Problem notFound(UUID notificationId) {
    return Problem.notFound("No notification " + notificationId + " in your inbox");
  }

  /** A page of the inbox, newest first, continuing from {@code pageToken} if given. */
  public Future<Page> list(UUID recipientId, int limit, String pageToken) {
    Cursor start;
    try {
      start = pageToken == null ? new Cursor(null, null) : Cursor.decode(pageToken);
    } catch (RuntimeException e) {
      return Future.failedFuture(badToken());
    }
    return repository
        .months(recipientId)
        .compose(
            months -> { // newest first
              int index = start.month() == null ? 0 : months.indexOf(start.month());
              if (index < 0) {
                return Future.succeededFuture(new Page(List.of(), Optional.empty()));
              }
              return fill(
                  recipientId, months, index, start.pagingState(), limit, new ArrayList<>());
            });
  }

  private static Problem badToken() {
    return Problem.validation("pageToken is not one this API handed out");
  }

  private Future<Page> fill(
      UUID recipientId,
      List<String> months,
      int index,
      String pagingState,
      int limit,
      List<InboxEntry> out) {
    if (index >= months.size()) {
      return Future.succeededFuture(new Page(out, Optional.empty()));
    }
    Future<InboxRepository.Slice> slice;
    try {
      slice = repository.slice(recipientId, months.get(index), limit - out.size(), pagingState);
    } catch (RuntimeException e) {
      return Future.failedFuture(badToken());
    }
    return slice.compose(
        s -> {
          out.addAll(s.entries());
          boolean full = out.size() >= limit;
          if (s.pagingState().isPresent()) {
            String next = s.pagingState().get();
            return full
                ? Future.succeededFuture(
                    new Page(out, Optional.of(new Cursor(months.get(index), next).encode())))
                : fill(recipientId, months, index, next, limit, out);
          }
          if (full) {
            return Future.succeededFuture(
                new Page(
                    out,
                    index + 1 < months.size()
                        ? Optional.of(new Cursor(months.get(index + 1), null).encode())
                        : Optional.empty()));
          }
          return fill(recipientId, months, index + 1, null, limit, out);
        });
  }
}
