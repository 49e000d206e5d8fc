package io.careloop.patient.care;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.auth.CarerRight;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Carers' invitations and care links, in the tables of 011_carers.cql. */
public final class CareRepository {

  private final Cql cql;
  private final PreparedStatement insertInvitation;
  private final PreparedStatement insertPending;
  private final PreparedStatement selectInvitation;
  private final PreparedStatement claimInvitation;
  private final PreparedStatement deleteInvitation;
  private final PreparedStatement deletePending;
  private final PreparedStatement pendingOf;
  private final PreparedStatement insertLinkByPatient;
  private final PreparedStatement insertLinkByCarer;
  private final PreparedStatement linksOfPatient;
  private final PreparedStatement linksOfCarer;
  private final PreparedStatement link;
  private final PreparedStatement deleteLinkByPatient;
  private final PreparedStatement deleteLinkByCarer;

  /** Prepares its statements: construct it on a worker thread. */
  public CareRepository(CqlSession session) {
    this.cql = new Cql(session);
    insertInvitation =
        session.prepare(
            "INSERT INTO carer_invitations_by_id (invitation_id, patient_id, email, rights,"
                + " created_at) VALUES (?, ?, ?, ?, ?)");
    insertPending =
        session.prepare(
            "INSERT INTO carer_invitations_by_patient (patient_id, invitation_id, email,"
                + " rights, created_at) VALUES (?, ?, ?, ?, ?)");
    selectInvitation =
        session.prepare(
            "SELECT patient_id, email, rights, created_at, accepted_by"
                + " FROM carer_invitations_by_id WHERE invitation_id = ?");
    claimInvitation =
        session.prepare(
            "UPDATE carer_invitations_by_id SET accepted_by = ? WHERE invitation_id = ?"
                + " IF accepted_by = null");
    deleteInvitation =
        session.prepare("DELETE FROM carer_invitations_by_id WHERE invitation_id = ?");
    deletePending =
        session.prepare(
            "DELETE FROM carer_invitations_by_patient WHERE patient_id = ? AND invitation_id = ?");
    pendingOf =
        session.prepare(
            "SELECT invitation_id, email, rights, created_at FROM carer_invitations_by_patient"
                + " WHERE patient_id = ?");
    insertLinkByPatient =
        session.prepare(
            "INSERT INTO carers_by_patient (patient_id, carer_id, link_id, rights, since,"
                + " recorded_by, consent) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insertLinkByCarer =
        session.prepare(
            "INSERT INTO patients_by_carer (carer_id, patient_id, link_id, rights, since,"
                + " recorded_by, consent) VALUES (?, ?, ?, ?, ?, ?, ?)");
    linksOfPatient =
        session.prepare(
            "SELECT patient_id, carer_id, link_id, rights, since, recorded_by, consent"
                + " FROM carers_by_patient"
                + " WHERE patient_id = ?");
    linksOfCarer =
        session.prepare(
            "SELECT patient_id, carer_id, link_id, rights, since, recorded_by, consent"
                + " FROM patients_by_carer"
                + " WHERE carer_id = ?");
    link =
        session.prepare(
            "SELECT patient_id, carer_id, link_id, rights, since, recorded_by, consent"
                + " FROM carers_by_patient"
                + " WHERE patient_id = ? AND carer_id = ?");
    deleteLinkByPatient =
        session.prepare("DELETE FROM carers_by_patient WHERE patient_id = ? AND carer_id = ?");
    deleteLinkByCarer =
        session.prepare("DELETE FROM patients_by_carer WHERE carer_id = ? AND patient_id = ?");
  }

  public Future<Void> invite(Invitation i) {
    Set<String> rights = claims(i.rights());
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            insertInvitation.bind(i.id(), i.patientId(), i.email(), rights, i.createdAt()),
            insertPending.bind(i.patientId(), i.id(), i.email(), rights, i.createdAt())));
  }

  public Future<Optional<Invitation>> invitation(UUID id) {
    return cql.one(selectInvitation.bind(id))
        .map(
            row ->
                row.map(
                    r ->
                        new Invitation(
                            id,
                            r.getUuid("patient_id"),
                            r.getString("email"),
                            rights(r),
                            r.getInstant("created_at"),
                            Optional.ofNullable(r.getUuid("accepted_by")))));
  }

  /** Claims the invitation for {@code carer}: false when someone accepted it first. */
  public Future<Boolean> claim(UUID invitationId, UUID carer) {
    return cql.applied(claimInvitation.bind(carer, invitationId));
  }

  /** The invitation is used or withdrawn: both its rows go. */
  public Future<Void> forgetInvitation(UUID patientId, UUID invitationId) {
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            deleteInvitation.bind(invitationId),
            deletePending.bind(patientId, invitationId)));
  }

  public Future<List<Invitation>> pendingOf(UUID patientId) {
    return cql.all(pendingOf.bind(patientId))
        .map(
            rows ->
                rows.stream()
                    .map(
                        r ->
                            new Invitation(
                                r.getUuid("invitation_id"),
                                patientId,
                                r.getString("email"),
                                rights(r),
                                r.getInstant("created_at"),
                                Optional.empty()))
                    .toList());
  }

  public Future<Void> link(CareLink l) {
    Set<String> rights = claims(l.rights());
    // nulls on purpose: a link by invitation that replaces a recorded one clears its consent
    UUID by = l.recorded().map(CareLink.Recorded::by).orElse(null);
    String consent = l.recorded().map(CareLink.Recorded::consent).orElse(null);
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            insertLinkByPatient.bind(
                l.patientId(), l.carerId(), l.linkId(), rights, l.since(), by, consent),
            insertLinkByCarer.bind(
                l.carerId(), l.patientId(), l.linkId(), rights, l.since(), by, consent)));
  }

  public Future<Optional<CareLink>> link(UUID patientId, UUID carerId) {
    return cql.one(link.bind(patientId, carerId)).map(row -> row.map(CareRepository::careLink));
  }

  public Future<List<CareLink>> carersOf(UUID patientId) {
    return cql.all(linksOfPatient.bind(patientId))
        .map(rows -> rows.stream().map(CareRepository::careLink).toList());
  }

  public Future<List<CareLink>> patientsOf(UUID carerId) {
    return cql.all(linksOfCarer.bind(carerId))
        .map(rows -> rows.stream().map(CareRepository::careLink).toList());
  }

  public Future<Void> unlink(CareLink l) {
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            deleteLinkByPatient.bind(l.patientId(), l.carerId()),
            deleteLinkByCarer.bind(l.carerId(), l.patientId())));
  }

  private static CareLink careLink(Row r) {
    return new CareLink(
        r.getUuid("patient_id"),
        r.getUuid("carer_id"),
        r.getUuid("link_id"),
        rights(r),
        r.getInstant("since"),
        r.isNull("recorded_by")
            ? Optional.empty()
            : Optional.of(new CareLink.Recorded(r.getUuid("recorded_by"), r.getString("consent"))));
  }

  private static Set<CarerRight> rights(Row r) {
    return r.getSet("rights", String.class).stream()
        .map(CarerRight::fromClaim)
        .collect(Collectors.toSet());
  }

  private static Set<String> claims(Set<CarerRight> rights) {
    return rights.stream().map(CarerRight::claim).collect(Collectors.toSet());
  }
}
