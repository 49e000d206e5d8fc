package io.careloop.alerts.plan;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.careloop.alerts.rule.Rule;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * Care plans, stored with their rules as JSON, and the patients on a plan by shard for the sweep.
 * The per-session path asks {@link #cachedPlanOf}: for the many patients without a plan, a stored
 * session costs a cache lookup, not a query, and a backlog's sessions arriving together while
 * the entry is missing share one query.
 */
public final class CarePlans {

  /** Fixed: the shard of a patient must not change while rows are stored under it. */
  public static final int SHARDS = 16;
  private static final int MAX_CACHED = 200_000;

  private final Cql cql;
  private final AsyncLoadingCache<UUID, Optional<CarePlan>> cache;
  private final LongAdder cacheLoads = new LongAdder();
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement insertShard;
  private final PreparedStatement selectShard;
  private final PreparedStatement deleteShard;

  /** Prepares its statements: construct it on a worker thread. */
  public CarePlans(CqlSession session, Duration cacheTtl) {
    this.cql = new Cql(session);
    insert = session.prepare("INSERT INTO care_plan_by_patient (patient_id, plan, thresholds, rules, custom_rules,"
        + " starts_at, until, until_date, set_by, set_by_nurse, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    select = session.prepare("SELECT plan, thresholds, rules, custom_rules, starts_at, until, until_date, set_by,"
        + " set_by_nurse, updated_at FROM care_plan_by_patient WHERE patient_id = ?");
    insertShard = session.prepare("INSERT INTO plans_by_shard (shard, patient_id, until) VALUES (?, ?, ?)");
    selectShard = session.prepare("SELECT patient_id, until FROM plans_by_shard WHERE shard = ?");
    deleteShard = session.prepare("DELETE FROM plans_by_shard WHERE shard = ? AND patient_id = ?");
    this.cache = Caffeine.newBuilder()
        .maximumSize(MAX_CACHED)
        .expireAfterWrite(cacheTtl)
        .buildAsync((patientId, executor) -> {
          cacheLoads.increment();
          return planOf(patientId).toCompletionStage().toCompletableFuture();
        });
  }

  public static int shardOf(UUID id) {
    return Math.floorMod(id.hashCode(), SHARDS);
  }

  /** Stores the plan (replacing the patient's previous one) and lists the patient for the sweep. */
  public Future<CarePlan> save(CarePlan plan) {
    JsonObject thresholds = new JsonObject();
    plan.thresholds().forEach(thresholds::put);
    return cql.run(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            insert.bind(plan.patientId(), plan.plan().json(), thresholds.encode(),
                CarePlan.json(plan.templateRules()).encode(), CarePlan.json(plan.customRules()).encode(),
                plan.startsAt(), plan.until().endsAt(), plan.until().lastDay(), plan.setBy(), plan.setByNurse(),
                plan.updatedAt()),
            insertShard.bind(shardOf(plan.patientId()), plan.patientId(), plan.until().endsAt())))
        .map(v -> {
          cache.synchronous().invalidate(plan.patientId());
          return plan;
        });
  }

  public Future<Optional<CarePlan>> planOf(UUID patientId) {
    return cql.one(select.bind(patientId)).map(row -> row.map(r -> read(patientId, r)));
  }

  /** The plan as of at most the cache's time to live ago (a failed read is not remembered). */
  public Future<Optional<CarePlan>> cachedPlanOf(UUID patientId) {
    return Cql.onCaller(cache.get(patientId));
  }

  /** How many plans the per-session path has read from Cassandra (its cache misses). */
  public long cacheLoads() {
    return cacheLoads.sum();
  }

  /** The patients listed on a shard, with when their plan ends. */
  public Future<Map<UUID, Instant>> patientsOn(int shard) {
    return cql.all(selectShard.bind(shard)).map(rows -> {
      Map<UUID, Instant> patients = new LinkedHashMap<>();
      rows.forEach(r -> patients.put(r.getUuid("patient_id"), r.getInstant("until")));
      return patients;
    });
  }

  /** The plan ended: the sweep no longer needs to look at the patient (the plan row stays). */
  public Future<Void> unlist(UUID patientId) {
    return cql.run(deleteShard.bind(shardOf(patientId), patientId));
  }

  private static CarePlan read(UUID patientId, Row r) {
    Map<String, Number> thresholds = new LinkedHashMap<>();
    new JsonObject(r.getString("thresholds")).forEach(e -> thresholds.put(e.getKey(), (Number) e.getValue()));
    return new CarePlan(patientId, PlanTemplate.fromJson(r.getString("plan")), thresholds, rules(r.getString("rules")),
        rules(r.getString("custom_rules")), r.getInstant("starts_at"),
        new PlanEnd(r.getInstant("until"), r.getLocalDate("until_date")), r.getUuid("set_by"),
        r.getBoolean("set_by_nurse"), r.getInstant("updated_at"));
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
