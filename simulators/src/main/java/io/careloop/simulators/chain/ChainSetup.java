package io.careloop.simulators.chain;

import io.careloop.simulators.AppClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * A clinic chain made through the public admin API only: clinics with a service, a provider and
 * opening hours, nurses, patients. What the simulators' runs start from (and the demo chain will).
 */
public final class ChainSetup {

  private static final List<String> DAYS =
      List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

  /** A clinic ready for booking: one check-up service and one dentist working every day. */
  public record Clinic(String id, String name, ZoneId zone, String serviceId, String providerId) {}

  private final AppClient app;
  private final Account admin;

  public ChainSetup(AppClient app, Account admin) {
    this.app = app;
    this.admin = admin;
  }

  public static ChainSetup asAdmin(AppClient app, String email, String password) {
    return new ChainSetup(app, Account.signIn(app, email, password, null));
  }

  public Account admin() {
    return admin;
  }

  /** A clinic open 08:00 to 18:00 every day, bookable at once and up to 60 days ahead. */
  public Clinic clinic(String name, ZoneId zone) {
    JsonObject clinic =
        admin.call(
            "POST",
            "/api/v1/admin/clinics",
            new JsonObject()
                .put("name", name)
                .put("address", "1 Simulation Street")
                .put("timeZone", zone.getId())
                .put("minBookingNoticeMinutes", 0)
                .put("minChangeNoticeMinutes", 0)
                .put("bookingHorizonDays", 60),
            201);
    JsonObject service =
        admin.call(
            "POST",
            "/api/v1/admin/services",
            new JsonObject()
                .put("name", "Check-up")
                .put("durationMinutes", 30)
                .put("bufferAfterMinutes", 0),
            201);
    JsonObject provider =
        admin.call(
            "POST",
            "/api/v1/admin/providers",
            new JsonObject()
                .put("name", "Dr " + name)
                .put("kind", "dentist")
                .put("serviceIds", new JsonArray().add(service.getString("id")))
                .put("clinicIds", new JsonArray().add(clinic.getString("id"))),
            201);
    JsonArray days = new JsonArray();
    for (String day : DAYS) {
      days.add(
          new JsonObject()
              .put("day", day)
              .put(
                  "hours",
                  new JsonArray().add(new JsonObject().put("start", "08:00").put("end", "18:00"))));
    }
    admin.call(
        "POST",
        "/api/v1/admin/schedules",
        new JsonObject()
            .put("providerId", provider.getString("id"))
            .put("clinicId", clinic.getString("id"))
            .put("days", days),
        200);
    return new Clinic(
        clinic.getString("id"), name, zone, service.getString("id"), provider.getString("id"));
  }

  /** A nurse of these clinics, signed in. */
  public Account nurse(String email, String password, Clinic... clinics) {
    JsonArray ids = new JsonArray();
    for (Clinic c : clinics) {
      ids.add(c.id());
    }
    JsonObject created =
        admin.call(
            "POST",
            "/api/v1/admin/staff",
            new JsonObject()
                .put("email", email)
                .put("password", password)
                .put("name", "Simulated Nurse")
                .put("role", "nurse")
                .put("clinicIds", ids),
            201);
    return Account.signIn(app, email, password, UUID.fromString(created.getString("accountId")));
  }

  /** A patient registered through the app and signed in. */
  public Account patient(String email, String password, String name, ZoneId zone) {
    JsonObject created =
        app.call(
            "POST",
            "/api/v1/auth/register",
            null,
            new JsonObject()
                .put("email", email)
                .put("password", password)
                .put("name", name)
                .put("timeZone", zone.getId()),
            201);
    return Account.signIn(app, email, password, UUID.fromString(created.getString("patientId")));
  }

  /** Registers a brush; answers its credential and pairing code. */
  public JsonObject registerBrush(String deviceId) {
    return admin.call(
        "POST",
        "/api/v1/admin/devices",
        new JsonObject().put("deviceId", deviceId).put("model", "CL-SIM"),
        201);
  }

  /** A new single-use pairing code for a brush handed to someone else. */
  public String newPairingCode(String deviceId) {
    return admin
        .call("POST", "/api/v1/admin/devices/" + deviceId + "/pairing-code", null, 201)
        .getString("pairingCode");
  }
}
