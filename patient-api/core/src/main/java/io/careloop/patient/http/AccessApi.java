package io.careloop.patient.http;

import io.careloop.patient.access.AccessNeeds;
import io.careloop.patient.access.AccessNeedsService;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.ClinicFacilities;
import io.careloop.patient.clinic.FacilitiesRepository;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Replies;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.UUID;

/** Special care: a patient's access needs, and what each clinic can meet of them. */
public final class AccessApi implements HttpApi {

  private final AccessNeedsService needs;
  private final FacilitiesRepository facilities;
  private final ClinicCatalog catalog;

  public AccessApi(
      AccessNeedsService needs, FacilitiesRepository facilities, ClinicCatalog catalog) {
    this.needs = needs;
    this.facilities = facilities;
    this.catalog = catalog;
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("getMyAccessNeeds", this::getMine)
        .on("setMyAccessNeeds", this::setMine)
        .on("setClinicFacilities", this::setFacilities);
  }

  private void getMine(RoutingContext ctx) {
    needs
        .of(Principal.of(ctx).accountId())
        .onSuccess(stored -> Replies.ok(ctx, stored.toJson()))
        .onFailure(ctx::fail);
  }

  private void setMine(RoutingContext ctx) {
    Principal me = Principal.of(ctx);
    needs
        .set(
            me.accountId(),
            AccessNeeds.fromJson(ctx.body().asJsonObject()),
            me.role().name().toLowerCase(Locale.ROOT),
            me.accountId())
        .onSuccess(stored -> Replies.ok(ctx, stored.toJson()))
        .onFailure(ctx::fail);
  }

  private void setFacilities(RoutingContext ctx) {
    UUID clinicId = RequestFields.pathUuid(ctx, "clinicId");
    ClinicFacilities declared = ClinicFacilities.fromJson(ctx.body().asJsonObject());
    catalog
        .requireClinic(clinicId)
        .compose(clinic -> facilities.save(clinicId, declared))
        .onSuccess(v -> Replies.ok(ctx, declared.toJson()))
        .onFailure(ctx::fail);
  }
}
