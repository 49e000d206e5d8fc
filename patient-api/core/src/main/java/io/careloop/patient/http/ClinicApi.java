package io.careloop.patient.http;

import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.SlotSearch;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.Provider;
import io.careloop.patient.journey.JourneyStage;
import io.careloop.patient.journey.Journeys;
import io.careloop.patient.time.SlotGrid;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;

/** What patients choose from: clinics, their services and providers, and free slots. */
public final class ClinicApi implements HttpApi {

  private final ClinicCatalog catalog;
  private final SlotSearch slots;
  private final Journeys journeys;

  public ClinicApi(ClinicCatalog catalog, SlotSearch slots, Journeys journeys) {
    this.catalog = catalog;
    this.slots = slots;
    this.journeys = journeys;
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("listClinics", this::listClinics)
        .on("listClinicServices", this::listServices)
        .on("listClinicProviders", this::listProviders)
        .on("findSlots", this::findSlots);
  }

  private void listClinics(RoutingContext ctx) {
    catalog
        .clinics()
        .onSuccess(
            clinics ->
                Replies.ok(
                    ctx,
                    new JsonObject()
                        .put(
                            "clinics",
                            new JsonArray(clinics.stream().map(Clinic::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  private void listServices(RoutingContext ctx) {
    UUID clinicId = RequestFields.pathUuid(ctx, "clinicId");
    catalog
        .requireClinic(clinicId)
        .compose(clinic -> catalog.servicesAt(clinicId))
        .onSuccess(
            services ->
                Replies.ok(
                    ctx,
                    new JsonObject()
                        .put(
                            "services",
                            new JsonArray(
                                services.stream().map(ClinicalService::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  private void listProviders(RoutingContext ctx) {
    UUID clinicId = RequestFields.pathUuid(ctx, "clinicId");
    Optional<UUID> serviceId = RequestFields.queryUuid(ctx, "serviceId");
    catalog
        .requireClinic(clinicId)
        .onSuccess(clinic -> patientStep(ctx, clinicId, JourneyStage.VIEWED_PROVIDER))
        .compose(clinic -> catalog.providersAt(clinicId))
        .onSuccess(
            providers ->
                Replies.ok(
                    ctx,
                    new JsonObject()
                        .put(
                            "providers",
                            new JsonArray(
                                providers.stream()
                                    .filter(p -> serviceId.map(p::offers).orElse(true))
                                    .map(Provider::toJson)
                                    .toList()))))
        .onFailure(ctx::fail);
  }

  private void findSlots(RoutingContext ctx) {
    UUID clinicId = RequestFields.pathUuid(ctx, "clinicId");
    UUID serviceId = RequestFields.uuid("serviceId", ctx.queryParams().get("serviceId"));
    Principal caller = Principal.of(ctx);
    Optional<UUID> patient =
        caller.role() == Role.PATIENT ? Optional.of(caller.accountId()) : Optional.empty();
    slots
        .find(
            clinicId,
            serviceId,
            RequestFields.queryDate(ctx, "from"),
            RequestFields.queryDate(ctx, "to"),
            RequestFields.queryUuid(ctx, "providerId"),
            patient)
        .onSuccess(result -> patientStep(ctx, clinicId, JourneyStage.SEARCHED))
        .onSuccess(
            result -> {
              var zone = result.clinic().zone();
              var duration = result.service().duration();
              Replies.ok(
                  ctx,
                  new JsonObject()
                      .put("clinicId", clinicId.toString())
                      .put("serviceId", serviceId.toString())
                      .put("timeZone", zone.getId())
                      .put("gridMinutes", SlotGrid.STEP.toMinutes())
                      .put("from", result.from().toString())
                      .put("to", result.to().toString())
                      .put(
                          "slots",
                          new JsonArray(
                              result.slots().stream()
                                  .map(
                                      slot ->
                                          new JsonObject()
                                              .put("start", Appointment.rfc3339(slot.start(), zone))
                                              .put(
                                                  "end",
                                                  Appointment.rfc3339(
                                                      slot.start().plus(duration), zone))
                                              .put("providerId", slot.providerId().toString())
                                              .put("priority", result.priority().contains(slot)))
                                  .toList())));
            })
        .onFailure(ctx::fail);
  }

  /**
   * A patient's (or their carer's) step on their journey with the clinic, recorded beside the
   * answer, not before it; staff take none.
   */
  private void patientStep(RoutingContext ctx, UUID clinicId, JourneyStage stage) {
    Principal caller = Principal.of(ctx);
    if (caller.role() == Role.PATIENT) {
      journeys.reached(caller.accountId(), clinicId, stage, Journeys.channelOf(caller));
    }
  }
}
