package io.careloop.crm.http;

import io.careloop.crm.campaign.Campaign;
import io.careloop.crm.campaign.CampaignStats;
import io.careloop.crm.campaign.Campaigns;
import io.careloop.crm.campaign.InvalidCampaignException;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Problem;
import io.careloop.platform.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * The admins' campaigns: draft, list, change (a new version once approved), approve, end, stats.
 */
public final class CampaignApi implements HttpApi {

  private final Campaigns campaigns;
  private final CampaignStats stats;

  public CampaignApi(Campaigns campaigns, CampaignStats stats) {
    this.campaigns = campaigns;
    this.stats = stats;
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("listCampaigns", this::list)
        .on(
            "createCampaign",
            ctx ->
                reply(
                    ctx,
                    201,
                    () -> campaigns.create(Params.body(ctx), Principal.of(ctx).accountId())))
        .on("getCampaign", ctx -> reply(ctx, 200, () -> campaigns.get(id(ctx))))
        .on("updateCampaign", this::update)
        .on(
            "approveCampaign",
            ctx -> reply(ctx, 200, () -> campaigns.approve(id(ctx), Principal.of(ctx).accountId())))
        .on("endCampaign", ctx -> reply(ctx, 200, () -> campaigns.end(id(ctx))))
        .on(
            "getCampaignStats",
            ctx ->
                campaigns
                    .get(id(ctx))
                    .compose(c -> stats.of(c.id()))
                    .onSuccess(json -> Replies.ok(ctx, json))
                    .onFailure(ctx::fail));
  }

  private void list(RoutingContext ctx) {
    campaigns
        .all()
        .onSuccess(
            all ->
                Replies.ok(
                    ctx,
                    new JsonObject()
                        .put(
                            "campaigns",
                            new JsonArray(
                                all.stream().map(c -> c.toJson(campaigns.now())).toList()))))
        .onFailure(ctx::fail);
  }

  /** 200 for a draft rewritten, 201 for a new version of an approved campaign. */
  private void update(RoutingContext ctx) {
    java.util.UUID id = id(ctx);
    checked(() -> campaigns.edit(id, Params.body(ctx), Principal.of(ctx).accountId()))
        .onSuccess(c -> Replies.json(ctx, c.id().equals(id) ? 200 : 201, c.toJson(campaigns.now())))
        .onFailure(ctx::fail);
  }

  private void reply(RoutingContext ctx, int status, Supplier<Future<Campaign>> action) {
    checked(action)
        .onSuccess(c -> Replies.json(ctx, status, c.toJson(campaigns.now())))
        .onFailure(ctx::fail);
  }

  private static java.util.UUID id(RoutingContext ctx) {
    return Params.pathUuid(ctx, "campaignId");
  }

  /** A campaign that is not valid: 400 with the JSON pointer of the place, nothing stored. */
  private static Future<Campaign> checked(Supplier<Future<Campaign>> action) {
    try {
      return action.get();
    } catch (InvalidCampaignException e) {
      return Future.failedFuture(invalid(e));
    }
  }

  private static Problem invalid(InvalidCampaignException e) {
    return new Problem(
        400,
        "validation",
        "The campaign is not valid",
        e.pointer() + ": " + e.reason(),
        new JsonObject()
            .put(
                "errors",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("pointer", "#" + e.pointer())
                            .put("detail", e.reason()))));
  }
}
