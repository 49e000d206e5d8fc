package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.simulators.SimulatedBrush;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Booking that puts the right patients first, through the public API with the CRM judging: priority
 * time only for the patients the CRM puts on the fast track, and providers recommended by who saw
 * the patient, their expertise and their patients' ratings.
 */
class PriorityBookingIT {

  private static final Duration STEP = Duration.ofSeconds(30);

  private final TestApp app = TestApp.get();
  private final CrmWorld world = new CrmWorld(app);
  private final LocalDate inFiveDays = LocalDate.now(ZoneId.of(CrmWorld.PARIS)).plusDays(5);

  @Test
  @DisplayName(
      "Priority time is listed and bookable only for a patient the CRM puts on the fast track (an open high alert)")
  void priorityTimeForTheFastTrack() throws Exception {
    CrmWorld.Patient newcomer = world.patient("Nina Newcomer", "+33 6 11 22 33 01");
    CrmWorld.Patient urgent = world.patient("Ulla Urgent", "+33 6 11 22 33 02");
    // booked before any time is held: the visit two days ahead at 03:30 Paris would be held until
    // 03:30 today (48 h before it), so between midnight and then it could not be booked
    withOpenHighAlert(urgent);
    HttpResponse<Buffer> set =
        app.http
            .put("/api/v1/admin/clinics/" + world.clinicId + "/priority-time")
            .bearerTokenAuthentication(app.adminToken())
            .sendJsonObject(new JsonObject().put("sharePercent", 50).put("releaseHoursBefore", 48))
            .await();
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);

    List<JsonObject> forNewcomer = slots(newcomer);
    List<JsonObject> forUrgent = slots(urgent);
    List<JsonObject> held = forUrgent.stream().filter(s -> s.getBoolean("priority")).toList();
    assertThat(held).isNotEmpty();
    assertThat(forNewcomer).noneMatch(s -> s.getBoolean("priority"));
    assertThat(forNewcomer).hasSize(forUrgent.size() - held.size());
    assertThat(starts(forNewcomer)).doesNotContainAnyElementsOf(starts(held));

    JsonObject slot = held.get(0);
    HttpResponse<Buffer> refused = book(newcomer, slot);
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(409);
    assertThat(refused.bodyAsJsonObject().getString("type")).endsWith("/priority-time");
    assertThat(slots(newcomer)).hasSize(forNewcomer.size());
    HttpResponse<Buffer> booked = book(urgent, slot);
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
  }

  @Test
  @DisplayName(
      "Recommended providers: the dentist the patient saw and others rated first; a complex case goes to the specialist")
  void recommendedProviders() {
    JsonObject ben =
        world.fixture.provider("Dr Ben Martin", "dentist", List.of(world.checkUp), world.clinic);
    world.fixture.everyDay(
        ben, world.clinic, ClinicFixture.ranges("08:00", "18:00"), ClinicFixture.ranges());
    List<CrmWorld.Patient> rated =
        List.of(
            world.patient("Rita One", "+33 6 11 22 44 01"),
            world.patient("Rita Two", "+33 6 11 22 44 02"),
            world.patient("Rita Three", "+33 6 11 22 44 03"));
    int hour = 9;
    for (CrmWorld.Patient p : rated) {
      String visit = bookWith(p, ben, hour++).getString("id");
      world.complete(visit);
      assertThat(
              app.post(
                      "/api/v1/appointments/" + visit + "/feedback",
                      p.token(),
                      new JsonObject().put("rating", 5))
                  .statusCode())
          .isEqualTo(201);
    }

    JsonArray ranking = recommended(rated.get(0), world.checkUp);
    JsonObject first = ranking.getJsonObject(0);
    assertThat(first.getJsonObject("provider").getString("id")).isEqualTo(ben.getString("id"));
    assertThat(details(first))
        .contains(
            "Saw you once, last on " + LocalDate.now(ZoneId.of(CrmWorld.PARIS)).plusDays(2),
            "Rated 5.0 of 5 by 3 patients");

    JsonObject implant = world.fixture.service("Implant", 60, 0);
    JsonObject carla =
        world.fixture.provider("Dr Carla Implant", "dentist", List.of(implant), world.clinic);
    JsonObject dan =
        world.fixture.provider("Dr Dan General", "dentist", List.of(implant), world.clinic);
    for (JsonObject p : List.of(carla, dan)) {
      world.fixture.everyDay(
          p, world.clinic, ClinicFixture.ranges("08:00", "18:00"), ClinicFixture.ranges());
    }
    assertThat(
            put(
                    "/api/v1/admin/services/" + implant.getString("id") + "/complexity",
                    new JsonObject().put("complexity", 3))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            put(
                    "/api/v1/admin/providers/" + carla.getString("id") + "/expertise",
                    new JsonObject()
                        .put(
                            "services",
                            new JsonArray()
                                .add(
                                    new JsonObject()
                                        .put("serviceId", implant.getString("id"))
                                        .put("level", 3))))
                .statusCode())
        .isEqualTo(200);
    JsonArray implants = recommended(rated.get(0), implant);
    assertThat(implants.getJsonObject(0).getJsonObject("provider").getString("id"))
        .isEqualTo(carla.getString("id"));
    assertThat(details(implants.getJsonObject(0))).contains("Specialist");
    assertThat(implants.getJsonObject(1).getBoolean("meetsComplexity")).isFalse();
  }

  /** A patient of the clinic (a check-up booked) whose brushing opens a high plaque alert. */
  private void withOpenHighAlert(CrmWorld.Patient p) throws Exception {
    world.book(p, 7);
    HttpResponse<Buffer> plan =
        app.http
            .put("/api/v1/nurse/patients/" + p.id() + "/care-plan")
            .bearerTokenAuthentication(world.nurse.token())
            .sendJsonObject(
                new JsonObject()
                    .put("plan", "periodontal")
                    .put("until", inFiveDays.plusDays(30).toString()))
            .await();
    assertThat(plan.statusCode()).as(plan.bodyAsString()).isEqualTo(200);
    try (SimulatedBrush brush = world.fixture.pairedBrush(p.token(), false)) {
      brush.send(AlertsWorld.session(brush, 130, 0, 85, 2.6));
      await()
          .atMost(STEP)
          .until(
              () ->
                  world
                      .record(world.nurse.token(), p.id())
                      .bodyAsJsonObject()
                      .getJsonArray("tags")
                      .stream()
                      .anyMatch(t -> "open-high-alert".equals(((JsonObject) t).getString("tag"))));
    }
  }

  private List<JsonObject> slots(CrmWorld.Patient p) {
    HttpResponse<Buffer> r =
        app.get(
            "/api/v1/clinics/"
                + world.clinicId
                + "/slots?serviceId="
                + world.checkUp.getString("id")
                + "&from="
                + inFiveDays
                + "&to="
                + inFiveDays
                + "&providerId="
                + world.provider.getString("id"),
            p.token());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("slots").stream().map(JsonObject.class::cast).toList();
  }

  private static List<String> starts(List<JsonObject> slots) {
    return slots.stream().map(s -> s.getString("start")).toList();
  }

  private HttpResponse<Buffer> book(CrmWorld.Patient p, JsonObject slot) {
    return world.fixture.book(
        p.token(),
        UUID.randomUUID().toString(),
        ClinicFixture.booking(
            world.clinic, world.checkUp, world.provider, slot.getString("start")));
  }

  private JsonObject bookWith(CrmWorld.Patient p, JsonObject provider, int hour) {
    String start =
        ClinicFixture.at(
            LocalDate.now(ZoneId.of(CrmWorld.PARIS)).plusDays(2),
            String.format("%02d:00", hour),
            CrmWorld.PARIS);
    HttpResponse<Buffer> r =
        world.fixture.book(
            p.token(),
            UUID.randomUUID().toString(),
            ClinicFixture.booking(world.clinic, world.checkUp, provider, start));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  private JsonArray recommended(CrmWorld.Patient p, JsonObject service) {
    HttpResponse<Buffer> r =
        app.get(
            "/api/v1/clinics/"
                + world.clinicId
                + "/providers/recommended?serviceId="
                + service.getString("id"),
            p.token());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("providers");
  }

  private static List<String> details(JsonObject ranked) {
    return ranked.getJsonArray("reasons").stream()
        .map(o -> ((JsonObject) o).getString("detail"))
        .toList();
  }

  private HttpResponse<Buffer> put(String path, JsonObject body) {
    return app.http
        .put(path)
        .bearerTokenAuthentication(app.adminToken())
        .sendJsonObject(body)
        .await();
  }
}
