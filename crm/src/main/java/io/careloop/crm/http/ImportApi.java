package io.careloop.crm.http;

import io.careloop.crm.imports.ImportReport;
import io.careloop.crm.imports.Imports;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Replies;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * Admins import a practice system's history: the body is JSON lines, read as it arrives (the
 * gateway does not buffer it), and the answer reports every line.
 */
public final class ImportApi implements HttpApi {

  private final Imports imports;

  public ImportApi(Imports imports) {
    this.imports = imports;
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("importPatients", ctx -> answer(ctx, imports.patients(ctx.request(), system(ctx))))
        .on("importVisits", ctx -> answer(ctx, imports.visits(ctx.request(), system(ctx))));
  }

  private static String system(RoutingContext ctx) {
    return Params.query(ctx, "system").orElse("practice");
  }

  private static void answer(RoutingContext ctx, Future<ImportReport> report) {
    report.onSuccess(r -> Replies.ok(ctx, r.toJson())).onFailure(ctx::fail);
  }
}
