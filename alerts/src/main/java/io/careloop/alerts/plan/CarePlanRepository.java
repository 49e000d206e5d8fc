package io.careloop.alerts.plan;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.alerts.rule.Rule;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * care_plan_by_patient (a patient's plan with its rules as JSON, so a stored plan keeps meaning
 * what it meant) and plans_by_shard (the patients on a plan, for the sweep), written together.
 */
public final class CarePlanRepository {

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement insertShard;
  private final PreparedStatement selectShard;
  private final PreparedStatement deleteShard;
  private final PreparedStatement judgeAt;
  private final PreparedStatement delete;

  /** Prepares its statements: construct it on a worker thread. */
  public CarePlanRepository(CqlSession session) {
    this.cql = new Cql(session);
    insert =
        session.prepare(
            "INSERT INTO care_plan_by_patient (patient_id, plan, thresholds, rules, custom_rules,"
                + " starts_at, until, until_date, set_by, set_by_nurse, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    select =
        session.prepare(
            "SELECT plan, thresholds, rules, custom_rules, starts_at, until, until_date, set_by,"
                + " set_by_nurse, updated_at FROM care_plan_by_patient WHERE patient_id = ?");
    insertShard =
        session.prepare(
            "INSERT INTO plans_by_shard (shard, patient_id, until, judge_at) VALUES (?, ?, ?, null)");
    selectShard =
        session.prepare("SELECT patient_id, until, judge_at FROM plans_by_shard WHERE shard = ?");
    judgeAt =
        session.prepare(
            "UPDATE plans_by_shard SET judge_at = ? WHERE shard = ? AND patient_id = ?");
    deleteShard = session.prepare("DELETE FROM plans_by_shard WHERE shard = ? AND patient_id = ?");
    delete = session.prepare("DELETE FROM care_plan_by_patient WHERE patient_id = ?");
  }

  /** The patient's plan and its listing on {@code shard} go (an erasure). */
  public Future<Void> delete(UUID patientId, int shard) {
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED, delete.bind(patientId), deleteShard.bind(shard, patientId)));
  }

  /**
   * Stores the plan (replacing the patient's previous one), listed on {@code shard} for the sweep,
   * which judges it at its next pass.
   */
  public Future<Void> save(CarePlan plan, int shard) {
    JsonObject thresholds = new JsonObject();
    plan.thresholds().forEach(thresholds::put);
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            insert.bind(
                plan.patientId(),
                plan.plan().json(),
                thresholds.encode(),
                CarePlan.json(plan.templateRules()).encode(),
                CarePlan.json(plan.customRules()).encode(),
                plan.startsAt(),
                plan.until().endsAt(),
                plan.until().lastDay(),
                plan.setBy(),
                plan.setByNurse(),
                plan.updatedAt()),
            insertShard.bind(shard, plan.patientId(), plan.until().endsAt())));
  }

  public Future<Optional<CarePlan>> find(UUID patientId) {
    return cql.one(select.bind(patientId)).map(row -> row.map(r -> read(patientId, r)));
  }

  /** The patients listed on a shard. */
  public Future<List<Listed>> patientsOn(int shard) {
    return cql.all(selectShard.bind(shard))
        .map(
            rows ->
                rows.stream()
                    .map(
                        r ->
                            new Listed(
                                r.getUuid("patient_id"),
                                Optional.ofNullable(r.getInstant("until")),
                                Optional.ofNullable(r.getInstant("judge_at"))))
                    .toList());
  }

  /**
   * When the sweep next judges the patient. An update: should the listing have gone meanwhile, what
   * it brings back has no end, and the sweep removes it.
   */
  public Future<Void> judgeAt(UUID patientId, int shard, Instant at) {
    return cql.run(judgeAt.bind(at, shard, patientId));
  }

  public Future<Void> unlist(UUID patientId, int shard) {
    return cql.run(deleteShard.bind(shard, patientId));
  }

  private static CarePlan read(UUID patientId, Row r) {
    Map<String, Number> thresholds = new LinkedHashMap<>();
    new JsonObject(r.getString("thresholds"))
        .forEach(e -> thresholds.put(e.getKey(), (Number) e.getValue()));
    return new CarePlan(
        patientId,
        PlanTemplate.fromJson(r.getString("plan")),
        thresholds,
        rules(r.getString("rules")),
        rules(r.getString("custom_rules")),
        r.getInstant("starts_at"),
        new PlanEnd(r.getInstant("until"), r.getLocalDate("until_date")),
        r.getUuid("set_by"),
        r.getBoolean("set_by_nurse"),
        r.getInstant("updated_at"));
  }

  /** Rules stored as a JSON array (null: a plan stored before the column was, with none). */
  private static List<Rule> rules(String json) {
    List<Rule> rules = new ArrayList<>();
    if (json != null) {
      new JsonArray(json).forEach(o -> rules.add(Rule.fromJson((JsonObject) o)));
    }
    return rules;
  }
}
