package io.careloop.patient.http;

import io.careloop.patient.waitlist.Waitlist;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Problem;
import io.careloop.platform.http.Replies;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The patient's waitlist: join, list (with the offers made), leave, accept an offer; and the
 * clinic's waitlist figures for its staff.
 */
public final class WaitlistApi implements HttpApi {

  private final Waitlist waitlist;

  public WaitlistApi(Waitlist waitlist) {
    this.waitlist = waitlist;
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("joinWaitlist", this::join)
        .on("listMyWaitlist", this::listMine)
        .on("leaveWaitlist", this::leave)
        .on("acceptWaitlistOffer", this::accept)
        .on("getClinicWaitlistFigures", this::figures);
  }

  private void join(RoutingContext ctx) {
    JsonObject body = RequestFields.body(ctx);
    var request =
        new Waitlist.Request(
            RequestFields.uuid("clinicId", body.getString("clinicId")),
            RequestFields.uuid("serviceId", body.getString("serviceId")),
            RequestFields.optionalUuid(body, "providerId"),
            RequestFields.date("from", body.getString("from")),
            RequestFields.date("to", body.getString("to")));
    waitlist
        .join(Principal.of(ctx).accountId(), request)
        .onSuccess(entry -> Replies.created(ctx, entry.toJson()))
        .onFailure(ctx::fail);
  }

  private void listMine(RoutingContext ctx) {
    waitlist
        .of(Principal.of(ctx).accountId())
        .onSuccess(list -> Replies.ok(ctx, list))
        .onFailure(ctx::fail);
  }

  private void leave(RoutingContext ctx) {
    waitlist
        .leave(Principal.of(ctx).accountId(), RequestFields.pathUuid(ctx, "entryId"))
        .onSuccess(v -> Replies.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void accept(RoutingContext ctx) {
    waitlist
        .accept(Principal.of(ctx).accountId(), RequestFields.pathUuid(ctx, "offerId"))
        .onSuccess(appointment -> Replies.created(ctx, appointment.toJson()))
        .onFailure(ctx::fail);
  }

  private void figures(RoutingContext ctx) {
    UUID clinicId = RequestFields.pathUuid(ctx, "clinicId");
    LocalDate from = RequestFields.queryDate(ctx, "from");
    LocalDate to = RequestFields.queryDate(ctx, "to");
    if (!Principal.of(ctx).worksAt(clinicId)) {
      throw Problem.forbidden("You do not work at clinic " + clinicId);
    }
    waitlist
        .figures(clinicId, from, to)
        .onSuccess(figures -> Replies.ok(ctx, figures.toJson()))
        .onFailure(ctx::fail);
  }
}
