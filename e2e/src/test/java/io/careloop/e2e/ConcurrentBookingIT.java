package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConcurrentBookingIT {

  private final TestApp app = TestApp.get();
  private final ClinicFixture fixture = new ClinicFixture(app);

  @Test
  @DisplayName(
      "50 patients booking the same slot at once: exactly one 201, 49 slot-taken 409, one appointment in the tables")
  void fiftyPatientsOneSlot() {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 30);
    JsonObject checkUp = fixture.service("Check-up", 30, 15);
    JsonObject anna = fixture.provider("Anna", "dentist", List.of(checkUp), clinic);
    fixture.everyDay(anna, clinic, ClinicFixture.ranges("08:00", "18:00"), ClinicFixture.ranges());
    List<ClinicFixture.Account> patients = fixture.patients(50);
    LocalDate day = LocalDate.now(ZoneId.of("Europe/Paris")).plusDays(2);
    String start = ClinicFixture.at(day, "10:00", "Europe/Paris");
    JsonObject body = ClinicFixture.booking(clinic, checkUp, anna, start);

    List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
    for (ClinicFixture.Account patient : patients) {
      attempts.add(
          app.http
              .post("/api/v1/appointments")
              .bearerTokenAuthentication(patient.token())
              .putHeader("Idempotency-Key", UUID.randomUUID().toString())
              .sendJsonObject(body));
    }
    Future.join(attempts).otherwiseEmpty().await();

    List<HttpResponse<Buffer>> responses = attempts.stream().map(Future::result).toList();
    assertThat(responses).extracting(HttpResponse::statusCode).filteredOn(s -> s == 201).hasSize(1);
    assertThat(responses)
        .filteredOn(r -> r.statusCode() != 201)
        .hasSize(49)
        .allSatisfy(
            r -> {
              assertThat(r.statusCode()).isEqualTo(409);
              assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
              assertThat(r.bodyAsJsonObject().getString("type"))
                  .isEqualTo("https://careloop.example/problems/slot-taken");
            });
    JsonObject winner =
        responses.stream()
            .filter(r -> r.statusCode() == 201)
            .findFirst()
            .orElseThrow()
            .bodyAsJsonObject();
    assertThat(ClinicFixture.cells(anna.getString("id"), day))
        .hasSize(3)
        .allMatch(r -> r.getUuid("appointment_id").toString().equals(winner.getString("id")));
    assertThat(ClinicFixture.listedAt(clinic.getString("id"), day))
        .containsExactly(UUID.fromString(winner.getString("id")));
    int listed = 0;
    for (ClinicFixture.Account patient : patients) {
      JsonObject mine = app.get("/api/v1/me/appointments", patient.token()).bodyAsJsonObject();
      listed += mine.getJsonArray("upcoming").size() + mine.getJsonArray("past").size();
    }
    assertThat(listed).isEqualTo(1);
  }
}
