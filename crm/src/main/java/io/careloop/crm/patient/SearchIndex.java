package io.careloop.crm.patient;

import io.careloop.crm.patient.SearchTerms.Entry;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a patient's rows in the clinics' lists and search terms as their profile and clinics are
 * now: it writes what is missing and removes what no longer holds. One re-index of a patient at a
 * time in this instance; the sweep re-indexes every patient, which settles what two instances did
 * at once.
 */
public final class SearchIndex {

  private final PatientRepository patients;
  private final SearchRepository search;
  private final Map<UUID, Future<Void>> running = new ConcurrentHashMap<>();

  public SearchIndex(PatientRepository patients, SearchRepository search) {
    this.patients = patients;
    this.search = search;
  }

  public Future<Void> reindex(UUID patientId) {
    @SuppressWarnings("unchecked")
    Future<Void>[] mine = new Future[1];
    running.compute(
        patientId,
        (id, previous) -> {
          Future<Void> after =
              previous == null
                  ? Future.succeededFuture()
                  : previous.transform(ar -> Future.<Void>succeededFuture());
          mine[0] = after.compose(v -> reindexNow(id));
          return mine[0];
        });
    return mine[0].andThen(ar -> running.remove(patientId, mine[0]));
  }

  private Future<Void> reindexNow(UUID patientId) {
    Future<Set<Entry>> current = search.indexOf(patientId);
    Future<Set<Entry>> desired =
        patients.find(patientId).map(p -> p.map(SearchTerms::entriesOf).orElse(Set.of()));
    return Future.all(current, desired)
        .compose(
            both -> {
              Set<Entry> missing = new HashSet<>(desired.result());
              missing.removeAll(current.result());
              Set<Entry> stale = new HashSet<>(current.result());
              stale.removeAll(desired.result());
              List<Future<Void>> writes = new java.util.ArrayList<>();
              missing.forEach(e -> writes.add(search.add(patientId, e)));
              stale.forEach(e -> writes.add(search.remove(patientId, e)));
              return Future.all(writes).mapEmpty();
            });
  }
}
