package io.careloop.crm.patient;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.crm.model.facts.RfmHealth;
import io.careloop.crm.model.facts.ValueTier;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * crm_patients_by_id, and the tables that find a patient in it: by app account, by e-mail, by sweep
 * shard.
 */
public final class PatientRepository {

  /** A patient listed in a sweep shard. */
  public record Listed(UUID patientId, UUID accountId) {}

  /**
   * A patient's scores (R, F, M, H) and tier as last judged, from their sweep shard: what a refit
   * reads.
   */
  public record Scored(UUID patientId, double[] features, Optional<ValueTier> tier) {}

  private final Cql cql;
  private final PreparedStatement select;
  private final PreparedStatement upsertApp;
  private final PreparedStatement upsertImported;
  private final PreparedStatement setAccount;
  private final PreparedStatement linkAccount;
  private final PreparedStatement addClinic;
  private final PreparedStatement selectByAccount;
  private final PreparedStatement insertByAccount;
  private final PreparedStatement selectByEmail;
  private final PreparedStatement claimEmail;
  private final PreparedStatement insertShard;
  private final PreparedStatement selectShard;
  private final PreparedStatement setLabels;
  private final PreparedStatement saveScores;
  private final PreparedStatement selectScores;

  /** Prepares its statements: construct it on a worker thread. */
  public PatientRepository(CqlSession session) {
    this.cql = new Cql(session);
    select =
        session.prepare(
            "SELECT patient_id, account_id, name, email, phone, birth_date, time_zone, clinic_ids,"
                + " registered_at, updated_at, region, labels FROM crm_patients_by_id WHERE patient_id = ?");
    upsertApp =
        session.prepare(
            "UPDATE crm_patients_by_id SET account_id = ?, name = ?, email = ?, phone = ?,"
                + " time_zone = ?, registered_at = ?, updated_at = ? WHERE patient_id = ?");
    upsertImported =
        session.prepare(
            "UPDATE crm_patients_by_id SET name = ?, email = ?, phone = ?, birth_date = ?,"
                + " region = ?, updated_at = ? WHERE patient_id = ?");
    setLabels = session.prepare("UPDATE crm_patients_by_id SET labels = ? WHERE patient_id = ?");
    saveScores =
        session.prepare(
            "UPDATE crm_patients_by_shard SET recency = ?, frequency = ?, monetary = ?,"
                + " health_risk = ?, tier = ? WHERE shard = ? AND patient_id = ?");
    selectScores =
        session.prepare(
            "SELECT patient_id, recency, frequency, monetary, health_risk, tier"
                + " FROM crm_patients_by_shard WHERE shard = ?");
    setAccount =
        session.prepare("UPDATE crm_patients_by_id SET account_id = ? WHERE patient_id = ?");
    linkAccount =
        session.prepare(
            "UPDATE crm_patients_by_id SET account_id = ? WHERE patient_id = ? IF account_id = null");
    addClinic =
        session.prepare(
            "UPDATE crm_patients_by_id SET clinic_ids = clinic_ids + ? WHERE patient_id = ?");
    selectByAccount =
        session.prepare("SELECT patient_id FROM crm_patient_by_account WHERE account_id = ?");
    insertByAccount =
        session.prepare(
            "INSERT INTO crm_patient_by_account (account_id, patient_id) VALUES (?, ?)");
    selectByEmail = session.prepare("SELECT patient_id FROM crm_patient_by_email WHERE email = ?");
    claimEmail =
        session.prepare(
            "INSERT INTO crm_patient_by_email (email, patient_id) VALUES (?, ?) IF NOT EXISTS");
    insertShard =
        session.prepare(
            "INSERT INTO crm_patients_by_shard (shard, patient_id, account_id) VALUES (?, ?, ?)");
    selectShard =
        session.prepare("SELECT patient_id, account_id FROM crm_patients_by_shard WHERE shard = ?");
  }

  public Future<Optional<CrmPatient>> find(UUID patientId) {
    return cql.one(select.bind(patientId)).map(row -> row.map(PatientRepository::patient));
  }

  /**
   * The profile the app account gives; a field the account does not have (phone) is left as it was.
   */
  public Future<Void> saveApp(UUID patientId, AppProfile p, Instant at) {
    return cql.run(
        Cql.unsetNulls(
            upsertApp.bind(
                p.accountId(),
                p.name(),
                p.email(),
                p.phone(),
                p.timeZone(),
                p.registeredAt(),
                at,
                patientId)));
  }

  /** What an import says of a patient; a field it does not give is left as it was. */
  public Future<Void> saveImported(
      UUID patientId,
      String name,
      String email,
      String phone,
      LocalDate birthDate,
      String region,
      Instant at) {
    return cql.run(
        Cql.unsetNulls(upsertImported.bind(name, email, phone, birthDate, region, at, patientId)));
  }

  public Future<Void> saveLabels(UUID patientId, Set<String> labels) {
    return cql.run(setLabels.bind(labels, patientId));
  }

  /** The scores and tier of the patient's latest judgement, on their shard row. */
  public Future<Void> saveScores(
      int shard, UUID patientId, RfmHealth scores, Optional<ValueTier> tier) {
    return cql.run(
        Cql.unsetNulls(
            saveScores.bind(
                scores.recency(),
                scores.frequency(),
                scores.monetary(),
                scores.healthRisk(),
                tier.map(ValueTier::json).orElse(null),
                shard,
                patientId)));
  }

  /** The shard's judged patients with their scores (those not judged yet are left out). */
  public Future<List<Scored>> scoredOn(int shard) {
    return cql.all(selectScores.bind(shard))
        .map(
            rows ->
                rows.stream()
                    .filter(r -> !r.isNull("recency"))
                    .map(
                        r ->
                            new Scored(
                                r.getUuid(0),
                                new double[] {r.getInt(1), r.getInt(2), r.getInt(3), r.getInt(4)},
                                Optional.ofNullable(r.getString(5)).flatMap(ValueTier::fromJson)))
                    .toList());
  }

  /** The patient exists, with this account (repeating it changes nothing). */
  public Future<Void> knownWithAccount(UUID patientId, UUID accountId) {
    return cql.run(setAccount.bind(accountId, patientId));
  }

  /** Gives an imported patient its app account, unless it has one: the account it has after. */
  public Future<UUID> linkAccount(UUID patientId, UUID accountId) {
    return cql.execute(linkAccount.bind(accountId, patientId))
        .map(rs -> rs.wasApplied() ? accountId : rs.one().getUuid("account_id"));
  }

  public Future<Void> addClinic(UUID patientId, UUID clinicId) {
    return cql.run(addClinic.bind(Set.of(clinicId), patientId));
  }

  public Future<Optional<UUID>> patientOfAccount(UUID accountId) {
    return cql.one(selectByAccount.bind(accountId)).map(row -> row.map(r -> r.getUuid(0)));
  }

  public Future<Void> saveAccountLink(UUID accountId, UUID patientId) {
    return cql.run(insertByAccount.bind(accountId, patientId));
  }

  public Future<Optional<UUID>> patientOfEmail(String email) {
    return cql.one(selectByEmail.bind(email)).map(row -> row.map(r -> r.getUuid(0)));
  }

  /** Claims the address for the patient; the patient who holds it after. */
  public Future<UUID> claimEmail(String email, UUID patientId) {
    return cql.execute(claimEmail.bind(email, patientId))
        .map(rs -> rs.wasApplied() ? patientId : rs.one().getUuid("patient_id"));
  }

  public Future<Void> list(int shard, UUID patientId, UUID accountId) {
    return cql.run(Cql.unsetNulls(insertShard.bind(shard, patientId, accountId)));
  }

  public Future<List<Listed>> listedOn(int shard) {
    return cql.all(selectShard.bind(shard))
        .map(rows -> rows.stream().map(r -> new Listed(r.getUuid(0), r.getUuid(1))).toList());
  }

  private static CrmPatient patient(Row r) {
    return new CrmPatient(
        r.getUuid("patient_id"),
        r.getUuid("account_id"),
        r.getString("name"),
        r.getString("email"),
        r.getString("phone"),
        r.getLocalDate("birth_date"),
        r.getString("time_zone"),
        r.getSet("clinic_ids", UUID.class),
        r.getInstant("registered_at"),
        r.getInstant("updated_at"),
        r.getString("region"),
        r.getSet("labels", String.class));
  }
}
