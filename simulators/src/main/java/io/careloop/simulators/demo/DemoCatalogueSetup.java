package io.careloop.simulators.demo;

import io.careloop.simulators.chain.Account;
import io.careloop.simulators.demo.DemoPlan.ClinicSpec;
import io.careloop.simulators.demo.DemoPlan.ProviderSpec;
import io.careloop.simulators.demo.DemoPlan.ServiceSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chain's clinics, services, providers and hours, made through the admin API unless they exist:
 * each is found by its name first (clinics in the clinic list, services and providers in the lists
 * of the clinics they serve), so a second run finds everything and makes nothing.
 */
final class DemoCatalogueSetup {

  private static final List<String> WEEKDAYS =
      List.of("monday", "tuesday", "wednesday", "thursday", "friday");

  /** A clinic as it is in CareLoop: its id and the ids of its services and providers, by name. */
  record Clinic(
      ClinicSpec spec, String id, Map<String, String> services, Map<String, String> providers) {}

  private final Account admin;

  DemoCatalogueSetup(Account admin) {
    this.admin = admin;
  }

  /** Every clinic of the plan, with services, providers and hours, found or made. */
  List<Clinic> ensure(DemoPlan plan) {
    Map<String, String> clinicIds = new HashMap<>();
    admin.call("GET", "/api/v1/clinics", null, 200).getJsonArray("clinics").stream()
        .map(JsonObject.class::cast)
        .forEach(c -> clinicIds.put(c.getString("name"), c.getString("id")));
    Map<String, String> services = new LinkedHashMap<>();
    for (ClinicSpec c : plan.clinics()) {
      String id = clinicIds.computeIfAbsent(c.name(), name -> createClinic(c));
      admin
          .call("GET", "/api/v1/clinics/" + id + "/services", null, 200)
          .getJsonArray("services")
          .stream()
          .map(JsonObject.class::cast)
          .forEach(s -> services.putIfAbsent(s.getString("name"), s.getString("id")));
    }
    for (ServiceSpec s : plan.services()) {
      services.computeIfAbsent(s.name(), name -> createService(s));
    }
    return plan.clinics().stream()
        .map(c -> clinic(c, clinicIds.get(c.name()), services, plan.services()))
        .toList();
  }

  private Clinic clinic(
      ClinicSpec spec, String id, Map<String, String> services, List<ServiceSpec> serviceSpecs) {
    Map<String, String> providers = new HashMap<>();
    admin
        .call("GET", "/api/v1/clinics/" + id + "/providers", null, 200)
        .getJsonArray("providers")
        .stream()
        .map(JsonObject.class::cast)
        .forEach(p -> providers.put(p.getString("name"), p.getString("id")));
    for (ProviderSpec p : spec.providers()) {
      JsonArray offered = new JsonArray();
      serviceSpecs.stream()
          .filter(s -> s.kinds().contains(p.kind()))
          .forEach(s -> offered.add(services.get(s.name())));
      String providerId =
          providers.computeIfAbsent(
              p.name(),
              name ->
                  admin
                      .call(
                          "POST",
                          "/api/v1/admin/providers",
                          new JsonObject()
                              .put("name", p.name())
                              .put("kind", p.kind())
                              .put("serviceIds", offered)
                              .put("clinicIds", new JsonArray().add(id)),
                          201)
                      .getString("id"));
      admin.call(
          "POST",
          "/api/v1/admin/schedules",
          new JsonObject().put("providerId", providerId).put("clinicId", id).put("days", week(p)),
          200); // replaces the week: the same week again changes nothing
    }
    return new Clinic(spec, id, Map.copyOf(services), Map.copyOf(providers));
  }

  private String createClinic(ClinicSpec c) {
    return admin
        .call(
            "POST",
            "/api/v1/admin/clinics",
            new JsonObject()
                .put("name", c.name())
                .put("address", c.address())
                .put("timeZone", c.zone().getId())
                .put("minBookingNoticeMinutes", 60)
                .put("minChangeNoticeMinutes", 60)
                .put("bookingHorizonDays", 90),
            201)
        .getString("id");
  }

  private String createService(ServiceSpec s) {
    return admin
        .call(
            "POST",
            "/api/v1/admin/services",
            new JsonObject()
                .put("name", s.name())
                .put("durationMinutes", s.minutes())
                .put("bufferAfterMinutes", 0),
            201)
        .getString("id");
  }

  private static JsonArray week(ProviderSpec p) {
    JsonArray days = new JsonArray();
    WEEKDAYS.forEach(day -> days.add(day(day, p.weekdayHours())));
    if (p.saturdayHours() != null) {
      days.add(day("saturday", p.saturdayHours()));
    }
    return days;
  }

  private static JsonObject day(String day, String hours) {
    String[] range = hours.split("-");
    return new JsonObject()
        .put("day", day)
        .put(
            "hours",
            new JsonArray().add(new JsonObject().put("start", range[0]).put("end", range[1])));
  }
}
