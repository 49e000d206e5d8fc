package io.careloop.crm.timeline;

import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A patient's timeline: everything that happened, stored once per fact, read newest first in pages.
 */
public final class Timeline {

  /** Where a page ended: the last entry it gave. */
  public record Cursor(Instant at, String id) {

    public String token() {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((at.toString() + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor of(String token) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        int bar = text.indexOf('|');
        return new Cursor(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
      } catch (RuntimeException e) {
        throw Problem.validation("pageToken is not one this API gave");
      }
    }
  }

  /** A page of entries, newest first, and where the next starts (none after the last). */
  public record Page(List<TimelineEntry> entries, Optional<Cursor> next) {}

  /** What to read: [from, to), clinical entries or not, after a cursor. */
  public record Window(
      Instant from, Instant to, boolean clinical, Optional<Cursor> after, int limit) {}

  private final TimelineRepository repository;

  public Timeline(TimelineRepository repository) {
    this.repository = repository;
  }

  public Future<Void> record(TimelineEntry entry) {
    return repository.save(entry);
  }

  public Future<Page> read(UUID patientId, Window w) {
    Instant newest =
        w.after().map(Cursor::at).filter(at -> at.isBefore(w.to())).orElse(w.to().minusNanos(1));
    List<TimelineEntry> found = new ArrayList<>();
    return collect(patientId, w, TimelineRepository.month(newest), w.after(), found)
        .map(
            v -> {
              boolean more = found.size() > w.limit();
              List<TimelineEntry> page =
                  more ? List.copyOf(found.subList(0, w.limit())) : List.copyOf(found);
              return new Page(
                  page,
                  more
                      ? Optional.of(
                          new Cursor(
                              page.get(page.size() - 1).at(), page.get(page.size() - 1).id()))
                      : Optional.empty());
            });
  }

  /** Fills {@code found} with one entry more than the page, month by month from the newest. */
  private Future<Void> collect(
      UUID patientId, Window w, int month, Optional<Cursor> after, List<TimelineEntry> found) {
    if (found.size() > w.limit() || month < TimelineRepository.month(w.from())) {
      return Future.succeededFuture();
    }
    int wanted = Math.max(50, w.limit() + 1 - found.size());
    Future<List<TimelineEntry>> rows =
        after.isPresent() && TimelineRepository.month(after.get().at()) == month
            ? repository.inMonthBefore(
                patientId, month, w.from(), after.get().at(), after.get().id(), wanted)
            : repository.inMonth(patientId, month, w.from(), w.to(), wanted);
    return rows.compose(
        list -> {
          list.stream().filter(e -> w.clinical() || !e.clinical()).forEach(found::add);
          if (list.size() == wanted) {
            TimelineEntry last = list.get(list.size() - 1);
            return collect(
                patientId, w, month, Optional.of(new Cursor(last.at(), last.id())), found);
          }
          return collect(patientId, w, previous(month), Optional.empty(), found);
        });
  }

  private static int previous(int month) {
    return month % 100 == 1 ? (month / 100 - 1) * 100 + 12 : month - 1;
  }
}
