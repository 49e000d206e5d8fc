package io.careloop.simulators.demo;

import io.careloop.simulators.AppClient;
import io.careloop.simulators.chain.Account;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the demo chain holds, read back through the API as its users see it: the clinics in the
 * clinic list, the staff who can sign in, and each clinic's patients as its nurse reads their
 * records (visits, app appointments, feedback, care plan, sessions of the last 30 days).
 */
public record DemoCounts(
    int clinics,
    int staff,
    int patients,
    int visits,
    int appointments,
    int feedback,
    int carePlans,
    int sessions) {

  /**
   * Reads the chain {@code plan} describes on the CareLoop {@code admin} is signed in to; its staff
   * are signed in once (an account may sign in five times a minute) and read as often as asked.
   */
  public static Supplier<DemoCounts> reader(AppClient app, Account admin, DemoPlan plan) {
    Map<DemoPlan.StaffSpec, Account> staff = new LinkedHashMap<>();
    plan.staff()
        .forEach(s -> staff.put(s, Account.signIn(app, s.email(), DemoPlan.STAFF_PASSWORD, null)));
    return () -> read(admin, plan, staff);
  }

  private static DemoCounts read(
      Account admin, DemoPlan plan, Map<DemoPlan.StaffSpec, Account> staff) {
    Set<String> names = new HashSet<>();
    plan.clinics().forEach(c -> names.add(c.name()));
    List<JsonObject> clinics =
        admin.call("GET", "/api/v1/clinics", null, 200).getJsonArray("clinics").stream()
            .map(JsonObject.class::cast)
            .filter(c -> names.contains(c.getString("name")))
            .toList();
    Set<String> staffIds = new HashSet<>();
    staff
        .values()
        .forEach(a -> staffIds.add(a.call("GET", "/api/v1/me", null, 200).getString("id")));
    DemoCounts total = new DemoCounts(clinics.size(), staffIds.size(), 0, 0, 0, 0, 0, 0);
    for (JsonObject clinic : clinics) {
      Account nurse =
          staff.entrySet().stream()
              .filter(
                  e ->
                      e.getKey().role().equals("nurse")
                          && plan.clinics()
                              .get(e.getKey().clinic())
                              .name()
                              .equals(clinic.getString("name")))
              .findFirst()
              .orElseThrow()
              .getValue();
      total = total.plus(ofClinic(nurse, clinic.getString("id")));
    }
    return total;
  }

  /** Whether every count is at least the other's. */
  public boolean atLeast(DemoCounts o) {
    return clinics >= o.clinics
        && staff >= o.staff
        && patients >= o.patients
        && visits >= o.visits
        && appointments >= o.appointments
        && feedback >= o.feedback
        && carePlans >= o.carePlans
        && sessions >= o.sessions;
  }

  /** The clinic's patients page by page, each record read as its nurse sees it. */
  private static DemoCounts ofClinic(Account nurse, String clinicId) {
    DemoCounts sum = new DemoCounts(0, 0, 0, 0, 0, 0, 0, 0);
    String page = null;
    do {
      JsonObject found =
          nurse.call(
              "GET",
              "/api/v1/staff/patients?clinicId="
                  + clinicId
                  + "&limit=100"
                  + (page == null
                      ? ""
                      : "&pageToken=" + URLEncoder.encode(page, StandardCharsets.UTF_8)),
              null,
              200);
      for (Object row : found.getJsonArray("patients")) {
        sum =
            sum.plus(
                ofRecord(
                    nurse.call(
                        "GET",
                        "/api/v1/staff/patients/" + ((JsonObject) row).getString("id"),
                        null,
                        200)));
      }
      page = found.getString("nextPageToken");
    } while (page != null);
    return sum;
  }

  private static DemoCounts ofRecord(JsonObject record) {
    JsonObject brushing = record.getJsonObject("brushing", new JsonObject());
    return new DemoCounts(
        0,
        0,
        1,
        record.getJsonArray("visits").size(),
        record.getJsonArray("appointments").size(),
        record.getJsonArray("feedback").size(),
        record.getJsonObject("carePlan") == null ? 0 : 1,
        brushing.getInteger("sessions", 0));
  }

  private DemoCounts plus(DemoCounts o) {
    return new DemoCounts(
        clinics + o.clinics,
        staff + o.staff,
        patients + o.patients,
        visits + o.visits,
        appointments + o.appointments,
        feedback + o.feedback,
        carePlans + o.carePlans,
        sessions + o.sessions);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%d clinics, %d staff, %d patients, %d imported visits,"
            + " %d app appointments, %d feedback, %d care plans, %d brushing sessions (last 30 days)",
        clinics,
        staff,
        patients,
        visits,
        appointments,
        feedback,
        carePlans,
        sessions);
  }
}
