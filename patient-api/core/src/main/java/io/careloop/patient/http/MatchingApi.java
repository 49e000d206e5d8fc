package io.careloop.patient.http;

import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.journey.JourneyStage;
import io.careloop.patient.journey.Journeys;
import io.careloop.patient.matching.ExpertiseRepository;
import io.careloop.patient.matching.ProviderMatching;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Problem;
import io.careloop.platform.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Doctor matching: the providers recommended to a patient, and what admins declare for it (each
 * provider's expertise per service, each service's complexity).
 */
public final class MatchingApi implements HttpApi {

  private final ProviderMatching matching;
  private final ExpertiseRepository expertise;
  private final ClinicCatalog catalog;
  private final Journeys journeys;

  public MatchingApi(
      ProviderMatching matching,
      ExpertiseRepository expertise,
      ClinicCatalog catalog,
      Journeys journeys) {
    this.matching = matching;
    this.expertise = expertise;
    this.catalog = catalog;
    this.journeys = journeys;
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("recommendProviders", this::recommend)
        .on("setProviderExpertise", this::setExpertise)
        .on("setServiceComplexity", this::setComplexity);
  }

  private void recommend(RoutingContext ctx) {
    UUID clinicId = RequestFields.pathUuid(ctx, "clinicId");
    UUID serviceId = RequestFields.uuid("serviceId", ctx.queryParams().get("serviceId"));
    Principal caller = Principal.of(ctx);
    catalog
        .requireClinic(clinicId)
        .compose(
            clinic ->
                matching
                    .recommend(caller.accountId(), clinicId, serviceId)
                    .onSuccess(
                        ranked ->
                            journeys.reached(
                                caller.accountId(),
                                clinicId,
                                JourneyStage.VIEWED_PROVIDER,
                                Journeys.channelOf(caller)))
                    .map(
                        ranked ->
                            new JsonObject()
                                .put("clinicId", clinicId.toString())
                                .put("serviceId", serviceId.toString())
                                .put(
                                    "providers",
                                    new JsonArray(
                                        ranked.stream()
                                            .map(r -> r.toJson(clinic.zone()))
                                            .toList()))))
        .onSuccess(body -> Replies.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  private void setExpertise(RoutingContext ctx) {
    UUID providerId = RequestFields.pathUuid(ctx, "providerId");
    JsonArray services = RequestFields.body(ctx).getJsonArray("services");
    Map<UUID, Integer> levels = new LinkedHashMap<>();
    for (Object o : services) {
      JsonObject s = (JsonObject) o;
      levels.put(RequestFields.uuid("serviceId", s.getString("serviceId")), s.getInteger("level"));
    }
    catalog
        .provider(providerId)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(Problem.notFound("No provider " + providerId));
              }
              return levels.keySet().stream()
                  .filter(id -> !found.get().offers(id))
                  .findFirst()
                  .<Future<Void>>map(
                      id ->
                          Future.failedFuture(
                              Problem.validation(
                                  "services: the provider does not offer service " + id)))
                  .orElseGet(() -> expertise.declare(providerId, levels));
            })
        .onSuccess(v -> Replies.ok(ctx, new JsonObject().put("services", services)))
        .onFailure(ctx::fail);
  }

  private void setComplexity(RoutingContext ctx) {
    UUID serviceId = RequestFields.pathUuid(ctx, "serviceId");
    int complexity = RequestFields.body(ctx).getInteger("complexity");
    catalog
        .service(serviceId)
        .compose(
            found ->
                found.isPresent()
                    ? expertise.complexity(serviceId, complexity)
                    : Future.failedFuture(Problem.notFound("No service " + serviceId)))
        .onSuccess(v -> Replies.ok(ctx, new JsonObject().put("complexity", complexity)))
        .onFailure(ctx::fail);
  }
}
