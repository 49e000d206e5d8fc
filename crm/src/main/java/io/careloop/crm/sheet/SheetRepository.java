package io.careloop.crm.sheet;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.crm.model.facts.LifecycleStage;
import io.careloop.crm.model.facts.ValueTier;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * crm_facts_by_patient: a patient's facts and last judgement, read in one request. Fact rows are
 * written as their projection is (with its write timestamp where order matters); the judgement's
 * stage only by a lightweight transaction on the stage it replaces.
 */
public final class SheetRepository {

  /**
   * How long a day of brushing is kept: longer than any rule's window (4 weeks and the 4 before).
   */
  public static final int BRUSHING_DAY_TTL_SECONDS =
      (int) java.time.Duration.ofDays(120).toSeconds();

  private static final String JUDGEMENT =
      "judged_at, rfm_health, churn_risk, tier, tier_since, tier_model, tags,"
          + " stage, stage_since, stage_rule, stage_reason";

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement insertAt;
  private final PreparedStatement insertExpiring;
  private final PreparedStatement delete;
  private final PreparedStatement deleteAt;
  private final PreparedStatement select;
  private final PreparedStatement selectJudgement;
  private final PreparedStatement saveJudgement;
  private final PreparedStatement moveStage;

  /** Prepares its statements: construct it on a worker thread. */
  public SheetRepository(CqlSession session) {
    this.cql = new Cql(session);
    String insertRow =
        "INSERT INTO crm_facts_by_patient (patient_id, kind, item, data) VALUES (?, ?, ?, ?)";
    insert = session.prepare(insertRow);
    insertAt = session.prepare(insertRow + " USING TIMESTAMP ?");
    insertExpiring = session.prepare(insertRow + " USING TTL ?");
    delete =
        session.prepare(
            "DELETE FROM crm_facts_by_patient WHERE patient_id = ? AND kind = ? AND item = ?");
    deleteAt =
        session.prepare(
            "DELETE FROM crm_facts_by_patient USING TIMESTAMP ? WHERE patient_id = ? AND kind = ?"
                + " AND item = ?");
    select =
        session.prepare(
            "SELECT kind, item, data, "
                + JUDGEMENT
                + " FROM crm_facts_by_patient WHERE patient_id = ?");
    selectJudgement =
        session.prepare(
            "SELECT " + JUDGEMENT + " FROM crm_facts_by_patient WHERE patient_id = ? LIMIT 1");
    saveJudgement =
        session.prepare(
            "UPDATE crm_facts_by_patient SET judged_at = ?, rfm_health = ?, churn_risk = ?,"
                + " tier = ?, tier_since = ?, tier_model = ?, tags = ? WHERE patient_id = ?");
    moveStage =
        session.prepare(
            "UPDATE crm_facts_by_patient SET stage = ?, stage_since = ?, stage_rule = ?,"
                + " stage_reason = ? WHERE patient_id = ? IF stage = ?");
  }

  public Future<Void> save(UUID patientId, FactRow row) {
    return cql.run(insert.bind(patientId, row.kind(), row.item(), row.data().encode()));
  }

  /**
   * Written at {@code at} (microseconds of the write timestamp): a later write of an older version
   * loses.
   */
  public Future<Void> saveAt(UUID patientId, FactRow row, long writeMicros) {
    return cql.run(
        insertAt.bind(patientId, row.kind(), row.item(), row.data().encode(), writeMicros));
  }

  public Future<Void> saveExpiring(UUID patientId, FactRow row, int ttlSeconds) {
    return cql.run(
        insertExpiring.bind(patientId, row.kind(), row.item(), row.data().encode(), ttlSeconds));
  }

  public Future<Void> delete(UUID patientId, String kind, String item) {
    return cql.run(delete.bind(patientId, kind, item));
  }

  public Future<Void> deleteAt(UUID patientId, String kind, String item, long writeMicros) {
    return cql.run(deleteAt.bind(writeMicros, patientId, kind, item));
  }

  public static long micros(Instant at) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, at);
  }

  /** The patient's facts and last judgement (none of either for a patient never heard of). */
  public Future<PatientSheet> read(UUID patientId) {
    return cql.all(select.bind(patientId))
        .map(
            rows -> {
              List<FactRow> facts = new ArrayList<>();
              rows.stream()
                  .filter(r -> r.getString("kind") != null)
                  .forEach(
                      r ->
                          facts.add(
                              new FactRow(
                                  r.getString("kind"),
                                  r.getString("item"),
                                  new JsonObject(r.getString("data")))));
              return new PatientSheet(
                  facts, rows.isEmpty() ? LastJudgement.NONE : judgement(rows.get(0)));
            });
  }

  public Future<LastJudgement> judgement(UUID patientId) {
    return cql.one(selectJudgement.bind(patientId))
        .map(row -> row.map(SheetRepository::judgement).orElse(LastJudgement.NONE));
  }

  /**
   * Everything of the judgement but the stage; what is not known (no model fitted yet) is left as
   * it was.
   */
  public Future<Void> saveJudgement(UUID patientId, LastJudgement j) {
    JsonObject tags = new JsonObject();
    j.tags().forEach((tag, state) -> tags.put(tag, state.toJson()));
    return cql.run(
        Cql.unsetNulls(
            saveJudgement.bind(
                j.judgedAt().orElseThrow(),
                j.rfmHealth().map(r -> LastJudgement.rfmJson(r).encode()).orElse(null),
                j.churnRisk().isPresent() ? j.churnRisk().getAsDouble() : null,
                j.tier().map(ValueTier::json).orElse(null),
                j.tierSince().orElse(null),
                j.tierModel().orElse(null),
                tags.encode(),
                patientId)));
  }

  /**
   * Moves the stage from {@code expected} (empty: none yet) to {@code next}; false when another
   * judge moved it first.
   */
  public Future<Boolean> moveStage(
      UUID patientId, Optional<LifecycleStage> expected, StageState next) {
    return cql.applied(
        moveStage.bind(
            next.stage().json(),
            next.since(),
            next.ruleId(),
            next.reason(),
            patientId,
            expected.map(LifecycleStage::json).orElse(null)));
  }

  private static LastJudgement judgement(Row r) {
    Map<String, TagState> tags = new LinkedHashMap<>();
    String tagsJson = r.getString("tags");
    if (tagsJson != null) {
      new JsonObject(tagsJson)
          .forEach(e -> tags.put(e.getKey(), TagState.fromJson((JsonObject) e.getValue())));
    }
    Optional<StageState> stage =
        Optional.ofNullable(r.getString("stage"))
            .flatMap(LifecycleStage::fromJson)
            .map(
                s ->
                    new StageState(
                        s,
                        r.getInstant("stage_since"),
                        r.getString("stage_rule"),
                        r.getString("stage_reason")));
    return new LastJudgement(
        Optional.ofNullable(r.getInstant("judged_at")),
        Optional.ofNullable(r.getString("rfm_health"))
            .map(json -> LastJudgement.rfm(new JsonObject(json))),
        r.isNull("churn_risk")
            ? OptionalDouble.empty()
            : OptionalDouble.of(r.getDouble("churn_risk")),
        Optional.ofNullable(r.getString("tier")).flatMap(ValueTier::fromJson),
        Optional.ofNullable(r.getInstant("tier_since")),
        Optional.ofNullable(r.getInstant("tier_model")),
        tags,
        stage);
  }
}
