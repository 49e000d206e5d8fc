package io.careloop.crm.campaign;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Campaigns and their decisions in crm_campaigns_by_chain, the decision tables and the patients'
 * turns.
 */
public final class CampaignRepository {

  private static final int CHAIN = 0;

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement replaceDraft;
  private final PreparedStatement selectOne;
  private final PreparedStatement selectAll;
  private final PreparedStatement approve;
  private final PreparedStatement end;
  private final PreparedStatement claimDecision;
  private final PreparedStatement settleDecision;
  private final PreparedStatement selectOutcome;
  private final PreparedStatement listOfPatient;
  private final PreparedStatement insertOfPatient;
  private final PreparedStatement selectDecisions;
  private final PreparedStatement selectOfPatientSince;
  private final PreparedStatement takeTurn;
  private final PreparedStatement endTurn;

  /** Prepares its statements: construct it on a worker thread. */
  public CampaignRepository(CqlSession session) {
    this.cql = new Cql(session);
    String columns =
        "campaign_id, version, supersedes, spec, state, created_by, created_at, approved_by,"
            + " approved_at, ended_at";
    insert =
        session.prepare(
            "INSERT INTO crm_campaigns_by_chain (chain, campaign_id, version, supersedes, spec,"
                + " state, created_by, created_at) VALUES (0, ?, ?, ?, ?, 'draft', ?, ?) IF NOT EXISTS");
    replaceDraft =
        session.prepare(
            "UPDATE crm_campaigns_by_chain SET spec = ? WHERE chain = 0 AND campaign_id = ?"
                + " IF state = 'draft'");
    selectOne =
        session.prepare(
            "SELECT "
                + columns
                + " FROM crm_campaigns_by_chain WHERE chain = ? AND campaign_id = ?");
    selectAll =
        session.prepare("SELECT " + columns + " FROM crm_campaigns_by_chain WHERE chain = ?");
    approve =
        session.prepare(
            "UPDATE crm_campaigns_by_chain SET state = 'approved', approved_by = ?, approved_at = ?"
                + " WHERE chain = 0 AND campaign_id = ? IF state = 'draft'");
    end =
        session.prepare(
            "UPDATE crm_campaigns_by_chain SET state = 'ended', ended_at = ?"
                + " WHERE chain = 0 AND campaign_id = ? IF state IN ('draft', 'approved')");
    claimDecision =
        session.prepare(
            "INSERT INTO crm_campaign_decisions_by_campaign (campaign_id, patient_id, occurrence,"
                + " decided_at, account_id, outcome, claimed_at) VALUES (?, ?, ?, ?, ?, 'deciding', ?)");
    settleDecision =
        session.prepare(
            "UPDATE crm_campaign_decisions_by_campaign SET outcome = ?, reason = ?, due_at = ?"
                + " WHERE campaign_id = ? AND patient_id = ? AND occurrence = ?");
    selectOutcome =
        session.prepare(
            "SELECT outcome FROM crm_campaign_decisions_by_campaign"
                + " WHERE campaign_id = ? AND patient_id = ? AND occurrence = ?");
    listOfPatient =
        session.prepare(
            "INSERT INTO crm_campaign_messages_by_patient (patient_id, decided_at, campaign_id,"
                + " occurrence) VALUES (?, ?, ?, ?)");
    insertOfPatient =
        session.prepare(
            "INSERT INTO crm_campaign_messages_by_patient (patient_id, decided_at, campaign_id,"
                + " occurrence, outcome, reason) VALUES (?, ?, ?, ?, ?, ?)");
    selectDecisions =
        session.prepare(
            "SELECT campaign_id, patient_id, occurrence, decided_at, account_id, outcome, reason,"
                + " due_at, claimed_at FROM crm_campaign_decisions_by_campaign WHERE campaign_id = ?");
    selectOfPatientSince =
        session.prepare(
            "SELECT outcome FROM crm_campaign_messages_by_patient WHERE patient_id = ?"
                + " AND decided_at >= ?");
    takeTurn =
        session.prepare(
            "INSERT INTO crm_campaign_turn_by_patient (patient_id, holder, deciding)"
                + " VALUES (?, ?, ?) IF NOT EXISTS USING TTL ?");
    endTurn =
        session.prepare(
            "DELETE FROM crm_campaign_turn_by_patient WHERE patient_id = ? IF holder = ?");
  }

  /** Stores a new draft; false if the id was taken. */
  public Future<Boolean> insert(Campaign c) {
    return cql.applied(
        insert.bind(
            c.id(),
            c.version(),
            c.supersedes().orElse(null),
            c.spec().toJson().encode(),
            c.createdBy(),
            c.createdAt()));
  }

  /** Rewrites a draft; false if it is no longer one. */
  public Future<Boolean> replaceDraft(UUID id, CampaignSpec spec) {
    return cql.applied(replaceDraft.bind(spec.toJson().encode(), id));
  }

  public Future<Optional<Campaign>> find(UUID id) {
    return cql.one(selectOne.bind(CHAIN, id)).map(row -> row.map(CampaignRepository::campaign));
  }

  public Future<List<Campaign>> all() {
    return cql.all(selectAll.bind(CHAIN))
        .map(rows -> rows.stream().map(CampaignRepository::campaign).toList());
  }

  /** Approves a draft; false if it was not one (approved already, or ended). */
  public Future<Boolean> approve(UUID id, UUID admin, Instant at) {
    return cql.applied(approve.bind(admin, at, id));
  }

  /** Ends a draft or approved campaign; false if it had ended. */
  public Future<Boolean> end(UUID id, Instant at) {
    return cql.applied(end.bind(at, id));
  }

  /**
   * Takes the decision for this patient and firing unless it was taken before; true if taken now.
   * Called only in the patient's turn, which keeps the read and the writes together (a lightweight
   * transaction here would put every claim of a campaign on its one partition). Listed under the
   * patient first (the key alone, so that a late claim never overwrites an outcome), so that an
   * erasure finds every decision about them. {@code decidedAt} is the firing's time, the same for
   * every instance that hears it, so they all list one row.
   */
  public Future<Boolean> claim(Decision d, Instant claimedAt) {
    return claimed(d.campaignId(), d.patientId(), d.occurrence())
        .compose(
            before ->
                before
                    ? Future.succeededFuture(false)
                    : cql.run(
                            listOfPatient.bind(
                                d.patientId(), d.decidedAt(), d.campaignId(), d.occurrence()))
                        .compose(
                            v ->
                                cql.run(
                                    Cql.unsetNulls(
                                        claimDecision.bind(
                                            d.campaignId(),
                                            d.patientId(),
                                            d.occurrence(),
                                            d.decidedAt(),
                                            d.accountId().orElse(null),
                                            claimedAt))))
                        .map(true));
  }

  /** Whether a decision for this patient and firing was claimed (decided or not). */
  public Future<Boolean> claimed(UUID campaignId, UUID patientId, String occurrence) {
    return cql.one(selectOutcome.bind(campaignId, patientId, occurrence)).map(Optional::isPresent);
  }

  /**
   * Records the outcome of a claimed decision, by campaign and by patient, unless it has one
   * already (a repair after a slow first decider) or is gone (erased): false then, and nothing
   * written. Called only in the patient's turn, which keeps the read and the write together.
   */
  public Future<Boolean> settle(Decision d) {
    return cql.one(selectOutcome.bind(d.campaignId(), d.patientId(), d.occurrence()))
        .compose(
            row ->
                row.filter(r -> Decision.DECIDING.equals(r.getString("outcome"))).isPresent()
                    ? write(d).map(true)
                    : Future.succeededFuture(false));
  }

  private Future<Void> write(Decision d) {
    // A claimed decision has no reason nor due time yet: absent ones are left unset, not written
    // as tombstones that every read of the campaign's decisions would step over.
    return cql.run(
            Cql.unsetNulls(
                settleDecision.bind(
                    d.outcome(),
                    d.reason().orElse(null),
                    d.dueAt().orElse(null),
                    d.campaignId(),
                    d.patientId(),
                    d.occurrence())))
        .compose(
            v ->
                cql.run(
                    Cql.unsetNulls(
                        insertOfPatient.bind(
                            d.patientId(),
                            d.decidedAt(),
                            d.campaignId(),
                            d.occurrence(),
                            d.outcome(),
                            d.reason().orElse(null)))));
  }

  public Future<List<Decision>> decisions(UUID campaignId) {
    return cql.all(selectDecisions.bind(campaignId))
        .map(rows -> rows.stream().map(CampaignRepository::decision).toList());
  }

  /**
   * The campaign's decisions still undecided that were claimed before {@code claimedBefore} (or
   * before claims had a time).
   */
  public Future<List<Decision>> undecided(UUID campaignId, Instant claimedBefore) {
    return cql.all(selectDecisions.bind(campaignId))
        .map(
            rows ->
                rows.stream()
                    .filter(r -> Decision.DECIDING.equals(r.getString("outcome")))
                    .filter(
                        r ->
                            r.getInstant("claimed_at") == null
                                || r.getInstant("claimed_at").isBefore(claimedBefore))
                    .map(CampaignRepository::decision)
                    .toList());
  }

  /**
   * The patient's turn as {@link #takeTurn} found it: taken now, or held by another for what it
   * said it decides (empty when it did not say).
   */
  public record Turn(boolean mine, Optional<String> heldFor) {

    /** What a turn taken to decide a campaign's firing for the patient says it decides. */
    public static String deciding(UUID campaignId, String occurrence) {
      return campaignId + "/" + occurrence;
    }
  }

  /**
   * Takes the patient's turn for {@code holder}, to decide {@code deciding}, for at most {@code
   * ttl}; when another holds it, what they decide comes with the answer (no further read).
   */
  public Future<Turn> takeTurn(UUID patientId, UUID holder, String deciding, Duration ttl) {
    return cql.execute(takeTurn.bind(patientId, holder, deciding, (int) ttl.toSeconds()))
        .map(
            rs -> {
              if (rs.wasApplied()) {
                return new Turn(true, Optional.empty());
              }
              Row held = rs.one();
              return new Turn(
                  false, Optional.ofNullable(held == null ? null : held.getString("deciding")));
            });
  }

  /** Gives the turn back, if {@code holder} still has it. */
  public Future<Void> endTurn(UUID patientId, UUID holder) {
    return cql.applied(endTurn.bind(patientId, holder)).mapEmpty();
  }

  /** How many messages were planned for the patient, by any campaign, since {@code since}. */
  public Future<Integer> plannedSince(UUID patientId, Instant since) {
    return cql.all(selectOfPatientSince.bind(patientId, since))
        .map(
            rows ->
                (int)
                    rows.stream()
                        .filter(r -> Decision.PLANNED.equals(r.getString("outcome")))
                        .count());
  }

  private static Campaign campaign(Row r) {
    return new Campaign(
        r.getUuid("campaign_id"),
        r.getInt("version"),
        Optional.ofNullable(r.getUuid("supersedes")),
        CampaignParser.parse(new JsonObject(r.getString("spec"))),
        Campaign.State.fromDb(r.getString("state")),
        r.getUuid("created_by"),
        r.getInstant("created_at"),
        Optional.ofNullable(r.getUuid("approved_by")),
        Optional.ofNullable(r.getInstant("approved_at")),
        Optional.ofNullable(r.getInstant("ended_at")));
  }

  private static Decision decision(Row r) {
    return new Decision(
        r.getUuid("campaign_id"),
        r.getUuid("patient_id"),
        r.getString("occurrence"),
        r.getInstant("decided_at"),
        Optional.ofNullable(r.getUuid("account_id")),
        r.getString("outcome"),
        Optional.ofNullable(r.getString("reason")),
        Optional.ofNullable(r.getInstant("due_at")));
  }
}
