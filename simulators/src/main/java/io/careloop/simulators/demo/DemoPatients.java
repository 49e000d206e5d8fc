package io.careloop.simulators.demo;

import io.careloop.simulators.AppClient;
import io.careloop.simulators.chain.Account;
import io.careloop.simulators.demo.DemoPlan.PatientSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * One patient's part of the demo, each step done only when CareLoop does not have it yet: the app
 * account, a visit booked (which makes them the clinic's patient, so its nurse sees them), feedback
 * on a completed visit, the brush registered and paired, the care plan.
 */
final class DemoPatients {

  /** The brush as this run may drive it: its device id and a credential that works now. */
  record Brush(String deviceId, String credential) {}

  private final AppClient app;
  private final Account admin;
  private final DemoStaff staff;

  DemoPatients(AppClient app, Account admin, DemoStaff staff) {
    this.app = app;
    this.admin = admin;
    this.staff = staff;
  }

  /** Registers the patient unless their e-mail is taken (by an earlier run), then signs in. */
  Account account(PatientSpec p, DemoCatalogueSetup.Clinic clinic) {
    AppClient.Response registered =
        app.send(
            "POST",
            "/api/v1/auth/register",
            null,
            new JsonObject()
                .put("email", p.email())
                .put("password", DemoPlan.PATIENT_PASSWORD)
                .put("name", p.name())
                .put("timeZone", clinic.spec().zone().getId())
                .put("phone", p.phone()),
            Map.of());
    if (registered.status() != 201 && registered.status() != 409) {
      throw new IllegalStateException(
          "registering "
              + p.email()
              + " answered "
              + registered.status()
              + ": "
              + registered.text());
    }
    Account signedIn = Account.signIn(app, p.email(), DemoPlan.PATIENT_PASSWORD, null);
    return signedIn.withId(
        UUID.fromString(signedIn.call("GET", "/api/v1/me", null, 200).getString("id")));
  }

  /** The patient's visit: found among theirs, or booked on a free slot of the coming weeks. */
  JsonObject appointment(PatientSpec p, Account patient, DemoCatalogueSetup.Clinic clinic) {
    JsonObject mine = patient.call("GET", "/api/v1/me/appointments", null, 200);
    Optional<JsonObject> any =
        mine.getJsonArray("upcoming").stream()
            .map(JsonObject.class::cast)
            .findFirst()
            .or(
                () ->
                    mine.getJsonArray("past").stream()
                        .map(JsonObject.class::cast)
                        .filter(a -> !a.getString("status").equals("cancelled"))
                        .findFirst());
    return any.orElseGet(() -> book(p, patient, clinic));
  }

  private JsonObject book(PatientSpec p, Account patient, DemoCatalogueSetup.Clinic clinic) {
    Random random = new Random(p.number());
    String serviceId = clinic.services().get(DemoCatalogue.CHECK_UP);
    for (int attempt = 0; attempt < 8; attempt++) {
      LocalDate from = LocalDate.now(clinic.spec().zone()).plusDays(1 + random.nextInt(60));
      JsonArray slots =
          patient
              .call(
                  "GET",
                  "/api/v1/clinics/"
                      + clinic.id()
                      + "/slots?serviceId="
                      + serviceId
                      + "&from="
                      + from
                      + "&to="
                      + from.plusDays(6),
                  null,
                  200)
              .getJsonArray("slots");
      if (slots.isEmpty()) {
        continue;
      }
      JsonObject slot = slots.getJsonObject(random.nextInt(slots.size()));
      AppClient.Response booked =
          patient.send(
              "POST",
              "/api/v1/appointments",
              new JsonObject()
                  .put("clinicId", clinic.id())
                  .put("serviceId", serviceId)
                  .put("providerId", slot.getString("providerId"))
                  .put("start", slot.getString("start")),
              Map.of("Idempotency-Key", p.externalId() + "-" + attempt));
      if (booked.status() == 201) {
        return booked.body();
      }
    }
    throw new IllegalStateException(
        "no free check-up found for " + p.email() + " at " + clinic.spec().name());
  }

  /** The front desk completes the visit and the patient says what they thought of it (once). */
  void feedback(PatientSpec p, Account patient, JsonObject appointment) {
    String id = appointment.getString("id");
    Account desk = staff.coordinatorOf(p.clinic());
    for (String status : new String[] {"checked_in", "completed"}) {
      if (!appointment.getString("status").equals("completed")) {
        desk.call(
            "POST",
            "/api/v1/staff/appointments/" + id + "/status",
            new JsonObject().put("status", status),
            200);
      }
    }
    AppClient.Response given =
        patient.send(
            "POST",
            "/api/v1/appointments/" + id + "/feedback",
            new JsonObject()
                .put("rating", p.feedback().rating())
                .put("comment", p.feedback().comment()),
            Map.of());
    if (given.status() != 201 && given.status() != 200) {
      throw new IllegalStateException(
          "feedback of " + p.email() + " answered " + given.status() + ": " + given.text());
    }
  }

  /**
   * The patient's brush, registered and paired. A brush an earlier run registered gets a new
   * credential (CareLoop shows one only once), so that this run can send its sessions again.
   */
  Brush brush(PatientSpec p, Account patient) {
    AppClient.Response registered =
        admin.send(
            "POST",
            "/api/v1/admin/devices",
            new JsonObject().put("deviceId", p.deviceId()).put("model", "CL-DEMO"),
            Map.of());
    if (registered.status() == 201) {
      patient.call(
          "POST",
          "/api/v1/me/devices",
          new JsonObject().put("pairingCode", registered.body().getString("pairingCode")),
          201);
      return new Brush(p.deviceId(), registered.body().getString("credential"));
    }
    if (registered.status() != 409) {
      throw new IllegalStateException(
          "registering " + p.deviceId() + " answered " + registered.status());
    }
    String credential =
        admin
            .call("POST", "/api/v1/admin/devices/" + p.deviceId() + "/credential", null, 200)
            .getString("credential");
    boolean paired =
        patient.call("GET", "/api/v1/me/devices", null, 200).getJsonArray("devices").stream()
            .map(JsonObject.class::cast)
            .anyMatch(d -> p.deviceId().equals(d.getString("deviceId")));
    if (!paired) {
      String code =
          admin
              .call("POST", "/api/v1/admin/devices/" + p.deviceId() + "/pairing-code", null, 201)
              .getString("pairingCode");
      patient.call("POST", "/api/v1/me/devices", new JsonObject().put("pairingCode", code), 201);
    }
    return new Brush(p.deviceId(), credential);
  }

  /** The plan the patient's nurse set, unless it is set already. */
  void carePlan(PatientSpec p, Account patient, LocalDate until) {
    Account nurse = staff.nurseOf(p.clinic());
    String path = "/api/v1/nurse/patients/" + patient.id() + "/care-plan";
    AppClient.Response current = nurse.send("GET", path, null, Map.of());
    if (current.status() == 200 && p.plan().json().equals(current.body().getString("plan"))) {
      return;
    }
    nurse.call(
        "PUT",
        path,
        new JsonObject().put("plan", p.plan().json()).put("until", until.toString()),
        200);
  }
}
