package io.careloop.e2e;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * A clinic with a provider taking check-ups every day, its nurse and coordinator, and patients who
 * register with a name and phone of their own: what the CRM tests start from.
 */
final class CrmWorld {

  static final String PARIS = "Europe/Paris";

  /** A patient registered in the app, signed in. */
  record Patient(UUID id, String token, String email, String name, String phone) {}

  final TestApp app;
  final ClinicFixture fixture;
  final JsonObject clinic;
  final UUID clinicId;
  final JsonObject checkUp;
  final JsonObject provider;
  final ClinicFixture.Account nurse;
  final ClinicFixture.Account coordinator;

  CrmWorld(TestApp app) {
    this.app = app;
    this.fixture = new ClinicFixture(app);
    this.clinic = fixture.clinic(PARIS, 0, 0, 60);
    this.clinicId = UUID.fromString(clinic.getString("id"));
    this.checkUp = fixture.service("Check-up", 30, 0);
    this.provider = fixture.provider("Dr Anna Dupont", "dentist", List.of(checkUp), clinic);
    fixture.everyDay(
        provider, clinic, ClinicFixture.ranges("00:00", "23:45"), ClinicFixture.ranges());
    this.nurse = fixture.nurse(clinic);
    this.coordinator = fixture.coordinator(clinic);
  }

  Patient patient(String name, String phone) {
    String email = "p-" + UUID.randomUUID() + "@example.org";
    var accounts = app.app.patients().accounts();
    UUID id = accounts.registerPatient(email, "a long enough password", name, PARIS, phone).await();
    return new Patient(
        id,
        accounts.login(email, "a long enough password").await().accessToken(),
        email,
        name,
        phone);
  }

  /**
   * A check-up two days ahead in the day's {@code slot}-th half hour (from midnight; each test its
   * own).
   */
  JsonObject book(Patient p, int slot) {
    String start =
        ClinicFixture.at(
            LocalDate.now(ZoneId.of(PARIS)).plusDays(2),
            String.format("%02d:%02d", slot / 2, (slot % 2) * 30),
            PARIS);
    HttpResponse<Buffer> booked =
        fixture.book(
            p.token(),
            UUID.randomUUID().toString(),
            ClinicFixture.booking(clinic, checkUp, provider, start));
    if (booked.statusCode() != 201) {
      throw new IllegalStateException("booking: " + booked.bodyAsString());
    }
    return booked.bodyAsJsonObject();
  }

  /** The front desk checks the patient in and completes the visit. */
  void complete(String appointmentId) {
    for (String status : List.of("checked_in", "completed")) {
      HttpResponse<Buffer> r =
          app.post(
              "/api/v1/staff/appointments/" + appointmentId + "/status",
              coordinator.token(),
              new JsonObject().put("status", status));
      if (r.statusCode() != 200) {
        throw new IllegalStateException(status + ": " + r.bodyAsString());
      }
    }
  }

  HttpResponse<Buffer> record(String token, UUID patientId) {
    return app.get("/api/v1/staff/patients/" + patientId, token);
  }
}
