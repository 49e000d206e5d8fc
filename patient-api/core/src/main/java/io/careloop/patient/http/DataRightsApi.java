package io.careloop.patient.http;

import io.careloop.patient.rights.DataRightsService;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Replies;
import io.vertx.ext.web.RoutingContext;

/** The signed-in patient's export of everything CareLoop holds about them, and their erasure. */
public final class DataRightsApi implements HttpApi {

  private final DataRightsService rights;

  public DataRightsApi(DataRightsService rights) {
    this.rights = rights;
  }

  @Override
  public void addTo(Operations operations) {
    operations.on("exportMe", this::export).on("eraseMe", this::erase);
  }

  private void export(RoutingContext ctx) {
    rights
        .export(Principal.of(ctx).accountId())
        .onSuccess(
            document -> {
              ctx.response().putHeader("Cache-Control", "no-store");
              Replies.ok(ctx, document);
            })
        .onFailure(ctx::fail);
  }

  private void erase(RoutingContext ctx) {
    rights
        .erase(Principal.of(ctx).accountId())
        .onSuccess(v -> Replies.noContent(ctx))
        .onFailure(ctx::fail);
  }
}
