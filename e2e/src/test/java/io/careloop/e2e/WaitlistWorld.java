package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * A clinic whose waitlist has seen some life, through the API: three patients wait, time frees up
 * and is offered to all three; the first accepts it, the second comes too late (refused), the third
 * has not answered yet (open). Two stay waiting, one per service.
 */
final class WaitlistWorld {

  static final String ZONE = "Europe/Paris";

  final TestApp app;
  final ClinicFixture fixture;
  final JsonObject clinic;
  final JsonObject checkUp;
  final JsonObject cleaning;
  final LocalDate today = LocalDate.now(ZoneId.of(ZONE));
  final List<ClinicFixture.Account> waiting;

  WaitlistWorld(TestApp app) {
    this.app = app;
    fixture = new ClinicFixture(app);
    clinic = fixture.clinic(ZONE, 60, 60, 30);
    checkUp = fixture.service("Check-up", 30, 15);
    cleaning = fixture.service("Cleaning", 30, 15);
    JsonObject provider =
        fixture.provider("Dr Waits", "dentist", List.of(checkUp, cleaning), clinic);
    fixture.everyDay(provider, clinic, ClinicFixture.ranges("08:00", "18:00"), new JsonArray());
    LocalDate day = today.plusDays(2);
    ClinicFixture.Account holder = fixture.patient();
    var booked =
        fixture.book(
            holder.token(),
            UUID.randomUUID().toString(),
            ClinicFixture.booking(clinic, checkUp, provider, ClinicFixture.at(day, "10:00", ZONE)));
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    waiting = fixture.patients(3);
    join(waiting.get(0), checkUp, day, day);
    join(waiting.get(1), cleaning, day, day.plusDays(3));
    join(waiting.get(2), checkUp, day, day.plusDays(1));

    String appointment = booked.bodyAsJsonObject().getString("id");
    var cancelled =
        app.post(
            "/api/v1/appointments/" + appointment + "/cancel", holder.token(), new JsonObject());
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
    String first = offerOf(waiting.get(0));
    String second = offerOf(waiting.get(1));
    offerOf(waiting.get(2));
    assertThat(accept(waiting.get(0), first)).isEqualTo(201);
    assertThat(accept(waiting.get(1), second)).as("the time had gone").isEqualTo(409);
  }

  String clinicId() {
    return clinic.getString("id");
  }

  /** The path of the clinic's figures for the last week. */
  String figuresPath() {
    return "/api/v1/staff/clinics/"
        + clinicId()
        + "/waitlist?from="
        + today.minusDays(6)
        + "&to="
        + today;
  }

  private void join(
      ClinicFixture.Account patient, JsonObject service, LocalDate from, LocalDate to) {
    var joined =
        app.post(
            "/api/v1/waitlist",
            patient.token(),
            new JsonObject()
                .put("clinicId", clinicId())
                .put("serviceId", service.getString("id"))
                .put("from", from.toString())
                .put("to", to.toString()));
    assertThat(joined.statusCode()).as(joined.bodyAsString()).isEqualTo(201);
  }

  private String offerOf(ClinicFixture.Account patient) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                app.get("/api/v1/me/waitlist", patient.token())
                    .bodyAsJsonObject()
                    .getJsonArray("offers"),
            offers -> offers.size() == 1)
        .getJsonObject(0)
        .getString("id");
  }

  private int accept(ClinicFixture.Account patient, String offerId) {
    return app.post(
            "/api/v1/waitlist/offers/" + offerId + "/accept", patient.token(), new JsonObject())
        .statusCode();
  }
}
