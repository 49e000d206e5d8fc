package io.careloop.e2e;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.ingest.testing.TestBrushIds;
import io.careloop.platform.testing.TestCassandra;
import io.careloop.simulators.SimulatedBrush;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Sets up clinics, services, providers and hours through the admin API of the running app, and
 * makes patients and nurses. Accounts sign in through patient-api's service rather than over HTTP:
 * sign-in over HTTP is rate limited per client address, and every test runs from 127.0.0.1.
 */
final class ClinicFixture {

  /** A signed-in account. */
  record Account(UUID id, String token) {}

  final TestApp app;
  private String adminToken;

  ClinicFixture(TestApp app) {
    this.app = app;
  }

  synchronized String admin() {
    if (adminToken == null) {
      adminToken =
          app.app
              .patients()
              .accounts()
              .login(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD)
              .await()
              .accessToken();
    }
    return adminToken;
  }

  JsonObject created(String path, JsonObject body) {
    HttpResponse<Buffer> response = app.post(path, admin(), body);
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          path + " answered " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  JsonObject clinic(String zone, int bookingNotice, int changeNotice, int horizonDays) {
    return created(
        "/api/v1/admin/clinics",
        new JsonObject()
            .put("name", "Clinic " + UUID.randomUUID())
            .put("address", "1 Rue de la Paix")
            .put("timeZone", zone)
            .put("minBookingNoticeMinutes", bookingNotice)
            .put("minChangeNoticeMinutes", changeNotice)
            .put("bookingHorizonDays", horizonDays));
  }

  JsonObject service(String name, int minutes, int buffer) {
    return created(
        "/api/v1/admin/services",
        new JsonObject()
            .put("name", name)
            .put("durationMinutes", minutes)
            .put("bufferAfterMinutes", buffer));
  }

  JsonObject provider(String name, String kind, List<JsonObject> services, JsonObject... clinics) {
    JsonArray clinicIds = new JsonArray();
    for (JsonObject c : clinics) {
      clinicIds.add(c.getString("id"));
    }
    return created(
        "/api/v1/admin/providers",
        new JsonObject()
            .put("name", name)
            .put("kind", kind)
            .put(
                "serviceIds", new JsonArray(services.stream().map(s -> s.getString("id")).toList()))
            .put("clinicIds", clinicIds));
  }

  /** The same hours (and breaks) every day of the week. */
  void everyDay(JsonObject provider, JsonObject clinic, JsonArray hours, JsonArray breaks) {
    JsonArray days = new JsonArray();
    for (String day :
        List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
      days.add(new JsonObject().put("day", day).put("hours", hours).put("breaks", breaks));
    }
    HttpResponse<Buffer> response =
        app.post(
            "/api/v1/admin/schedules",
            admin(),
            new JsonObject()
                .put("providerId", provider.getString("id"))
                .put("clinicId", clinic.getString("id"))
                .put("days", days));
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "hours: " + response.statusCode() + " " + response.bodyAsString());
    }
  }

  static JsonArray ranges(String... startEndPairs) {
    JsonArray ranges = new JsonArray();
    for (int i = 0; i < startEndPairs.length; i += 2) {
      ranges.add(new JsonObject().put("start", startEndPairs[i]).put("end", startEndPairs[i + 1]));
    }
    return ranges;
  }

  /** Patients registered and signed in at once (password hashing runs on worker threads). */
  List<Account> patients(int count) {
    var accounts = app.app.patients().accounts();
    List<Future<Account>> made = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String email = "p-" + UUID.randomUUID() + "@example.org";
      made.add(
          accounts
              .registerPatient(
                  email, "a long enough password", "Patient " + i, "Europe/Paris", null)
              .compose(
                  id ->
                      accounts
                          .login(email, "a long enough password")
                          .map(t -> new Account(id, t.accessToken()))));
    }
    Future.all(made).await();
    return made.stream().map(Future::result).toList();
  }

  Account patient() {
    return patients(1).get(0);
  }

  /** A nurse created through the admin API, signed in. */
  Account nurse(JsonObject... clinics) {
    return staff("nurse", clinics);
  }

  /** A coordinator (front desk) created through the admin API, signed in. */
  Account coordinator(JsonObject... clinics) {
    return staff("coordinator", clinics);
  }

  private Account staff(String role, JsonObject... clinics) {
    StaffLogin staff = staffLogin(role, clinics);
    return new Account(staff.id(), staff.token());
  }

  /** A staff member whose e-mail and password the test knows: the console's tests sign in so. */
  record StaffLogin(UUID id, String email, String password, String token) {}

  StaffLogin staffLogin(String role, JsonObject... clinics) {
    String email = role + "-" + UUID.randomUUID() + "@example.org";
    String password = "a long enough password";
    JsonArray clinicIds = new JsonArray();
    for (JsonObject c : clinics) {
      clinicIds.add(c.getString("id"));
    }
    JsonObject body =
        new JsonObject()
            .put("email", email)
            .put("password", password)
            .put("name", "Staff " + role)
            .put("role", role);
    JsonObject created =
        created(
            "/api/v1/admin/staff", clinics.length == 0 ? body : body.put("clinicIds", clinicIds));
    return new StaffLogin(
        UUID.fromString(created.getString("accountId")),
        email,
        password,
        app.app.patients().accounts().login(email, password).await().accessToken());
  }

  HttpResponse<Buffer> book(String token, String idempotencyKey, JsonObject body) {
    var request = app.http.post("/api/v1/appointments").bearerTokenAuthentication(token);
    if (idempotencyKey != null) {
      request.putHeader("Idempotency-Key", idempotencyKey);
    }
    return request.sendJsonObject(body).await();
  }

  static JsonObject booking(
      JsonObject clinic, JsonObject service, JsonObject provider, String start) {
    return new JsonObject()
        .put("clinicId", clinic.getString("id"))
        .put("serviceId", service.getString("id"))
        .put("providerId", provider.getString("id"))
        .put("start", start);
  }

  /**
   * A local time of a clinic's day as RFC 3339 with offset (and seconds, which the API requires).
   */
  static String at(LocalDate day, String localTime, String zone) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
        day.atTime(LocalTime.parse(localTime)).atZone(ZoneId.of(zone)).toOffsetDateTime());
  }

  /** The stored claims of a provider's day, read straight from the table. */
  static List<Row> cells(String providerId, LocalDate day) {
    CqlSession session = TestCassandra.get().session();
    return session
        .execute(
            SimpleStatement.newInstance(
                "SELECT cell, appointment_id FROM provider_time_by_day WHERE provider_id = ? AND day = ?",
                UUID.fromString(providerId),
                day))
        .all();
  }

  /** Appointment ids listed for a clinic's day, read straight from the table. */
  static List<UUID> listedAt(String clinicId, LocalDate day) {
    CqlSession session = TestCassandra.get().session();
    return session
        .execute(
            SimpleStatement.newInstance(
                "SELECT appointment_id FROM appointments_by_clinic_day WHERE clinic_id = ? AND day = ?",
                UUID.fromString(clinicId),
                day))
        .all()
        .stream()
        .map(r -> r.getUuid(0))
        .toList();
  }

  /**
   * A brush registered by the admin, paired to the patient with its pairing code and connected to
   * the broker.
   */
  SimulatedBrush pairedBrush(String patientToken, boolean plaqueSensor) throws Exception {
    String deviceId = TestBrushIds.random();
    JsonObject registered =
        created(
            "/api/v1/admin/devices",
            new JsonObject().put("deviceId", deviceId).put("model", "CL-100"));
    HttpResponse<Buffer> paired =
        app.post(
            "/api/v1/me/devices",
            patientToken,
            new JsonObject().put("pairingCode", registered.getString("pairingCode")));
    if (paired.statusCode() != 201) {
      throw new IllegalStateException("pairing: " + paired.bodyAsString());
    }
    SimulatedBrush brush =
        new SimulatedBrush(
            app.mqttUri,
            deviceId,
            registered.getString("credential"),
            Clock.systemUTC(),
            deviceId.hashCode(),
            plaqueSensor);
    brush.connect();
    return brush;
  }
}
