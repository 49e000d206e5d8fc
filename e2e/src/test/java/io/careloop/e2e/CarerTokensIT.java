package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.patient.account.Account;
import io.careloop.patient.account.Revocation;
import io.careloop.patient.account.TokenIssuer;
import io.careloop.platform.auth.CarerRight;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A carer's acting token at the HTTP edge: the patient's token naming the carer as actor, with the
 * rights the patient granted. It reaches only the operations whose x-carer-rights it holds; the
 * rest (signing out, profile, data rights, devices) stays the patient's; revoking the care link
 * ends it.
 */
class CarerTokensIT {

  private final TestApp app = TestApp.get();
  private final ClinicFixture fixture = new ClinicFixture(app);
  private final TokenIssuer issuer =
      new TokenIssuer(app.keys, Duration.ofMinutes(15), Clock.systemUTC());

  private String acting(ClinicFixture.Account patient, UUID careLink, CarerRight... rights) {
    Account account = app.app.patients().accounts().find(patient.id()).await();
    return issuer.actingToken(account, fixture.patient().id(), careLink, Set.of(rights));
  }

  private String brushing() {
    LocalDate today = LocalDate.now();
    return "/api/v1/me/brushing/daily?from=" + today.minusDays(7) + "&to=" + today;
  }

  @Test
  @DisplayName(
      "With the appointments right a carer sees the patient's appointments, and nothing the right does not cover")
  void appointmentsRightOnly() {
    ClinicFixture.Account patient = fixture.patient();
    String carer = acting(patient, UUID.randomUUID(), CarerRight.APPOINTMENTS);
    JsonObject profile = app.get("/api/v1/me", patient.token()).bodyAsJsonObject();

    assertThat(app.get("/api/v1/me", carer).bodyAsJsonObject().getString("id"))
        .isEqualTo(patient.id().toString());
    assertThat(app.get("/api/v1/me/appointments", carer).statusCode()).isEqualTo(200);
    assertThat(app.get(brushing(), carer).statusCode())
        .as("brushing needs its own right")
        .isEqualTo(403);
    assertThat(app.get("/api/v1/me/export", carer).statusCode()).isEqualTo(403);
    assertThat(
            app.http
                .patch("/api/v1/me")
                .bearerTokenAuthentication(carer)
                .sendJsonObject(new JsonObject().put("name", "Renamed by the carer"))
                .await()
                .statusCode())
        .isEqualTo(403);
    assertThat(
            app.post("/api/v1/auth/logout", carer, new JsonObject().put("refreshToken", "x"))
                .statusCode())
        .isEqualTo(403);
    var erase = app.delete("/api/v1/me", carer);
    assertThat(erase.statusCode()).isEqualTo(403);
    assertThat(erase.getHeader("Content-Type")).isEqualTo("application/problem+json");

    assertThat(app.get("/api/v1/me", patient.token()).bodyAsJsonObject())
        .as("the patient, unchanged")
        .isEqualTo(profile);
  }

  @Test
  @DisplayName("With the brushing right a carer sees the brushing summary but not the appointments")
  void brushingRightOnly() {
    String carer = acting(fixture.patient(), UUID.randomUUID(), CarerRight.BRUSHING);

    assertThat(app.get(brushing(), carer).statusCode()).isEqualTo(200);
    assertThat(app.get("/api/v1/me/appointments", carer).statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName("Revoking the care link ends its acting tokens at once")
  void revokedLink() {
    ClinicFixture.Account patient = fixture.patient();
    UUID careLink = UUID.randomUUID();
    String carer = acting(patient, careLink, CarerRight.APPOINTMENTS);
    assertThat(app.get("/api/v1/me/appointments", carer).statusCode()).isEqualTo(200);

    app.app
        .patients()
        .revocations()
        .revoke(new Revocation(Revocation.Kind.SIGN_IN, careLink, Instant.now()))
        .await();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> app.get("/api/v1/me/appointments", carer).statusCode() == 401);
    assertThat(app.get("/api/v1/me/appointments", patient.token()).statusCode())
        .as("the patient's own sign-in")
        .isEqualTo(200);
  }
}
