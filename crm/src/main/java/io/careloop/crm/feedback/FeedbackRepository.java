package io.careloop.crm.feedback;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;

/**
 * crm_feedback_by_appointment (one per appointment, claimed) and crm_feedback_by_patient (the
 * record's list).
 */
public final class FeedbackRepository {

  private final Cql cql;
  private final PreparedStatement claim;
  private final PreparedStatement insertOfPatient;
  private final PreparedStatement selectOfPatient;
  private final PreparedStatement insertOfProvider;
  private final PreparedStatement ratingsOfProvider;

  /** Prepares its statements: construct it on a worker thread. */
  public FeedbackRepository(CqlSession session) {
    this.cql = new Cql(session);
    claim =
        session.prepare(
            "INSERT INTO crm_feedback_by_appointment (appointment_id, patient_id, rating, comment,"
                + " sentiment, classifier, given_at) VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
    insertOfPatient =
        session.prepare(
            "INSERT INTO crm_feedback_by_patient (patient_id, given_at, appointment_id,"
                + " rating, comment, sentiment, classifier) VALUES (?, ?, ?, ?, ?, ?, ?)");
    selectOfPatient =
        session.prepare(
            "SELECT patient_id, given_at, appointment_id, rating, comment, sentiment,"
                + " classifier FROM crm_feedback_by_patient WHERE patient_id = ? LIMIT ?");
    insertOfProvider =
        session.prepare(
            "INSERT INTO crm_feedback_by_provider (provider_id, appointment_id, rating, given_at)"
                + " VALUES (?, ?, ?, ?)");
    ratingsOfProvider =
        session.prepare("SELECT rating FROM crm_feedback_by_provider WHERE provider_id = ?");
  }

  /** Stores the feedback unless the appointment has one: the feedback that holds after. */
  public Future<Feedback> claim(Feedback f) {
    return cql.execute(
            Cql.unsetNulls(
                claim.bind(
                    f.appointmentId(),
                    f.patientId(),
                    f.rating(),
                    f.comment(),
                    f.sentiment(),
                    f.classifier(),
                    f.givenAt())))
        .map(rs -> rs.wasApplied() ? f : feedback(rs.one()));
  }

  public Future<Void> listOnPatient(Feedback f) {
    return cql.run(
        Cql.unsetNulls(
            insertOfPatient.bind(
                f.patientId(),
                f.givenAt(),
                f.appointmentId(),
                f.rating(),
                f.comment(),
                f.sentiment(),
                f.classifier())));
  }

  /** The rating, under the provider who saw the patient: what doctor matching averages. */
  public Future<Void> listOnProvider(UUID providerId, Feedback f) {
    return cql.run(insertOfProvider.bind(providerId, f.appointmentId(), f.rating(), f.givenAt()));
  }

  /** Every rating of the provider's visits. */
  public Future<List<Integer>> ratingsOf(UUID providerId) {
    return cql.all(ratingsOfProvider.bind(providerId))
        .map(rows -> rows.stream().map(r -> r.getInt("rating")).toList());
  }

  /** The patient's latest feedback, newest first. */
  public Future<List<Feedback>> ofPatient(UUID patientId, int limit) {
    return cql.all(selectOfPatient.bind(patientId, limit))
        .map(rows -> rows.stream().map(FeedbackRepository::feedback).toList());
  }

  private static Feedback feedback(Row r) {
    return new Feedback(
        r.getUuid("appointment_id"),
        r.getUuid("patient_id"),
        r.getInt("rating"),
        r.getString("comment"),
        r.getString("sentiment"),
        r.getString("classifier"),
        r.getInstant("given_at"));
  }
}
