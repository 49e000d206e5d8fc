package io.careloop.patient.care;

import io.careloop.patient.account.AccountService;
import io.careloop.platform.auth.CarerRight;
import io.careloop.platform.auth.Role;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Carers who act for patients: a patient invites one by e-mail with chosen rights, the carer
 * accepts with their own account, and may then ask for short-lived acting tokens; the patient
 * revokes at once (the link's tokens end on every instance). For a patient who cannot use the app,
 * an admin records the link on the patient's documented consent, and may revoke it too. A carer may
 * care for several people.
 */
public final class Carers {

  private final CareRepository repository;
  private final AccountService accounts;
  private final Clock clock;

  public Carers(CareRepository repository, AccountService accounts, Clock clock) {
    this.repository = repository;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** Invites the carer at {@code email}; a patient cannot be their own carer. */
  public Future<Invitation> invite(UUID patientId, String email, Set<CarerRight> rights) {
    String address = AccountService.normalizeEmail(email);
    return accounts
        .find(patientId)
        .compose(
            patient -> {
              if (patient.email().equals(address)) {
                return Future.failedFuture(yourOwnCarer());
              }
              Invitation invitation =
                  new Invitation(
                      UUID.randomUUID(),
                      patientId,
                      address,
                      rights,
                      clock.instant(),
                      Optional.empty());
              return repository.invite(invitation).map(invitation);
            });
  }

  /**
   * The caller becomes the carer, if the invitation was sent to their address and nobody used it:
   * otherwise 404, as if there were none (an invitation is nobody else's business).
   */
  public Future<CareLink> accept(UUID invitationId, UUID callerId) {
    return repository
        .invitation(invitationId)
        .compose(
            found ->
                accounts
                    .find(callerId)
                    .compose(
                        caller -> {
                          if (found.isEmpty()
                              || !found.get().email().equals(caller.email())
                              || found.get().acceptedBy().isPresent()) {
                            return Future.failedFuture(
                                Problem.notFound(
                                    "No invitation "
                                        + invitationId
                                        + " for you: it was used, withdrawn or has expired"));
                          }
                          Invitation invitation = found.get();
                          return repository
                              .claim(invitationId, callerId)
                              .compose(
                                  claimed ->
                                      claimed
                                          ? linked(invitation, callerId)
                                          : Future.failedFuture(
                                              Problem.notFound(
                                                  "Invitation " + invitationId + " was used")));
                        }));
  }

  private Future<CareLink> linked(Invitation invitation, UUID carer) {
    CareLink link =
        new CareLink(
            invitation.patientId(),
            carer,
            UUID.randomUUID(),
            invitation.rights(),
            clock.instant(),
            Optional.empty());
    return replaced(link)
        .compose(v -> repository.forgetInvitation(invitation.patientId(), invitation.id()))
        .map(link);
  }

  /**
   * An admin links the carer at {@code carerEmail} to the patient on the patient's documented
   * consent ({@code consent} says what documents it, e.g. a signed form's reference), for a patient
   * who cannot invite one in the app. The carer must have an account; the link is recorded with the
   * admin and the consent, and acts like one the patient made.
   */
  public Future<CareLink> record(
      UUID adminId, UUID patientId, String carerEmail, Set<CarerRight> rights, String consent) {
    String address = AccountService.normalizeEmail(carerEmail);
    return accounts
        .find(patientId)
        .compose(
            patient ->
                patient.role() != Role.PATIENT
                    ? Future.failedFuture(Problem.notFound("No patient " + patientId))
                    : accounts.findByEmail(address))
        .compose(
            carer -> {
              if (carer.isEmpty()) {
                return Future.failedFuture(
                    Problem.notFound(
                        "No account with that e-mail address: the carer signs up in the app"
                            + " first"));
              }
              if (carer.get().id().equals(patientId)) {
                return Future.failedFuture(yourOwnCarer());
              }
              CareLink link =
                  new CareLink(
                      patientId,
                      carer.get().id(),
                      UUID.randomUUID(),
                      rights,
                      clock.instant(),
                      Optional.of(new CareLink.Recorded(adminId, consent.strip())));
              return replaced(link).map(link);
            });
  }

  /** A new link replaces an earlier one of the same two people, ending its tokens. */
  private Future<Void> replaced(CareLink link) {
    return repository
        .link(link.patientId(), link.carerId())
        .compose(
            earlier ->
                earlier
                    .map(old -> accounts.endCareLink(old.linkId()))
                    .orElse(Future.succeededFuture()))
        .compose(v -> repository.link(link));
  }

  private static Problem yourOwnCarer() {
    return new Problem(
        422,
        "cannot-care-for-yourself",
        "You cannot be your own carer",
        "Invite the person who helps you, at their own e-mail address");
  }

  /** The carers of the patient who hold {@code right}. */
  public Future<List<UUID>> carersWith(UUID patientId, CarerRight right) {
    return repository
        .carersOf(patientId)
        .map(
            links ->
                links.stream()
                    .filter(l -> l.rights().contains(right))
                    .map(CareLink::carerId)
                    .toList());
  }

  /** The patient's carers and the invitations still waiting. */
  public Future<JsonObject> ofPatient(UUID patientId) {
    Future<List<CareLink>> carers = repository.carersOf(patientId);
    Future<List<Invitation>> pending = repository.pendingOf(patientId);
    return Future.all(carers, pending)
        .map(
            v ->
                new JsonObject()
                    .put(
                        "carers",
                        new JsonArray(carers.result().stream().map(CareLink::toJson).toList()))
                    .put(
                        "invitations",
                        new JsonArray(pending.result().stream().map(Invitation::toJson).toList())));
  }

  /** The people the carer cares for, with their names (a list of ids is no use to a person). */
  public Future<JsonArray> patientsOf(UUID carerId) {
    return repository
        .patientsOf(carerId)
        .compose(
            links ->
                Future.all(
                        links.stream()
                            .map(
                                link ->
                                    accounts
                                        .find(link.patientId())
                                        .map(p -> link.toJson().put("name", p.name())))
                            .toList())
                    .map(all -> new JsonArray(all.<JsonObject>list())));
  }

  /**
   * Ends the link at once: its acting tokens are refused here now, on every instance within
   * seconds.
   */
  public Future<Void> revoke(UUID patientId, UUID carerId) {
    return requireLink(patientId, carerId)
        .compose(link -> repository.unlink(link).compose(v -> accounts.endCareLink(link.linkId())));
  }

  /** A short-lived token for the carer to act for the patient with the rights granted. */
  public Future<JsonObject> actingToken(UUID carerId, UUID patientId) {
    return requireLink(patientId, carerId)
        .compose(
            link ->
                accounts
                    .actingToken(patientId, carerId, link.linkId(), link.rights())
                    .map(
                        token ->
                            new JsonObject()
                                .put("accessToken", token)
                                .put("tokenType", "Bearer")
                                .put("patientId", patientId.toString())
                                .put("rights", CareLink.rightsJson(link.rights()))));
  }

  /** For a person's export: who cares for them, whom they care for, the invitations they sent. */
  public Future<JsonObject> export(UUID personId) {
    Future<List<CareLink>> carers = repository.carersOf(personId);
    Future<List<CareLink>> caredFor = repository.patientsOf(personId);
    Future<List<Invitation>> pending = repository.pendingOf(personId);
    return Future.all(carers, caredFor, pending)
        .map(
            v ->
                new JsonObject()
                    .put(
                        "carers",
                        new JsonArray(carers.result().stream().map(CareLink::toJson).toList()))
                    .put(
                        "caringFor",
                        new JsonArray(caredFor.result().stream().map(CareLink::toJson).toList()))
                    .put(
                        "invitations",
                        new JsonArray(pending.result().stream().map(Invitation::toJson).toList())));
  }

  /**
   * At a person's erasure: every link they are in ends (its tokens too), their invitations go; how
   * many rows.
   */
  public Future<Integer> forget(UUID personId) {
    Future<List<CareLink>> carers = repository.carersOf(personId);
    Future<List<CareLink>> caredFor = repository.patientsOf(personId);
    Future<List<Invitation>> pending = repository.pendingOf(personId);
    return Future.all(carers, caredFor, pending)
        .compose(
            v -> {
              List<CareLink> links = new ArrayList<>(carers.result());
              links.addAll(caredFor.result());
              List<Future<Void>> done = new ArrayList<>();
              links.forEach(
                  link ->
                      done.add(
                          repository
                              .unlink(link)
                              .compose(x -> accounts.endCareLink(link.linkId()))));
              pending
                  .result()
                  .forEach(i -> done.add(repository.forgetInvitation(personId, i.id())));
              return Future.all(done).map(x -> 2 * links.size() + 2 * pending.result().size());
            });
  }

  private Future<CareLink> requireLink(UUID patientId, UUID carerId) {
    return repository
        .link(patientId, carerId)
        .compose(
            link ->
                link.isPresent()
                    ? Future.succeededFuture(link.get())
                    : Future.failedFuture(
                        Problem.notFound(
                            "No care link between patient "
                                + patientId
                                + " and carer "
                                + carerId)));
  }
}
