package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.e2e.ClinicFixture.Account;
import io.careloop.platform.bus.ClinicNurses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BookingApiIT {

  private static final String PARIS = "Europe/Paris";
  private static final String PROBLEM = "application/problem+json";

  private final TestApp app = TestApp.get();
  private final ClinicFixture fixture = new ClinicFixture(app);

  private JsonObject clinic;
  private JsonObject checkUp;
  private JsonObject implant;
  private JsonObject anna;
  private JsonObject ben;

  /** A day two days ahead in Paris, well inside notice and horizon. */
  private LocalDate day;

  @BeforeEach
  void clinicWithTwoProviders() {
    clinic = fixture.clinic(PARIS, 60, 24 * 60, 60);
    checkUp = fixture.service("Check-up", 30, 15);
    implant = fixture.service("Implant consultation", 60, 15);
    anna = fixture.provider("Anna Dupont", "dentist", List.of(checkUp, implant), clinic);
    ben = fixture.provider("Ben Martin", "hygienist", List.of(checkUp), clinic);
    for (JsonObject p : List.of(anna, ben)) {
      fixture.everyDay(
          p,
          clinic,
          ClinicFixture.ranges("08:00", "17:00"),
          ClinicFixture.ranges("12:00", "13:00"));
    }
    day = LocalDate.now(ZoneId.of(PARIS)).plusDays(2);
  }

  private String at(String localTime) {
    return ClinicFixture.at(day, localTime, PARIS);
  }

  private static String type(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getString("type").replace("https://careloop.example/problems/", "");
  }

  private JsonArray slots(String token, String serviceId, LocalDate from, LocalDate to) {
    var r =
        app.get(
            "/api/v1/clinics/"
                + clinic.getString("id")
                + "/slots?serviceId="
                + serviceId
                + "&from="
                + from
                + "&to="
                + to,
            token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("slots");
  }

  private JsonObject mine(Account patient) {
    return app.get("/api/v1/me/appointments", patient.token()).bodyAsJsonObject();
  }

  @Test
  @DisplayName(
      "Patients read the clinic list, a clinic's services and providers (filtered by service), and its free slots")
  void reads() {
    Account patient = fixture.patient();
    String clinicId = clinic.getString("id");

    var clinics = app.get("/api/v1/clinics", patient.token());
    var services = app.get("/api/v1/clinics/" + clinicId + "/services", patient.token());
    var implantProviders =
        app.get(
            "/api/v1/clinics/" + clinicId + "/providers?serviceId=" + implant.getString("id"),
            patient.token());
    var allProviders = app.get("/api/v1/clinics/" + clinicId + "/providers", patient.token());
    JsonArray free = slots(patient.token(), checkUp.getString("id"), day, day);

    assertThat(
            clinics.bodyAsJsonObject().getJsonArray("clinics").stream()
                .map(c -> ((JsonObject) c).getString("id")))
        .contains(clinicId);
    assertThat(
            services.bodyAsJsonObject().getJsonArray("services").stream()
                .map(s -> ((JsonObject) s).getString("name")))
        .containsExactly("Check-up", "Implant consultation");
    assertThat(implantProviders.bodyAsJsonObject().getJsonArray("providers")).hasSize(1);
    assertThat(
            implantProviders
                .bodyAsJsonObject()
                .getJsonArray("providers")
                .getJsonObject(0)
                .getString("kind"))
        .isEqualTo("dentist");
    assertThat(allProviders.bodyAsJsonObject().getJsonArray("providers")).hasSize(2);
    // 08:00-12:00 and 13:00-17:00 each fit 45 minutes (30 + 15 buffer) at 14 starts, for two
    // providers.
    assertThat(free).hasSize(2 * 2 * 14);
    assertThat(free.getJsonObject(0).getString("start")).isEqualTo(at("08:00"));
    assertThat(free.getJsonObject(0).getString("end")).isEqualTo(at("08:30"));
    assertThat(
            app.get("/api/v1/clinics/" + UUID.randomUUID() + "/services", patient.token())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  @DisplayName(
      "A patient books (201), repeats with the same key (201 again, marked replayed, same appointment), reschedules and cancels; slots follow at once")
  void journey() {
    Account patient = fixture.patient();
    String key = UUID.randomUUID().toString();

    var booked =
        fixture.book(
            patient.token(), key, ClinicFixture.booking(clinic, checkUp, anna, at("09:00:00")));
    var replay =
        fixture.book(
            patient.token(), key, ClinicFixture.booking(clinic, checkUp, anna, at("09:00:00")));
    var reused =
        fixture.book(
            patient.token(), key, ClinicFixture.booking(clinic, checkUp, anna, at("10:00:00")));

    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    JsonObject appointment = booked.bodyAsJsonObject();
    assertThat(appointment.getString("status")).isEqualTo("booked");
    assertThat(appointment.getString("start")).isEqualTo(at("09:00"));
    assertThat(appointment.getString("bufferUntil")).isEqualTo(at("09:45"));
    assertThat(booked.getHeader("Idempotent-Replayed")).isEqualTo("false");
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.bodyAsJsonObject()).isEqualTo(appointment);
    assertThat(reused.statusCode()).isEqualTo(422);
    assertThat(type(reused)).isEqualTo("idempotency-key-reused");
    assertThat(
            slots(patient.token(), checkUp.getString("id"), day, day).stream()
                .map(s -> (JsonObject) s)
                .filter(s -> s.getString("providerId").equals(anna.getString("id")))
                .map(s -> s.getString("start")))
        .doesNotContain(at("09:00"));
    assertThat(mine(patient).getJsonArray("upcoming")).containsExactly(appointment);

    String id = appointment.getString("id");
    var moved =
        app.post(
            "/api/v1/appointments/" + id + "/reschedule",
            patient.token(),
            new JsonObject().put("start", at("14:00:00")).put("providerId", ben.getString("id")));
    assertThat(moved.statusCode()).as(moved.bodyAsString()).isEqualTo(200);
    assertThat(moved.bodyAsJsonObject().getString("providerId")).isEqualTo(ben.getString("id"));
    assertThat(moved.bodyAsJsonObject().getInteger("version")).isEqualTo(2);
    assertThat(ClinicFixture.cells(anna.getString("id"), day)).isEmpty();
    assertThat(ClinicFixture.cells(ben.getString("id"), day)).hasSize(3);

    var cancelled =
        app.post("/api/v1/appointments/" + id + "/cancel", patient.token(), new JsonObject());
    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("cancelled");
    assertThat(ClinicFixture.cells(ben.getString("id"), day)).isEmpty();
    assertThat(mine(patient).getJsonArray("upcoming")).isEmpty();
    assertThat(mine(patient).getJsonArray("past").getJsonObject(0).getString("status"))
        .isEqualTo("cancelled");
    assertThat(
            app.post("/api/v1/appointments/" + id + "/cancel", patient.token(), new JsonObject())
                .statusCode())
        .as("cancelling again is harmless")
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "A reschedule onto taken time is 409 slot-taken and the appointment stays exactly as it was")
  void rescheduleOntoTakenTime() {
    Account me = fixture.patient();
    Account other = fixture.patient();
    JsonObject mine =
        fixture
            .book(me.token(), "a", ClinicFixture.booking(clinic, checkUp, anna, at("09:00:00")))
            .bodyAsJsonObject();
    fixture.book(other.token(), "b", ClinicFixture.booking(clinic, checkUp, anna, at("10:00:00")));

    var refused =
        app.post(
            "/api/v1/appointments/" + mine.getString("id") + "/reschedule",
            me.token(),
            new JsonObject().put("start", at("10:15:00")));

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.getHeader("Content-Type")).isEqualTo(PROBLEM);
    assertThat(type(refused)).isEqualTo("slot-taken");
    assertThat(
            app.get("/api/v1/appointments/" + mine.getString("id"), me.token()).bodyAsJsonObject())
        .isEqualTo(mine);
    assertThat(ClinicFixture.cells(anna.getString("id"), day)).hasSize(6);
  }

  @Test
  @DisplayName(
      "Another patient's appointment answers 404 to reading, rescheduling and cancelling, and is unchanged")
  void ownership() {
    Account owner = fixture.patient();
    Account stranger = fixture.patient();
    JsonObject appointment =
        fixture
            .book(
                owner.token(), "own", ClinicFixture.booking(clinic, checkUp, anna, at("09:00:00")))
            .bodyAsJsonObject();
    String path = "/api/v1/appointments/" + appointment.getString("id");

    assertThat(app.get(path, stranger.token()).statusCode()).isEqualTo(404);
    assertThat(app.post(path + "/cancel", stranger.token(), new JsonObject()).statusCode())
        .isEqualTo(404);
    assertThat(
            app.post(
                    path + "/reschedule",
                    stranger.token(),
                    new JsonObject().put("start", at("15:00:00")))
                .statusCode())
        .isEqualTo(404);
    assertThat(app.get(path, owner.token()).bodyAsJsonObject()).isEqualTo(appointment);
  }

  @Test
  @DisplayName(
      "A nurse of the clinic sees its day, checks the patient in and completes the visit, with the history; a nurse of another clinic cannot")
  void staff() {
    Account patient = fixture.patient();
    Account nurse = fixture.nurse(clinic);
    Account elsewhere = fixture.nurse(fixture.clinic(PARIS, 0, 0, 30));
    String id =
        fixture
            .book(
                patient.token(),
                "visit",
                ClinicFixture.booking(clinic, checkUp, anna, at("09:00:00")))
            .bodyAsJsonObject()
            .getString("id");
    String status = "/api/v1/staff/appointments/" + id + "/status";

    var dayList =
        app.get(
            "/api/v1/staff/clinics/" + clinic.getString("id") + "/appointments?date=" + day,
            nurse.token());
    var otherList =
        app.get(
            "/api/v1/staff/clinics/" + clinic.getString("id") + "/appointments?date=" + day,
            elsewhere.token());
    var otherStatus =
        app.post(status, elsewhere.token(), new JsonObject().put("status", "checked_in"));
    var patientStatus =
        app.post(status, patient.token(), new JsonObject().put("status", "checked_in"));
    var checkedIn = app.post(status, nurse.token(), new JsonObject().put("status", "checked_in"));
    var completed = app.post(status, nurse.token(), new JsonObject().put("status", "completed"));
    var seen = app.get("/api/v1/appointments/" + id, nurse.token());

    assertThat(
            dayList
                .bodyAsJsonObject()
                .getJsonArray("appointments")
                .getJsonObject(0)
                .getString("id"))
        .isEqualTo(id);
    assertThat(otherList.statusCode()).isEqualTo(403);
    assertThat(otherStatus.statusCode()).isEqualTo(404);
    assertThat(patientStatus.statusCode()).isEqualTo(403);
    assertThat(checkedIn.bodyAsJsonObject().getString("status")).isEqualTo("checked_in");
    assertThat(completed.bodyAsJsonObject().getString("status")).isEqualTo("completed");
    JsonArray history = seen.bodyAsJsonObject().getJsonArray("history");
    assertThat(history.stream().map(h -> ((JsonObject) h).getString("change")))
        .containsExactly("booked", "checked_in", "completed");
    assertThat(history.getJsonObject(2).getString("changedBy")).isEqualTo(nurse.id().toString());
    assertThat(history.getJsonObject(2).getString("changedByRole")).isEqualTo("nurse");
    assertThat(app.app.patients().staffReads().thisMonth(patient.id()).await())
        .as("every staff read of the patient's appointment is audited")
        .extracting(r -> r.staffId())
        .contains(nurse.id());
    assertThat(app.app.patients().staffReads().thisMonth(patient.id()).await())
        .as("a status set by staff returns the appointment: audited too")
        .anyMatch(
            r ->
                r.staffId().equals(nurse.id())
                    && r.what().equals("appointment " + id + " set completed"));
    ClinicNurses nurses =
        app.app
            .vertx()
            .eventBus()
            .<ClinicNurses>request(
                io.careloop.platform.bus.Addresses.CLINIC_NURSES,
                ClinicNurses.ask(UUID.fromString(clinic.getString("id"))))
            .await()
            .body();
    assertThat(nurses.nurseIds()).containsExactly(nurse.id());
  }

  @Test
  @DisplayName("Invalid booking requests get problem+json 4xx and change nothing")
  void invalidBookings() {
    Account patient = fixture.patient();
    String past = ClinicFixture.at(LocalDate.now(ZoneId.of(PARIS)).minusDays(1), "10:00", PARIS);
    record Case(String name, Supplier<HttpResponse<Buffer>> call, int status, String type) {}
    List<Case> cases =
        List.of(
            new Case(
                "unknown service",
                () ->
                    fixture.book(
                        patient.token(),
                        "1",
                        ClinicFixture.booking(
                            clinic,
                            new JsonObject().put("id", UUID.randomUUID().toString()),
                            anna,
                            at("09:00:00"))),
                422,
                "unknown-service"),
            new Case(
                "start in the past",
                () ->
                    fixture.book(
                        patient.token(), "2", ClinicFixture.booking(clinic, checkUp, anna, past)),
                422,
                "outside-booking-window"),
            new Case(
                "start off the grid",
                () ->
                    fixture.book(
                        patient.token(),
                        "3",
                        ClinicFixture.booking(clinic, checkUp, anna, at("09:05:00"))),
                422,
                "off-grid"),
            new Case(
                "start in the lunch break",
                () ->
                    fixture.book(
                        patient.token(),
                        "4",
                        ClinicFixture.booking(clinic, checkUp, anna, at("12:00:00"))),
                422,
                "not-bookable"),
            new Case(
                "service the provider does not offer",
                () ->
                    fixture.book(
                        patient.token(),
                        "5",
                        ClinicFixture.booking(clinic, implant, ben, at("09:00:00"))),
                422,
                "service-not-offered"),
            new Case(
                "start without offset",
                () ->
                    fixture.book(
                        patient.token(),
                        "6",
                        ClinicFixture.booking(clinic, checkUp, anna, day + "T09:00:00")),
                400,
                "validation"),
            new Case(
                "id that is no UUID",
                () ->
                    fixture.book(
                        patient.token(),
                        "7",
                        ClinicFixture.booking(clinic, checkUp, anna, at("09:00:00"))
                            .put("clinicId", "clinic-1")),
                400,
                "validation"),
            new Case(
                "missing field",
                () ->
                    fixture.book(
                        patient.token(),
                        "8",
                        new JsonObject()
                            .put("clinicId", clinic.getString("id"))
                            .put("start", at("09:00:00"))),
                400,
                "validation"),
            new Case(
                "no Idempotency-Key",
                () ->
                    fixture.book(
                        patient.token(),
                        null,
                        ClinicFixture.booking(clinic, checkUp, anna, at("09:00:00"))),
                400,
                "validation"),
            new Case(
                "malformed JSON",
                () ->
                    app.http
                        .post("/api/v1/appointments")
                        .bearerTokenAuthentication(patient.token())
                        .putHeader("Idempotency-Key", "9")
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(
                            Buffer.buffer(
                                "{\"clinicId\": \"" + clinic.getString("id") + "\", \"start\": "))
                        .await(),
                400,
                "validation"));

    for (Case c : cases) {
      HttpResponse<Buffer> r = c.call().get();
      assertThat(r.statusCode()).as(c.name() + ": " + r.bodyAsString()).isEqualTo(c.status());
      assertThat(r.getHeader("Content-Type")).as(c.name()).isEqualTo(PROBLEM);
      assertThat(type(r)).as(c.name()).isEqualTo(c.type());
    }
    assertThat(ClinicFixture.cells(anna.getString("id"), day)).isEmpty();
    assertThat(ClinicFixture.cells(ben.getString("id"), day)).isEmpty();
    assertThat(ClinicFixture.listedAt(clinic.getString("id"), day)).isEmpty();
    assertThat(mine(patient).getJsonArray("upcoming")).isEmpty();
    assertThat(mine(patient).getJsonArray("past")).isEmpty();
  }

  @Test
  @DisplayName(
      "Invalid admin input gets problem+json 4xx and leaves the catalogue and the hours as they were")
  void invalidAdminInput() {
    Account patient = fixture.patient();
    JsonArray before = slots(patient.token(), checkUp.getString("id"), day, day);
    int clinicsBefore =
        app.get("/api/v1/clinics", patient.token())
            .bodyAsJsonObject()
            .getJsonArray("clinics")
            .size();

    var badService =
        app.post(
            "/api/v1/admin/services",
            fixture.admin(),
            new JsonObject().put("name", "Odd").put("durationMinutes", 20));
    var badZone =
        app.post(
            "/api/v1/admin/clinics",
            fixture.admin(),
            new JsonObject().put("name", "X").put("address", "Y").put("timeZone", "Mars/Olympus"));
    var byPatient =
        app.post(
            "/api/v1/admin/clinics",
            patient.token(),
            new JsonObject().put("name", "X").put("address", "Y").put("timeZone", PARIS));
    var breakOutsideHours =
        app.post(
            "/api/v1/admin/schedules",
            fixture.admin(),
            new JsonObject()
                .put("providerId", anna.getString("id"))
                .put("clinicId", clinic.getString("id"))
                .put(
                    "days",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("day", "monday")
                                .put("hours", ClinicFixture.ranges("08:00", "12:00"))
                                .put("breaks", ClinicFixture.ranges("13:00", "13:30")))));
    var unknownClinic =
        app.post(
            "/api/v1/admin/providers",
            fixture.admin(),
            new JsonObject()
                .put("name", "Z")
                .put("kind", "dentist")
                .put("serviceIds", new JsonArray().add(checkUp.getString("id")))
                .put("clinicIds", new JsonArray().add(UUID.randomUUID().toString())));
    var nurseForNoClinic =
        app.post(
            "/api/v1/admin/staff",
            fixture.admin(),
            new JsonObject()
                .put("email", "n-" + UUID.randomUUID() + "@example.org")
                .put("password", "a long enough password")
                .put("name", "N")
                .put("role", "nurse")
                .put("clinicIds", new JsonArray().add(UUID.randomUUID().toString())));

    assertThat(badService.statusCode()).isEqualTo(400);
    assertThat(badZone.statusCode()).isEqualTo(400);
    assertThat(byPatient.statusCode()).isEqualTo(403);
    assertThat(breakOutsideHours.statusCode()).isEqualTo(400);
    assertThat(unknownClinic.statusCode()).isEqualTo(422);
    assertThat(type(unknownClinic)).isEqualTo("unknown-clinic");
    assertThat(nurseForNoClinic.statusCode()).isEqualTo(422);
    for (var r :
        List.of(
            badService, badZone, byPatient, breakOutsideHours, unknownClinic, nurseForNoClinic)) {
      assertThat(r.getHeader("Content-Type")).isEqualTo(PROBLEM);
    }
    assertThat(
            app.get("/api/v1/clinics", patient.token()).bodyAsJsonObject().getJsonArray("clinics"))
        .hasSize(clinicsBefore);
    assertThat(slots(patient.token(), checkUp.getString("id"), day, day)).isEqualTo(before);
  }

  @Test
  @DisplayName("A slot search longer than 31 days or with from after to is refused")
  void searchBounds() {
    Account patient = fixture.patient();
    String base =
        "/api/v1/clinics/" + clinic.getString("id") + "/slots?serviceId=" + checkUp.getString("id");

    var tooLong = app.get(base + "&from=" + day + "&to=" + day.plusDays(31), patient.token());
    var backwards = app.get(base + "&from=" + day + "&to=" + day.minusDays(1), patient.token());
    var unknownService =
        app.get(
            "/api/v1/clinics/"
                + clinic.getString("id")
                + "/slots?serviceId="
                + UUID.randomUUID()
                + "&from="
                + day
                + "&to="
                + day,
            patient.token());

    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(backwards.statusCode()).isEqualTo(400);
    assertThat(unknownService.statusCode()).isEqualTo(422);
    assertThat(
            app.get(base + "&from=" + day + "&to=" + day.plusDays(30), patient.token())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "On the next days daylight saving time starts and ends in Paris, night hours last 5 and 7 hours and slots carry the right offsets")
  void slotsOnTheNextDaylightSavingDays() {
    JsonObject nightClinic = fixture.clinic(PARIS, 0, 0, 400);
    JsonObject hour = fixture.service("Emergency", 60, 0);
    JsonObject rota = fixture.provider("Night rota", "dentist", List.of(hour), nightClinic);
    fixture.everyDay(
        rota, nightClinic, ClinicFixture.ranges("00:00", "06:00"), ClinicFixture.ranges());
    Account patient = fixture.patient();
    ZoneId paris = ZoneId.of(PARIS);
    ZoneOffsetTransition first = paris.getRules().nextTransition(Instant.now());
    ZoneOffsetTransition second = paris.getRules().nextTransition(first.getInstant());

    for (ZoneOffsetTransition change : List.of(first, second)) {
      LocalDate changeDay = change.getInstant().atZone(paris).toLocalDate();
      var r =
          app.get(
              "/api/v1/clinics/"
                  + nightClinic.getString("id")
                  + "/slots?serviceId="
                  + hour.getString("id")
                  + "&from="
                  + changeDay
                  + "&to="
                  + changeDay,
              patient.token());
      JsonArray starts = r.bodyAsJsonObject().getJsonArray("slots");
      long realHours = change.isGap() ? 5 : 7;
      assertThat(starts).as(changeDay.toString()).hasSize((int) ((realHours * 60 - 60) / 15 + 1));
      OffsetDateTime firstStart = OffsetDateTime.parse(starts.getJsonObject(0).getString("start"));
      OffsetDateTime lastStart =
          OffsetDateTime.parse(starts.getJsonObject(starts.size() - 1).getString("start"));
      assertThat(firstStart.getOffset()).isEqualTo(change.getOffsetBefore());
      assertThat(lastStart.getOffset()).isEqualTo(change.getOffsetAfter());
      assertThat(lastStart.toLocalTime()).hasToString("05:00");
    }
  }
}
