package io.careloop.patient.booking;

import io.careloop.patient.access.AccessNeeds;
import io.careloop.patient.access.AccessNeedsRepository;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.ClinicFacilities;
import io.careloop.patient.clinic.ClinicalService;
import io.careloop.patient.clinic.FacilitiesRepository;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fits a patient's appointment to their access needs: at a clinic that cannot meet them, slot
 * search and booking answer 422 naming what is unmet and the clinics that can meet it; where the
 * needs add time, the appointment takes it (claimed like any other time, so nobody is booked into
 * it); where only some rooms meet them, it must hold one of those rooms.
 */
public final class AccessFit {

  private final AccessNeedsRepository needs;
  private final FacilitiesRepository facilities;
  private final ClinicCatalog catalog;

  public AccessFit(
      AccessNeedsRepository needs, FacilitiesRepository facilities, ClinicCatalog catalog) {
    this.needs = needs;
    this.facilities = facilities;
    this.catalog = catalog;
  }

  /**
   * The patient's appointment at a clinic: the service as it takes it, and the rooms of which it
   * must hold one (none when the needs are met anywhere there).
   */
  public record Fitted(ClinicalService service, List<ClinicFacilities.Room> rooms) {

    public boolean needsRoom() {
      return !rooms.isEmpty();
    }
  }

  /**
   * The service as the patient's appointment at the clinic takes it, or 422 where the clinic cannot
   * meet them.
   */
  public Future<ClinicalService> serviceFor(
      UUID patientId, Clinic clinic, ClinicalService service) {
    return fitFor(patientId, clinic, service).map(Fitted::service);
  }

  /** As {@link #serviceFor}, with the rooms the appointment may hold. */
  public Future<Fitted> fitFor(UUID patientId, Clinic clinic, ClinicalService service) {
    return needs
        .of(patientId)
        .compose(
            stored ->
                !stored.needs().any()
                    ? Future.succeededFuture(new Fitted(service, List.of()))
                    : facilities
                        .of(clinic.id())
                        .compose(
                            here ->
                                fitted(here.fit(stored.needs()), clinic, service, stored.needs())));
  }

  private Future<Fitted> fitted(
      ClinicFacilities.Fit fit, Clinic clinic, ClinicalService service, AccessNeeds wanted) {
    return fit.met()
        ? Future.succeededFuture(new Fitted(service.withExtraTime(fit.extraTime()), fit.rooms()))
        : clinicsMeeting(wanted).compose(others -> Future.failedFuture(unmet(clinic, fit, others)));
  }

  private Future<List<Clinic>> clinicsMeeting(AccessNeeds wanted) {
    return catalog
        .clinics()
        .compose(
            clinics -> {
              List<Future<Boolean>> meets =
                  clinics.stream()
                      .map(c -> facilities.of(c.id()).map(f -> f.fit(wanted).met()))
                      .toList();
              return Future.all(meets)
                  .map(
                      v -> {
                        List<Clinic> meeting = new ArrayList<>();
                        for (int i = 0; i < clinics.size(); i++) {
                          if (meets.get(i).result()) {
                            meeting.add(clinics.get(i));
                          }
                        }
                        return meeting;
                      });
            });
  }

  private static Problem unmet(Clinic clinic, ClinicFacilities.Fit fit, List<Clinic> others) {
    String unmet = String.join(", ", fit.unmet());
    String detail =
        clinic.name()
            + " cannot meet "
            + unmet
            + (others.isEmpty()
                ? "; no clinic of the chain has said it can: please call a clinic, they will arrange it"
                : "; these clinics can: "
                    + String.join(", ", others.stream().map(Clinic::name).toList()));
    return new Problem(
        422,
        "access-needs-not-met",
        "The clinic cannot meet your access needs",
        detail,
        new JsonObject()
            .put("unmet", new JsonArray(List.copyOf(fit.unmet())))
            .put(
                "clinicsThatMeet",
                new JsonArray(
                    others.stream()
                        .map(
                            c ->
                                new JsonObject().put("id", c.id().toString()).put("name", c.name()))
                        .toList())));
  }
}
