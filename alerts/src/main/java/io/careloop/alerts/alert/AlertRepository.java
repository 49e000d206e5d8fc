package io.careloop.alerts.alert;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.alerts.rule.Severity;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The alerts tables: alerts by id, the open claim per patient and rule, the clinics' lists,
 * escalations.
 */
public final class AlertRepository {

  /** Fixed: an alert's escalation shard must not change while rows are stored under it. */
  public static final int SHARDS = 16;

  /** An escalation waiting for its time. */
  public record PendingEscalation(UUID alertId, Instant dueAt) {}

  private final Cql cql;
  private final PreparedStatement insertAlert;
  private final PreparedStatement deleteAlert;
  private final PreparedStatement selectAlert;
  private final PreparedStatement claim;
  private final PreparedStatement release;
  private final PreparedStatement selectClaims;
  private final PreparedStatement insertResolvedRule;
  private final PreparedStatement selectResolvedRules;
  private final PreparedStatement setCleared;
  private final PreparedStatement setNotified;
  private final PreparedStatement setEscalated;
  private final PreparedStatement acknowledge;
  private final PreparedStatement resolve;
  private final PreparedStatement insertUnresolved;
  private final PreparedStatement deleteUnresolved;
  private final PreparedStatement selectUnresolved;
  private final PreparedStatement insertResolved;
  private final PreparedStatement selectResolved;
  private final PreparedStatement insertEscalation;
  private final PreparedStatement deleteEscalation;
  private final PreparedStatement selectEscalations;
  private final PreparedStatement insertOfPatient;
  private final PreparedStatement deleteOfPatient;
  private final PreparedStatement selectOfPatient;
  private final PreparedStatement setPatient;
  private final PreparedStatement deleteAllOfPatient;
  private final PreparedStatement deleteClaimsOfPatient;
  private final PreparedStatement deleteResolvesOfPatient;

  /** Prepares its statements: construct it on a worker thread. */
  public AlertRepository(CqlSession session) {
    this.cql = new Cql(session);
    insertAlert =
        session.prepare(
            "INSERT INTO alerts (alert_id, patient_id, rule_id, title, plan, severity, status,"
                + " cleared, breach_key, breach_at, detail, clinic_ids, responsible, opened_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    deleteAlert = session.prepare("DELETE FROM alerts WHERE alert_id = ?");
    selectAlert = session.prepare("SELECT * FROM alerts WHERE alert_id = ?");
    claim =
        session.prepare(
            "INSERT INTO open_alert_by_patient_rule (patient_id, rule_id, alert_id) VALUES (?, ?, ?)"
                + " IF NOT EXISTS");
    release =
        session.prepare(
            "DELETE FROM open_alert_by_patient_rule WHERE patient_id = ? AND rule_id = ?"
                + " IF alert_id = ?");
    selectClaims =
        session.prepare(
            "SELECT rule_id, alert_id FROM open_alert_by_patient_rule WHERE patient_id = ?");
    insertResolvedRule =
        session.prepare(
            "INSERT INTO resolved_rule_by_patient (patient_id, rule_id, resolved_at)"
                + " VALUES (?, ?, ?)");
    selectResolvedRules =
        session.prepare(
            "SELECT rule_id, resolved_at FROM resolved_rule_by_patient WHERE patient_id = ?");
    setCleared = session.prepare("UPDATE alerts SET cleared = ? WHERE alert_id = ?");
    setNotified = session.prepare("UPDATE alerts SET notified_at = ? WHERE alert_id = ?");
    setEscalated = session.prepare("UPDATE alerts SET escalated_at = ? WHERE alert_id = ?");
    acknowledge =
        session.prepare(
            "UPDATE alerts SET status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?"
                + " WHERE alert_id = ? IF status = 'open'");
    resolve =
        session.prepare(
            "UPDATE alerts SET status = 'resolved', resolved_at = ?, resolved_by = ?, note = ?"
                + " WHERE alert_id = ? IF status IN ('open', 'acknowledged')");
    insertUnresolved =
        session.prepare(
            "INSERT INTO unresolved_alerts_by_clinic (clinic_id, alert_id) VALUES (?, ?)");
    deleteUnresolved =
        session.prepare(
            "DELETE FROM unresolved_alerts_by_clinic WHERE clinic_id = ? AND alert_id = ?");
    selectUnresolved =
        session.prepare("SELECT alert_id FROM unresolved_alerts_by_clinic WHERE clinic_id = ?");
    insertResolved =
        session.prepare(
            "INSERT INTO resolved_alerts_by_clinic_month (clinic_id, month, resolved_at, alert_id)"
                + " VALUES (?, ?, ?, ?)");
    selectResolved =
        session.prepare(
            "SELECT alert_id FROM resolved_alerts_by_clinic_month WHERE clinic_id = ?"
                + " AND month = ? LIMIT ?");
    insertEscalation =
        session.prepare(
            "INSERT INTO escalations_by_shard (shard, alert_id, due_at) VALUES (?, ?, ?)");
    deleteEscalation =
        session.prepare("DELETE FROM escalations_by_shard WHERE shard = ? AND alert_id = ?");
    selectEscalations =
        session.prepare("SELECT alert_id, due_at FROM escalations_by_shard WHERE shard = ?");
    insertOfPatient =
        session.prepare("INSERT INTO alerts_by_patient (patient_id, alert_id) VALUES (?, ?)");
    deleteOfPatient =
        session.prepare("DELETE FROM alerts_by_patient WHERE patient_id = ? AND alert_id = ?");
    selectOfPatient =
        session.prepare("SELECT alert_id FROM alerts_by_patient WHERE patient_id = ?");
    setPatient = session.prepare("UPDATE alerts SET patient_id = ? WHERE alert_id = ? IF EXISTS");
    deleteAllOfPatient = session.prepare("DELETE FROM alerts_by_patient WHERE patient_id = ?");
    deleteClaimsOfPatient =
        session.prepare("DELETE FROM open_alert_by_patient_rule WHERE patient_id = ?");
    deleteResolvesOfPatient =
        session.prepare("DELETE FROM resolved_rule_by_patient WHERE patient_id = ?");
  }

  public static int shardOf(UUID alertId) {
    return Math.floorMod(alertId.hashCode(), SHARDS);
  }

  public static int month(Instant at) {
    var d = at.atZone(ZoneOffset.UTC);
    return d.getYear() * 100 + d.getMonthValue();
  }

  /** The rules of a patient that have an unresolved alert, with its id. */
  public Future<Map<String, UUID>> claimsOf(UUID patientId) {
    return cql.all(selectClaims.bind(patientId))
        .map(
            rows -> {
              Map<String, UUID> claims = new HashMap<>();
              rows.forEach(r -> claims.put(r.getString("rule_id"), r.getUuid("alert_id")));
              return claims;
            });
  }

  /** When each rule of a patient was last resolved. */
  public Future<Map<String, Instant>> resolvesOf(UUID patientId) {
    return cql.all(selectResolvedRules.bind(patientId))
        .map(
            rows -> {
              Map<String, Instant> resolved = new HashMap<>();
              rows.forEach(r -> resolved.put(r.getString("rule_id"), r.getInstant("resolved_at")));
              return resolved;
            });
  }

  /**
   * Writes a new alert's row, listed under its patient first (an erasure finds every alert); nobody
   * else lists it until its claim is won and it is {@link #publish}ed.
   */
  public Future<Void> insert(Alert a) {
    return cql.run(insertOfPatient.bind(a.patientId(), a.id()))
        .compose(
            v ->
                cql.run(
                    insertAlert.bind(
                        a.id(),
                        a.patientId(),
                        a.ruleId(),
                        a.title(),
                        a.plan(),
                        a.severity().json(),
                        a.status().json(),
                        a.cleared(),
                        a.breachKey(),
                        a.breachAt(),
                        a.detail(),
                        a.clinicIds(),
                        a.responsible(),
                        a.openedAt())));
  }

  /** The one claim per patient and rule: true for exactly one of any number of racing callers. */
  public Future<Boolean> claim(UUID patientId, String ruleId, UUID alertId) {
    return cql.applied(claim.bind(patientId, ruleId, alertId));
  }

  /** An alert whose claim was lost: its row was never listed anywhere else. */
  public Future<Void> discard(Alert a) {
    return cql.run(deleteAlert.bind(a.id()))
        .compose(v -> cql.run(deleteOfPatient.bind(a.patientId(), a.id())));
  }

  /** The ids of the patient's alerts, whatever their state. */
  public Future<List<UUID>> idsOfPatient(UUID patientId) {
    return cql.all(selectOfPatient.bind(patientId))
        .map(rows -> rows.stream().map(r -> r.getUuid(0)).toList());
  }

  /**
   * The alert names {@code pseudonym} as its patient from now on; false when there is no such
   * alert.
   */
  public Future<Boolean> pseudonymize(UUID alertId, UUID pseudonym) {
    return cql.applied(setPatient.bind(pseudonym, alertId));
  }

  /** The patient's list of alerts, open claims and resolve times go (the alerts stay, by id). */
  public Future<Void> forgetPatient(UUID patientId) {
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            deleteAllOfPatient.bind(patientId),
            deleteClaimsOfPatient.bind(patientId),
            deleteResolvesOfPatient.bind(patientId)));
  }

  /**
   * Lists the alert for its clinics and, when it is high, for escalation at {@code dueAt}.
   * Repeatable.
   */
  public Future<Void> publish(Alert a, Instant escalationDueAt) {
    BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED);
    a.clinicIds().forEach(c -> batch.addStatement(insertUnresolved.bind(c, a.id())));
    if (a.severity() == Severity.HIGH) {
      batch.addStatement(insertEscalation.bind(shardOf(a.id()), a.id(), escalationDueAt));
    }
    return batch.getStatementsCount() == 0 ? Future.succeededFuture() : cql.run(batch.build());
  }

  public Future<Optional<Alert>> find(UUID alertId) {
    return cql.one(selectAlert.bind(alertId)).map(row -> row.map(AlertRepository::read));
  }

  public Future<List<Alert>> findAll(List<UUID> ids) {
    return Future.all(ids.stream().map(this::find).toList())
        .map(
            all -> {
              List<Alert> alerts = new ArrayList<>();
              for (int i = 0; i < all.size(); i++) {
                Optional<Alert> a = all.resultAt(i);
                a.ifPresent(alerts::add);
              }
              return alerts;
            });
  }

  public Future<Void> setCleared(UUID alertId, boolean cleared) {
    return cql.run(setCleared.bind(cleared, alertId));
  }

  public Future<Void> markNotified(UUID alertId, Instant at) {
    return cql.run(setNotified.bind(at, alertId));
  }

  public Future<Void> markEscalated(UUID alertId, Instant at) {
    return cql.run(setEscalated.bind(at, alertId)).compose(v -> dropEscalation(alertId));
  }

  public Future<Void> dropEscalation(UUID alertId) {
    return cql.run(deleteEscalation.bind(shardOf(alertId), alertId));
  }

  /** Open → acknowledged; false when it was not open (already acknowledged or resolved). */
  public Future<Boolean> acknowledge(UUID alertId, UUID nurse, Instant at) {
    return cql.applied(acknowledge.bind(at, nurse, alertId))
        .compose(
            applied -> applied ? dropEscalation(alertId).map(true) : Future.succeededFuture(false));
  }

  /**
   * Resolves the alert and frees its rule: the claim goes, so the next breach newer than this
   * resolve opens a new alert. False when it was already resolved.
   */
  public Future<Boolean> resolve(Alert a, UUID nurse, String note, Instant at) {
    return cql.applied(resolve.bind(at, nurse, note, a.id()))
        .compose(
            applied -> {
              if (!applied) {
                return Future.succeededFuture(false);
              }
              List<BatchableStatement<?>> statements = new ArrayList<>();
              statements.add(insertResolvedRule.bind(a.patientId(), a.ruleId(), at));
              statements.add(deleteEscalation.bind(shardOf(a.id()), a.id()));
              a.clinicIds()
                  .forEach(
                      c -> {
                        statements.add(deleteUnresolved.bind(c, a.id()));
                        statements.add(insertResolved.bind(c, month(at), at, a.id()));
                      });
              return cql.run(BatchStatement.newInstance(DefaultBatchType.LOGGED, statements))
                  .compose(v -> cql.run(release.bind(a.patientId(), a.ruleId(), a.id())))
                  .map(true);
            });
  }

  public Future<List<UUID>> unresolvedOf(UUID clinicId) {
    return cql.all(selectUnresolved.bind(clinicId))
        .map(rows -> rows.stream().map(r -> r.getUuid(0)).toList());
  }

  public Future<List<UUID>> resolvedOf(UUID clinicId, int month, int limit) {
    return cql.all(selectResolved.bind(clinicId, month, limit))
        .map(rows -> rows.stream().map(r -> r.getUuid(0)).toList());
  }

  public Future<List<PendingEscalation>> escalationsOn(int shard) {
    return cql.all(selectEscalations.bind(shard))
        .map(
            rows ->
                rows.stream()
                    .map(r -> new PendingEscalation(r.getUuid("alert_id"), r.getInstant("due_at")))
                    .toList());
  }

  private static Alert read(Row r) {
    return new Alert(
        r.getUuid("alert_id"),
        r.getUuid("patient_id"),
        r.getString("rule_id"),
        r.getString("title"),
        r.getString("plan"),
        Severity.fromJson(r.getString("severity")),
        AlertStatus.fromJson(r.getString("status")),
        r.getBoolean("cleared"),
        r.getString("breach_key"),
        r.getInstant("breach_at"),
        r.getString("detail"),
        r.getSet("clinic_ids", UUID.class),
        r.getUuid("responsible"),
        r.getInstant("opened_at"),
        r.getInstant("acknowledged_at"),
        r.getUuid("acknowledged_by"),
        r.getInstant("resolved_at"),
        r.getUuid("resolved_by"),
        r.getString("note"),
        r.getInstant("escalated_at"),
        r.getInstant("notified_at"));
  }
}
