package io.careloop.patient.journey;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Journey events, in the tables of 015_journey.cql. */
public final class JourneyRepository {

  /** A person's first arrival at a stage of their journey with a clinic. */
  public record Step(
      UUID personId,
      UUID clinicId,
      JourneyStage stage,
      Instant at,
      String channel,
      Set<String> needs) {}

  private final Cql cql;
  private final PreparedStatement insertByClinic;
  private final PreparedStatement insertByPerson;
  private final PreparedStatement byStage;
  private final PreparedStatement ofPerson;
  private final PreparedStatement deleteByClinic;
  private final PreparedStatement deleteOfPerson;

  /** Prepares its statements: construct it on a worker thread. */
  public JourneyRepository(CqlSession session) {
    this.cql = new Cql(session);
    insertByClinic =
        session.prepare(
            "INSERT INTO journey_by_clinic_stage (clinic_id, stage, person_id, first_at, channel,"
                + " needs) VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS");
    insertByPerson =
        session.prepare(
            "INSERT INTO journey_by_person (person_id, clinic_id, stage, first_at, channel)"
                + " VALUES (?, ?, ?, ?, ?)");
    byStage =
        session.prepare(
            "SELECT person_id, first_at, channel, needs FROM journey_by_clinic_stage"
                + " WHERE clinic_id = ? AND stage = ?");
    ofPerson =
        session.prepare(
            "SELECT clinic_id, stage, first_at, channel FROM journey_by_person WHERE person_id = ?");
    deleteByClinic =
        session.prepare(
            "DELETE FROM journey_by_clinic_stage WHERE clinic_id = ? AND stage = ?"
                + " AND person_id = ?");
    deleteOfPerson = session.prepare("DELETE FROM journey_by_person WHERE person_id = ?");
  }

  /** Stores the step unless the person reached that stage at that clinic before. */
  public Future<Boolean> reached(Step s) {
    return cql.applied(
            insertByClinic.bind(
                s.clinicId(), s.stage().json(), s.personId(), s.at(), s.channel(), s.needs()))
        .compose(
            first ->
                first
                    ? cql.run(
                            insertByPerson.bind(
                                s.personId(), s.clinicId(), s.stage().json(), s.at(), s.channel()))
                        .map(true)
                    : Future.succeededFuture(false));
  }

  /** Everyone who reached the stage at the clinic. */
  public Future<List<Step>> atStage(UUID clinicId, JourneyStage stage) {
    return cql.all(byStage.bind(clinicId, stage.json()))
        .map(
            rows ->
                rows.stream()
                    .map(
                        r ->
                            new Step(
                                r.getUuid("person_id"),
                                clinicId,
                                stage,
                                r.getInstant("first_at"),
                                r.getString("channel"),
                                r.getSet("needs", String.class)))
                    .toList());
  }

  public Future<List<Step>> ofPerson(UUID personId) {
    return cql.all(ofPerson.bind(personId))
        .map(
            rows ->
                rows.stream()
                    .map(
                        r ->
                            new Step(
                                personId,
                                r.getUuid("clinic_id"),
                                JourneyStage.fromJson(r.getString("stage")),
                                r.getInstant("first_at"),
                                r.getString("channel"),
                                Set.of()))
                    .toList());
  }

  /** Erasure: every step of the person, in both tables; how many. */
  public Future<Integer> forget(UUID personId) {
    return ofPerson(personId)
        .compose(
            steps -> {
              BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.LOGGED);
              for (Step s : steps) {
                batch = batch.add(deleteByClinic.bind(s.clinicId(), s.stage().json(), personId));
              }
              return cql.run(batch.add(deleteOfPerson.bind(personId))).map(steps.size());
            });
  }
}
