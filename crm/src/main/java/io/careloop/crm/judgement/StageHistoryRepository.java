package io.careloop.crm.judgement;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * crm_stage_history_by_patient (the record's stage history) and crm_stage_transitions_by_clinic_day
 * (the admin summary's transitions of the last days).
 */
public final class StageHistoryRepository {

  /** A stage entered; {@code from} null for a patient's first. */
  public record Step(Instant at, String from, String to, String ruleId, String reason) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("at", at.toString())
          .put("from", from)
          .put("to", to)
          .put("rule", ruleId)
          .put("reason", reason);
    }
  }

  /** A clinic patient's transition, for counting. */
  public record Transition(String from, String to) {}

  private final Cql cql;
  private final PreparedStatement insertStep;
  private final PreparedStatement insertOfClinic;
  private final PreparedStatement selectSteps;
  private final PreparedStatement selectOfClinicDay;

  /** Prepares its statements: construct it on a worker thread. */
  public StageHistoryRepository(CqlSession session) {
    this.cql = new Cql(session);
    insertStep =
        session.prepare(
            "INSERT INTO crm_stage_history_by_patient (patient_id, at, from_stage, to_stage,"
                + " rule_id, reason) VALUES (?, ?, ?, ?, ?, ?)");
    insertOfClinic =
        session.prepare(
            "INSERT INTO crm_stage_transitions_by_clinic_day (clinic_id, day, at, patient_id,"
                + " from_stage, to_stage) VALUES (?, ?, ?, ?, ?, ?)");
    selectSteps =
        session.prepare(
            "SELECT at, from_stage, to_stage, rule_id, reason FROM crm_stage_history_by_patient"
                + " WHERE patient_id = ? LIMIT ?");
    selectOfClinicDay =
        session.prepare(
            "SELECT from_stage, to_stage FROM crm_stage_transitions_by_clinic_day"
                + " WHERE clinic_id = ? AND day = ?");
  }

  public Future<Void> save(UUID patientId, Step step) {
    return cql.run(
        Cql.unsetNulls(
            insertStep.bind(
                patientId, step.at(), step.from(), step.to(), step.ruleId(), step.reason())));
  }

  public Future<Void> saveOfClinic(UUID clinicId, UUID patientId, Step step) {
    return cql.run(
        Cql.unsetNulls(
            insertOfClinic.bind(
                clinicId, day(step.at()), step.at(), patientId, step.from(), step.to())));
  }

  /** The latest steps, newest first. */
  public Future<List<Step>> of(UUID patientId, int limit) {
    return cql.all(selectSteps.bind(patientId, limit))
        .map(
            rows ->
                rows.stream()
                    .map(
                        r ->
                            new Step(
                                r.getInstant(0),
                                r.getString(1),
                                r.getString(2),
                                r.getString(3),
                                r.getString(4)))
                    .toList());
  }

  public Future<List<Transition>> ofClinic(UUID clinicId, LocalDate day) {
    return cql.all(selectOfClinicDay.bind(clinicId, day))
        .map(
            rows ->
                rows.stream().map(r -> new Transition(r.getString(0), r.getString(1))).toList());
  }

  public static LocalDate day(Instant at) {
    return at.atZone(ZoneOffset.UTC).toLocalDate();
  }
}
