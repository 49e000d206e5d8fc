package io.careloop.crm.http;

import io.careloop.crm.forecast.Forecasts;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Problem;
import io.careloop.platform.http.Replies;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** The demand forecast of a clinic's service, for planning staff. */
public final class ForecastApi implements HttpApi {

  static final int DEFAULT_WEEKS = 12;

  private final Forecasts forecasts;

  public ForecastApi(Forecasts forecasts) {
    this.forecasts = forecasts;
  }

  @Override
  public void addTo(Operations operations) {
    operations.on("getClinicForecast", this::forecast);
  }

  private void forecast(RoutingContext ctx) {
    UUID clinicId = Params.pathUuid(ctx, "clinicId");
    UUID serviceId =
        Params.queryUuid(ctx, "serviceId")
            .orElseThrow(() -> Problem.validation("serviceId is required"));
    String weeks = ctx.queryParams().get("weeks");
    forecasts
        .forecast(clinicId, serviceId, weeks == null ? DEFAULT_WEEKS : Integer.parseInt(weeks))
        .onSuccess(body -> Replies.ok(ctx, body))
        .onFailure(ctx::fail);
  }
}
