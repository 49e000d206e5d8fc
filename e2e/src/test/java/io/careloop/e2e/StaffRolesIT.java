package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.ClinicNurses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Staff roles as admins create them: the coordinator (front desk), scoped to clinics like a nurse.
 */
class StaffRolesIT {

  private final TestApp app = TestApp.get();
  private final ClinicFixture fixture = new ClinicFixture(app);

  @Test
  @DisplayName(
      "An admin creates a coordinator for a clinic: signed in, the profile says so; no nurse list, no nurse operations")
  void coordinatorOfAClinic() {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 60);
    ClinicFixture.Account coordinator = fixture.coordinator(clinic);

    JsonObject me = app.get("/api/v1/me", coordinator.token()).bodyAsJsonObject();
    assertThat(me.getString("role")).isEqualTo("coordinator");
    assertThat(me.getJsonArray("clinicIds")).containsExactly(clinic.getString("id"));
    ClinicNurses nurses =
        app.app
            .vertx()
            .eventBus()
            .<ClinicNurses>request(
                Addresses.CLINIC_NURSES, ClinicNurses.ask(UUID.fromString(clinic.getString("id"))))
            .await()
            .body();
    assertThat(nurses.nurseIds()).as("escalation goes to nurses only").isEmpty();
    assertThat(app.get("/api/v1/nurse/alerts", coordinator.token()).statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName(
      "A coordinator without a clinic is refused (400) and no account is made: the e-mail stays free")
  void coordinatorNeedsAClinic() {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 60);
    String email = "coordinator-" + UUID.randomUUID() + "@example.org";
    JsonObject body =
        new JsonObject()
            .put("email", email)
            .put("password", "a long enough password")
            .put("name", "Front Desk")
            .put("role", "coordinator")
            .put("clinicIds", new JsonArray());

    var refused = app.post("/api/v1/admin/staff", fixture.admin(), body);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getString("detail"))
        .contains("coordinator works at one clinic at least");
    var created =
        app.post(
            "/api/v1/admin/staff",
            fixture.admin(),
            body.copy().put("clinicIds", new JsonArray().add(clinic.getString("id"))));
    assertThat(created.statusCode())
        .as("nothing of the refused one holds the address")
        .isEqualTo(201);
  }
}
