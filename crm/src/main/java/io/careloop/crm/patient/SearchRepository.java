package io.careloop.crm.patient;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.careloop.crm.patient.SearchTerms.Entry;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The staff's way to their patients: crm_patients_by_clinic (by name), crm_search_by_clinic_term
 * (by term), crm_patients_by_clinic_label (by tag, tier or stage, then name), and
 * crm_index_by_patient, which says what a patient has in each.
 */
public final class SearchRepository {

  /**
   * A row of a list or of the terms: where it sorts, and whose it is (ordered as Cassandra orders
   * them).
   */
  public record Hit(String key, UUID patientId) implements Comparable<Hit> {

    @Override
    public int compareTo(Hit other) {
      int byKey = byCodePoints(key, other.key);
      return byKey != 0 ? byKey : patientId.toString().compareTo(other.patientId.toString());
    }

    /**
     * Cassandra orders text by its UTF-8 bytes, which is code point order (not Java's UTF-16
     * order).
     */
    public static int byCodePoints(String a, String b) {
      int[] x = a.codePoints().toArray();
      int[] y = b.codePoints().toArray();
      return java.util.Arrays.compare(x, y);
    }
  }

  private final Cql cql;
  private final PreparedStatement insertListed;
  private final PreparedStatement deleteListed;
  private final PreparedStatement firstListed;
  private final PreparedStatement nextListed;
  private final PreparedStatement insertTerm;
  private final PreparedStatement deleteTerm;
  private final PreparedStatement firstTerms;
  private final PreparedStatement nextTerms;
  private final PreparedStatement insertLabelled;
  private final PreparedStatement deleteLabelled;
  private final PreparedStatement firstLabelled;
  private final PreparedStatement nextLabelled;
  private final PreparedStatement countLabelled;
  private final PreparedStatement insertIndex;
  private final PreparedStatement deleteIndex;
  private final PreparedStatement selectIndex;

  /** Prepares its statements: construct it on a worker thread. */
  public SearchRepository(CqlSession session) {
    this.cql = new Cql(session);
    insertListed =
        session.prepare(
            "INSERT INTO crm_patients_by_clinic (clinic_id, sort_name, patient_id) VALUES (?, ?, ?)");
    deleteListed =
        session.prepare(
            "DELETE FROM crm_patients_by_clinic WHERE clinic_id = ? AND sort_name = ? AND patient_id = ?");
    firstListed =
        session.prepare(
            "SELECT sort_name, patient_id FROM crm_patients_by_clinic WHERE clinic_id = ? LIMIT ?");
    nextListed =
        session.prepare(
            "SELECT sort_name, patient_id FROM crm_patients_by_clinic WHERE clinic_id = ?"
                + " AND (sort_name, patient_id) > (?, ?) LIMIT ?");
    insertTerm =
        session.prepare(
            "INSERT INTO crm_search_by_clinic_term (clinic_id, head, term, patient_id) VALUES (?, ?, ?, ?)");
    deleteTerm =
        session.prepare(
            "DELETE FROM crm_search_by_clinic_term WHERE clinic_id = ? AND head = ? AND term = ?"
                + " AND patient_id = ?");
    firstTerms =
        session.prepare(
            "SELECT term, patient_id FROM crm_search_by_clinic_term WHERE clinic_id = ? AND head = ?"
                + " AND term >= ? LIMIT ?");
    nextTerms =
        session.prepare(
            "SELECT term, patient_id FROM crm_search_by_clinic_term WHERE clinic_id = ? AND head = ?"
                + " AND (term, patient_id) > (?, ?) LIMIT ?");
    insertLabelled =
        session.prepare(
            "INSERT INTO crm_patients_by_clinic_label (clinic_id, label, sort_name, patient_id)"
                + " VALUES (?, ?, ?, ?)");
    deleteLabelled =
        session.prepare(
            "DELETE FROM crm_patients_by_clinic_label WHERE clinic_id = ? AND label = ?"
                + " AND sort_name = ? AND patient_id = ?");
    firstLabelled =
        session.prepare(
            "SELECT sort_name, patient_id FROM crm_patients_by_clinic_label WHERE clinic_id = ?"
                + " AND label = ? LIMIT ?");
    nextLabelled =
        session.prepare(
            "SELECT sort_name, patient_id FROM crm_patients_by_clinic_label WHERE clinic_id = ?"
                + " AND label = ? AND (sort_name, patient_id) > (?, ?) LIMIT ?");
    countLabelled =
        session.prepare(
            "SELECT COUNT(*) FROM crm_patients_by_clinic_label WHERE clinic_id = ? AND label = ?");
    insertIndex =
        session.prepare(
            "INSERT INTO crm_index_by_patient (patient_id, clinic_id, kind, term) VALUES (?, ?, ?, ?)");
    deleteIndex =
        session.prepare(
            "DELETE FROM crm_index_by_patient WHERE patient_id = ? AND clinic_id = ? AND kind = ?"
                + " AND term = ?");
    selectIndex =
        session.prepare(
            "SELECT clinic_id, kind, term FROM crm_index_by_patient WHERE patient_id = ?");
  }

  /** What the patient has in the lists and terms now. */
  public Future<Set<Entry>> indexOf(UUID patientId) {
    return cql.all(selectIndex.bind(patientId))
        .map(
            rows ->
                new HashSet<>(
                    rows.stream()
                        .map(r -> new Entry(r.getUuid(0), r.getString(1), r.getString(2)))
                        .toList()));
  }

  /**
   * Recorded in the patient's index first, so that no row is ever written that the index does not
   * know.
   */
  public Future<Void> add(UUID patientId, Entry e) {
    return cql.run(insertIndex.bind(patientId, e.clinicId(), e.kind(), e.term()))
        .compose(
            v ->
                cql.run(
                    e.kind().startsWith(SearchTerms.LABEL)
                        ? insertLabelled.bind(
                            e.clinicId(), label(e), e.term(), patientId.toString())
                        : SearchTerms.LIST.equals(e.kind())
                            ? insertListed.bind(e.clinicId(), e.term(), patientId.toString())
                            : insertTerm.bind(
                                e.clinicId(),
                                SearchTerms.head(e.term()),
                                e.term(),
                                patientId.toString())));
  }

  /** Removed from the lists first, from the patient's index last. */
  public Future<Void> remove(UUID patientId, Entry e) {
    return cql.run(
            e.kind().startsWith(SearchTerms.LABEL)
                ? deleteLabelled.bind(e.clinicId(), label(e), e.term(), patientId.toString())
                : SearchTerms.LIST.equals(e.kind())
                    ? deleteListed.bind(e.clinicId(), e.term(), patientId.toString())
                    : deleteTerm.bind(
                        e.clinicId(), SearchTerms.head(e.term()), e.term(), patientId.toString()))
        .compose(v -> cql.run(deleteIndex.bind(patientId, e.clinicId(), e.kind(), e.term())));
  }

  /** The clinic's patients by name, after {@code after} (a page's last hit). */
  public Future<List<Hit>> listed(UUID clinicId, Optional<Hit> after, int limit) {
    var statement =
        after.isEmpty()
            ? firstListed.bind(clinicId, limit)
            : nextListed.bind(
                clinicId, after.get().key(), after.get().patientId().toString(), limit);
    return cql.all(statement).map(SearchRepository::hits);
  }

  /**
   * The clinic's patients with the label ({@code tag:<tag>}, {@code tier:<tier>}, {@code
   * stage:<stage>}) by name.
   */
  public Future<List<Hit>> labelled(UUID clinicId, String label, Optional<Hit> after, int limit) {
    var statement =
        after.isEmpty()
            ? firstLabelled.bind(clinicId, label, limit)
            : nextLabelled.bind(
                clinicId, label, after.get().key(), after.get().patientId().toString(), limit);
    return cql.all(statement).map(SearchRepository::hits);
  }

  /** How many of the clinic's patients have the label: one partition counted. */
  public Future<Long> countLabelled(UUID clinicId, String label) {
    return cql.one(countLabelled.bind(clinicId, label))
        .map(row -> row.map(r -> r.getLong(0)).orElse(0L));
  }

  private static String label(Entry e) {
    return e.kind().substring(SearchTerms.LABEL.length());
  }

  /**
   * The clinic's terms from {@code prefix} on (or after {@code after}), in order; the caller stops
   * past the prefix.
   */
  public Future<List<Hit>> terms(UUID clinicId, String prefix, Optional<Hit> after, int limit) {
    String head = SearchTerms.head(prefix);
    var statement =
        after.isEmpty()
            ? firstTerms.bind(clinicId, head, prefix, limit)
            : nextTerms.bind(
                clinicId, head, after.get().key(), after.get().patientId().toString(), limit);
    return cql.all(statement).map(SearchRepository::hits);
  }

  private static List<Hit> hits(List<com.datastax.oss.driver.api.core.cql.Row> rows) {
    return rows.stream()
        .map(r -> new Hit(r.getString(0), UUID.fromString(r.getString(1))))
        .toList();
  }
}
