package io.careloop.patient.http;

import io.careloop.patient.journey.Journeys;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Replies;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** The journey funnel of a clinic, for admins. */
public final class JourneyApi implements HttpApi {

  private final Journeys journeys;

  public JourneyApi(Journeys journeys) {
    this.journeys = journeys;
  }

  @Override
  public void addTo(Operations operations) {
    operations.on("getJourneyFunnel", this::funnel);
  }

  private void funnel(RoutingContext ctx) {
    journeys
        .funnel(
            RequestFields.uuid("clinicId", ctx.queryParams().get("clinicId")),
            RequestFields.queryDate(ctx, "from"),
            RequestFields.queryDate(ctx, "to"),
            Optional.ofNullable(ctx.queryParams().get("need")))
        .onSuccess(funnel -> Replies.ok(ctx, funnel))
        .onFailure(ctx::fail);
  }
}
