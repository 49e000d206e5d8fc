package io.careloop.crm.search;

import io.careloop.crm.patient.CrmPatient;
import io.careloop.crm.patient.SearchRepository.Hit;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Walks the rows of several clinics' lists (or terms) as one ordered list, from a cursor on, until
 * a page is full: the rows of all clinics are merged up to the lowest last row any clinic gave, so
 * that no row is skipped between pages. Bounded: a page that needs too many rounds ends early, with
 * a cursor to go on.
 */
final class ClinicScan {

  /** Reads one clinic's rows after a hit. */
  interface Fetch {
    Future<List<Hit>> after(UUID clinic, Optional<Hit> after, int limit);
  }

  private static final int MAX_ROUNDS = 10;

  private final List<UUID> clinics;
  private final Fetch fetch;
  private final Predicate<Hit> inRange;

  ClinicScan(List<UUID> clinics, Fetch fetch, Predicate<Hit> inRange) {
    this.clinics = clinics;
    this.fetch = fetch;
    this.inRange = inRange;
  }

  /** Patients of the hits that {@code accept} gives, in order, up to {@code limit}. */
  Future<PatientSearch.Page> collect(
      Optional<Hit> after, int limit, Function<Hit, Future<Optional<CrmPatient>>> accept) {
    return round(after, limit, accept, new ArrayList<>(), 0);
  }

  private Future<PatientSearch.Page> round(
      Optional<Hit> after,
      int limit,
      Function<Hit, Future<Optional<CrmPatient>>> accept,
      List<CrmPatient> found,
      int rounds) {
    if (rounds == MAX_ROUNDS) {
      return Future.succeededFuture(new PatientSearch.Page(found, after));
    }
    int batch = Math.max(20, limit * 2);
    List<Future<List<Hit>>> reads =
        clinics.stream().map(c -> fetch.after(c, after, batch)).toList();
    return Future.all(reads)
        .compose(
            all -> {
              Optional<Hit> frontier = frontier(reads, batch);
              TreeSet<Hit> hits = new TreeSet<>();
              reads.forEach(
                  r ->
                      r.result().stream()
                          .filter(inRange)
                          .filter(h -> frontier.map(f -> h.compareTo(f) <= 0).orElse(true))
                          .forEach(hits::add));
              List<Hit> ordered = List.copyOf(hits);
              List<Future<Optional<CrmPatient>>> patients = ordered.stream().map(accept).toList();
              return Future.all(patients)
                  .compose(
                      done -> {
                        for (int i = 0; i < ordered.size(); i++) {
                          patients.get(i).result().ifPresent(found::add);
                          if (found.size() == limit) {
                            return Future.succeededFuture(
                                new PatientSearch.Page(
                                    found,
                                    i + 1 < ordered.size() || frontier.isPresent()
                                        ? Optional.of(ordered.get(i))
                                        : Optional.empty()));
                          }
                        }
                        return frontier.isEmpty()
                            ? Future.succeededFuture(
                                new PatientSearch.Page(found, Optional.empty()))
                            : round(frontier, limit, accept, found, rounds + 1);
                      });
            });
  }

  /** The lowest last row of the clinics that may have more rows in range; empty when none has. */
  private Optional<Hit> frontier(List<Future<List<Hit>>> reads, int batch) {
    Optional<Hit> lowest = Optional.empty();
    for (Future<List<Hit>> read : reads) {
      List<Hit> rows = read.result();
      if (rows.size() == batch && inRange.test(rows.get(rows.size() - 1))) {
        Hit last = rows.get(rows.size() - 1);
        lowest = lowest.isEmpty() || last.compareTo(lowest.get()) < 0 ? Optional.of(last) : lowest;
      }
    }
    return lowest;
  }
}
