package io.careloop.crm.rights;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Every crm table read and cleared for one patient's data rights. Rows are exported as Cassandra
 * gives them ({@code SELECT JSON}), so a column added later is exported without a change here; the
 * tables found by something else than the patient's id (e-mail, identity, appointment) are cleared
 * only where the row still points to the patient.
 */
public final class CrmPrivacyRepository {

  /**
   * What the patient's rows say of where else they are, and of when they were first and last seen.
   */
  record Traces(
      Optional<String> email,
      List<Identity> identities,
      List<UUID> feedbackAppointments,
      Optional<UUID> accountId,
      Instant earliest) {}

  /** An external identity of the patient. */
  record Identity(String system, String value) {}

  /** A staff read of the record, moved as it is to another patient id. */
  private record Read(UUID readAt, UUID staffId, String staffRole, String what) {}

  /**
   * The tables keyed by the patient's id alone, each with the section of the export it makes.
   * crm_index_by_patient is not exported: it is the search terms made of the record.
   */
  static final Map<String, String> BY_PATIENT = sections();

  private final Cql cql;
  private final Map<String, PreparedStatement> selectAll = new LinkedHashMap<>();
  private final Map<String, PreparedStatement> deleteAll = new LinkedHashMap<>();
  private final PreparedStatement selectTimeline;
  private final PreparedStatement deleteTimeline;
  private final PreparedStatement selectReadsJson;
  private final PreparedStatement selectReads;
  private final PreparedStatement insertRead;
  private final PreparedStatement deleteReads;
  private final PreparedStatement selectRecord;
  private final PreparedStatement selectIdentities;
  private final PreparedStatement selectAppointmentTimes;
  private final PreparedStatement selectFirstVisit;
  private final PreparedStatement selectFeedback;
  private final PreparedStatement selectPatientOfAccount;
  private final PreparedStatement releaseEmail;
  private final PreparedStatement releaseIdentity;
  private final PreparedStatement releaseFeedback;
  private final PreparedStatement forgetAccount;
  private final PreparedStatement unlist;
  private final PreparedStatement selectStageSteps;
  private final PreparedStatement selectClinics;
  private final PreparedStatement deleteTransition;
  private final PreparedStatement selectCampaignsOfPatient;
  private final PreparedStatement deleteCampaignDecisions;

  /** Prepares its statements: construct it on a worker thread. */
  public CrmPrivacyRepository(CqlSession session) {
    this.cql = new Cql(session);
    Stream.concat(BY_PATIENT.keySet().stream(), Stream.of("crm_index_by_patient"))
        .forEach(
            table -> {
              selectAll.put(
                  table, session.prepare("SELECT JSON * FROM " + table + " WHERE patient_id = ?"));
              deleteAll.put(
                  table, session.prepare("DELETE FROM " + table + " WHERE patient_id = ?"));
            });
    selectCampaignsOfPatient =
        session.prepare(
            "SELECT campaign_id FROM crm_campaign_messages_by_patient WHERE patient_id = ?");
    deleteCampaignDecisions =
        session.prepare(
            "DELETE FROM crm_campaign_decisions_by_campaign WHERE campaign_id = ? AND patient_id = ?");
    selectTimeline =
        session.prepare(
            "SELECT JSON * FROM crm_timeline_by_patient_month WHERE patient_id = ? AND month = ?");
    deleteTimeline =
        session.prepare(
            "DELETE FROM crm_timeline_by_patient_month WHERE patient_id = ? AND month = ?");
    selectReadsJson =
        session.prepare(
            "SELECT JSON * FROM crm_record_reads_by_patient_month WHERE patient_id = ?"
                + " AND month = ?");
    selectReads =
        session.prepare(
            "SELECT read_at, staff_id, staff_role, what FROM crm_record_reads_by_patient_month"
                + " WHERE patient_id = ? AND month = ?");
    insertRead =
        session.prepare(
            "INSERT INTO crm_record_reads_by_patient_month (patient_id, month, read_at, staff_id,"
                + " staff_role, what) VALUES (?, ?, ?, ?, ?, ?)");
    deleteReads =
        session.prepare(
            "DELETE FROM crm_record_reads_by_patient_month WHERE patient_id = ? AND month = ?");
    selectRecord =
        session.prepare(
            "SELECT email, account_id, registered_at, updated_at FROM crm_patients_by_id"
                + " WHERE patient_id = ?");
    selectIdentities =
        session.prepare(
            "SELECT system, value, linked_at FROM crm_identities_by_patient"
                + " WHERE patient_id = ?");
    selectAppointmentTimes =
        session.prepare(
            "SELECT min(booked_at), min(starts_at) FROM crm_appointments_by_patient"
                + " WHERE patient_id = ?");
    selectFirstVisit =
        session.prepare("SELECT min(day) FROM crm_visits_by_patient WHERE patient_id = ?");
    selectFeedback =
        session.prepare(
            "SELECT appointment_id, given_at FROM crm_feedback_by_patient WHERE patient_id = ?");
    selectPatientOfAccount =
        session.prepare("SELECT patient_id FROM crm_patient_by_account WHERE account_id = ?");
    releaseEmail =
        session.prepare("DELETE FROM crm_patient_by_email WHERE email = ? IF patient_id = ?");
    releaseIdentity =
        session.prepare(
            "DELETE FROM crm_identities_by_value WHERE system = ? AND value = ?"
                + " IF patient_id = ?");
    releaseFeedback =
        session.prepare(
            "DELETE FROM crm_feedback_by_appointment WHERE appointment_id = ?"
                + " IF patient_id = ?");
    forgetAccount = session.prepare("DELETE FROM crm_patient_by_account WHERE account_id = ?");
    unlist =
        session.prepare("DELETE FROM crm_patients_by_shard WHERE shard = ? AND patient_id = ?");
    selectStageSteps =
        session.prepare("SELECT at FROM crm_stage_history_by_patient WHERE patient_id = ?");
    selectClinics =
        session.prepare("SELECT clinic_ids FROM crm_patients_by_id WHERE patient_id = ?");
    deleteTransition =
        session.prepare(
            "DELETE FROM crm_stage_transitions_by_clinic_day WHERE clinic_id = ? AND day = ?"
                + " AND at = ? AND patient_id = ?");
  }

  private static Map<String, String> sections() {
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put("crm_patients_by_id", "crmRecord");
    sections.put("crm_identities_by_patient", "crmIdentities");
    sections.put("crm_appointments_by_patient", "crmAppointments");
    sections.put("crm_visits_by_patient", "crmVisits");
    sections.put("crm_open_alerts_by_patient", "crmOpenAlerts");
    sections.put("crm_feedback_by_patient", "crmFeedback");
    sections.put("crm_notes_by_patient", "crmNotes");
    sections.put("crm_facts_by_patient", "crmJudgement");
    sections.put("crm_stage_history_by_patient", "crmStageHistory");
    sections.put("crm_campaign_messages_by_patient", "crmCampaignMessages");
    return Collections.unmodifiableMap(sections);
  }

  /**
   * The patient's rows in the decisions of every campaign that decided for them (found by their
   * list of campaign messages, which goes after); how many campaigns.
   */
  Future<Integer> deleteCampaignDecisions(UUID patientId) {
    return cql.all(selectCampaignsOfPatient.bind(patientId))
        .compose(
            rows -> {
              Set<UUID> campaigns = new java.util.HashSet<>();
              rows.forEach(r -> campaigns.add(r.getUuid(0)));
              return Future.all(
                      campaigns.stream()
                          .map(c -> cql.run(deleteCampaignDecisions.bind(c, patientId)))
                          .toList())
                  .map(campaigns.size());
            });
  }

  /** The imported patient an app account was linked to, if any. */
  Future<Optional<UUID>> patientOfAccount(UUID accountId) {
    return cql.one(selectPatientOfAccount.bind(accountId)).map(row -> row.map(r -> r.getUuid(0)));
  }

  Future<List<JsonObject>> rows(String table, UUID patientId) {
    return cql.all(selectAll.get(table).bind(patientId)).map(CrmPrivacyRepository::json);
  }

  Future<List<JsonObject>> timeline(UUID patientId, int month) {
    return cql.all(selectTimeline.bind(patientId, month)).map(CrmPrivacyRepository::json);
  }

  Future<List<JsonObject>> reads(UUID patientId, int month) {
    return cql.all(selectReadsJson.bind(patientId, month)).map(CrmPrivacyRepository::json);
  }

  /** Where else the patient is, and the earliest time any row of theirs can be from. */
  Future<Traces> traces(UUID patientId, Instant since) {
    Future<Optional<Row>> record = cql.one(selectRecord.bind(patientId));
    Future<List<Row>> identities = cql.all(selectIdentities.bind(patientId));
    Future<Optional<Row>> appointments = cql.one(selectAppointmentTimes.bind(patientId));
    Future<Optional<Row>> visits = cql.one(selectFirstVisit.bind(patientId));
    Future<List<Row>> feedback = cql.all(selectFeedback.bind(patientId));
    return Future.all(record, identities, appointments, visits, feedback)
        .map(
            all -> {
              List<Instant> times = new ArrayList<>(List.of(since));
              record
                  .result()
                  .ifPresent(
                      r -> add(times, r.getInstant("registered_at"), r.getInstant("updated_at")));
              identities.result().forEach(r -> add(times, r.getInstant("linked_at")));
              appointments.result().ifPresent(r -> add(times, r.getInstant(0), r.getInstant(1)));
              visits
                  .result()
                  .map(r -> r.getLocalDate(0))
                  .ifPresent(
                      day -> times.add(day.atTime(LocalTime.MIDNIGHT).toInstant(ZoneOffset.UTC)));
              feedback.result().forEach(r -> add(times, r.getInstant("given_at")));
              return new Traces(
                  record.result().map(r -> r.getString("email")),
                  identities.result().stream()
                      .map(r -> new Identity(r.getString("system"), r.getString("value")))
                      .toList(),
                  feedback.result().stream().map(r -> r.getUuid("appointment_id")).toList(),
                  record.result().map(r -> r.getUuid("account_id")),
                  times.stream().min(Instant::compareTo).orElseThrow());
            });
  }

  private static void add(List<Instant> times, Instant... found) {
    Stream.of(found).filter(Objects::nonNull).forEach(times::add);
  }

  /** Deletes the patient's partition of a table keyed by their id alone: the rows it had. */
  Future<Integer> deleteAll(String table, UUID patientId) {
    return cql.all(selectAll.get(table).bind(patientId))
        .compose(rows -> cql.run(deleteAll.get(table).bind(patientId)).map(rows.size()));
  }

  Future<Integer> deleteTimeline(UUID patientId, int month) {
    return cql.all(selectTimeline.bind(patientId, month))
        .compose(
            rows ->
                rows.isEmpty()
                    ? Future.succeededFuture(0)
                    : cql.run(deleteTimeline.bind(patientId, month)).map(rows.size()));
  }

  /** Moves a month of reads of the record to the pseudonym: who read what stays known. */
  Future<Integer> moveReads(UUID patientId, UUID pseudonym, int month) {
    return cql.all(selectReads.bind(patientId, month))
        .compose(
            rows -> {
              List<Read> reads =
                  rows.stream()
                      .map(
                          r -> new Read(r.getUuid(0), r.getUuid(1), r.getString(2), r.getString(3)))
                      .toList();
              return Future.all(
                      reads.stream()
                          .map(
                              r ->
                                  cql.run(
                                      insertRead.bind(
                                          pseudonym,
                                          month,
                                          r.readAt(),
                                          r.staffId(),
                                          r.staffRole(),
                                          r.what())))
                          .toList())
                  .compose(
                      v ->
                          reads.isEmpty()
                              ? Future.succeededFuture()
                              : cql.run(deleteReads.bind(patientId, month)))
                  .map(reads.size());
            });
  }

  /** Frees the address for whoever registers with it next, if it is still the patient's. */
  Future<Boolean> releaseEmail(String email, UUID patientId) {
    return cql.applied(releaseEmail.bind(email, patientId));
  }

  Future<Boolean> releaseIdentity(Identity identity, UUID patientId) {
    return cql.applied(releaseIdentity.bind(identity.system(), identity.value(), patientId));
  }

  Future<Boolean> releaseFeedback(UUID appointmentId, UUID patientId) {
    return cql.applied(releaseFeedback.bind(appointmentId, patientId));
  }

  Future<Void> forgetAccount(UUID accountId) {
    return cql.run(forgetAccount.bind(accountId));
  }

  /**
   * Removes the patient's stage transitions from their clinics' days, found by their stage history
   * and clinics (a patient's clinics only grow): run it before the history goes.
   */
  Future<Integer> deleteTransitions(UUID patientId) {
    Future<List<Row>> steps = cql.all(selectStageSteps.bind(patientId));
    Future<Set<UUID>> clinics =
        cql.one(selectClinics.bind(patientId))
            .map(row -> row.map(r -> r.getSet(0, UUID.class)).orElse(Set.of()));
    return Future.all(steps, clinics)
        .compose(
            both ->
                Future.all(
                        steps.result().stream()
                            .map(step -> step.getInstant(0))
                            .flatMap(
                                at ->
                                    clinics.result().stream()
                                        .map(
                                            clinic ->
                                                cql.run(
                                                    deleteTransition.bind(
                                                        clinic,
                                                        at.atZone(ZoneOffset.UTC).toLocalDate(),
                                                        at,
                                                        patientId))))
                            .toList())
                    .map(all -> all.size()));
  }

  Future<Void> unlist(int shard, UUID patientId) {
    return cql.run(unlist.bind(shard, patientId));
  }

  private static List<JsonObject> json(List<Row> rows) {
    return rows.stream().map(r -> new JsonObject(r.getString(0))).toList();
  }
}
