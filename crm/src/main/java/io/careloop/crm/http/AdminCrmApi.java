package io.careloop.crm.http;

import io.careloop.crm.judgement.ClinicSummary;
import io.careloop.crm.model.input.InvalidModelInputException;
import io.careloop.crm.models.ModelRepository;
import io.careloop.crm.models.Models;
import io.careloop.crm.models.TierRefit;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Problem;
import io.careloop.platform.http.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The admin's side of the CRM's judgement: the tag rules as data, the value tiers (the last fit,
 * and a refit on demand), and a clinic's summary by stage, tier and recent transitions.
 */
public final class AdminCrmApi implements HttpApi {

  private final Models models;
  private final TierRefit tiers;
  private final ClinicSummary summary;

  public AdminCrmApi(Models models, TierRefit tiers, ClinicSummary summary) {
    this.models = models;
    this.tiers = tiers;
    this.summary = summary;
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("getTagRules", ctx -> Replies.ok(ctx, new JsonObject(models.tagRules().toJson())))
        .on("putTagRules", this::putTagRules)
        .on("getSegments", this::segments)
        .on(
            "refitSegments",
            ctx ->
                tiers
                    .refit(Optional.of(Principal.of(ctx).accountId()))
                    .onSuccess(report -> Replies.ok(ctx, report))
                    .onFailure(ctx::fail))
        .on(
            "getCrmSummary",
            ctx ->
                summary
                    .of(
                        Params.queryUuid(ctx, "clinicId")
                            .orElseThrow(() -> Problem.validation("clinicId is required")))
                    .onSuccess(json -> Replies.ok(ctx, json))
                    .onFailure(ctx::fail));
  }

  /**
   * A rule set that does not parse or names an unknown fact: 400 with the place, nothing stored.
   */
  private void putTagRules(RoutingContext ctx) {
    try {
      models
          .putTagRules(Params.body(ctx).encode(), Principal.of(ctx).accountId())
          .onSuccess(rules -> Replies.ok(ctx, new JsonObject(rules.toJson())))
          .onFailure(ctx::fail);
    } catch (InvalidModelInputException e) {
      throw new Problem(
          400,
          "validation",
          "The tag rules are not valid",
          e.getMessage(),
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

  /** The last fit's report; before any, no tiers. */
  private void segments(RoutingContext ctx) {
    models
        .stored(ModelRepository.TIERS)
        .onSuccess(
            fit ->
                Replies.ok(
                    ctx,
                    fit.map(ModelRepository.Stored::report)
                        .orElseGet(() -> new JsonObject().put("tiers", new JsonArray()))))
        .onFailure(ctx::fail);
  }
}
