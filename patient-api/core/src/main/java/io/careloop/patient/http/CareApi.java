package io.careloop.patient.http;

import io.careloop.patient.care.Carers;
import io.careloop.platform.auth.CarerRight;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Replies;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Carers: the patient's invitations and revocations, the carer's acceptance, list and acting
 * tokens, and the links an admin records on a patient's documented consent, or revokes.
 */
public final class CareApi implements HttpApi {

  private final Carers carers;

  public CareApi(Carers carers) {
    this.carers = carers;
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("inviteCarer", this::invite)
        .on("listMyCarers", this::listMine)
        .on("revokeCarer", this::revoke)
        .on("acceptCarerInvitation", this::accept)
        .on("listCaredForPatients", this::caredFor)
        .on("actForPatient", this::actFor)
        .on("recordCarer", this::record)
        .on("adminRevokeCarer", this::adminRevoke);
  }

  private void invite(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    carers
        .invite(Principal.of(ctx).accountId(), body.getString("email"), rights(body))
        .onSuccess(invitation -> Replies.created(ctx, invitation.toJson()))
        .onFailure(ctx::fail);
  }

  private void record(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    carers
        .record(
            Principal.of(ctx).accountId(),
            RequestFields.pathUuid(ctx, "patientId"),
            body.getString("carerEmail"),
            rights(body),
            body.getString("consent"))
        .onSuccess(link -> Replies.created(ctx, link.toJson()))
        .onFailure(ctx::fail);
  }

  private void adminRevoke(RoutingContext ctx) {
    carers
        .revoke(RequestFields.pathUuid(ctx, "patientId"), RequestFields.pathUuid(ctx, "carerId"))
        .onSuccess(v -> Replies.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private static Set<CarerRight> rights(JsonObject body) {
    return body.getJsonArray("rights").stream()
        .map(r -> CarerRight.fromClaim((String) r))
        .collect(Collectors.toSet());
  }

  private void listMine(RoutingContext ctx) {
    carers
        .ofPatient(Principal.of(ctx).accountId())
        .onSuccess(list -> Replies.ok(ctx, list))
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    carers
        .revoke(Principal.of(ctx).accountId(), RequestFields.pathUuid(ctx, "carerId"))
        .onSuccess(v -> Replies.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void accept(RoutingContext ctx) {
    carers
        .accept(RequestFields.pathUuid(ctx, "invitationId"), Principal.of(ctx).accountId())
        .onSuccess(link -> Replies.ok(ctx, link.toJson()))
        .onFailure(ctx::fail);
  }

  private void caredFor(RoutingContext ctx) {
    carers
        .patientsOf(Principal.of(ctx).accountId())
        .onSuccess(list -> Replies.ok(ctx, new JsonObject().put("patients", list)))
        .onFailure(ctx::fail);
  }

  private void actFor(RoutingContext ctx) {
    UUID patientId = RequestFields.pathUuid(ctx, "patientId");
    carers
        .actingToken(Principal.of(ctx).accountId(), patientId)
        .onSuccess(token -> Replies.ok(ctx, token))
        .onFailure(ctx::fail);
  }
}
