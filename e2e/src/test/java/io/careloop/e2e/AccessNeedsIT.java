package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.platform.testing.TestCassandra;
import io.careloop.reminders.RemindersProbe;
import io.careloop.reminders.kinds.AppointmentReminders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Special care through the HTTP API: a patient's access needs, what each clinic can meet, and slot
 * search and booking that honour both (a clinic that cannot meet a need says so and names one that
 * can; an appointment takes the time the needs add, claimed so that nobody is booked into it), and
 * the same journey made by a carer.
 */
class AccessNeedsIT {

  private static final String PARIS = "Europe/Paris";

  private final TestApp app = TestApp.get();
  private final ClinicFixture fixture = new ClinicFixture(app);
  private JsonObject stepFree;
  private JsonObject upstairs;
  private JsonObject cleaning;
  private JsonObject dentist;
  private LocalDate day;

  @BeforeEach
  void chain() {
    stepFree = fixture.clinic(PARIS, 0, 0, 30);
    upstairs = fixture.clinic(PARIS, 0, 0, 30);
    cleaning = fixture.service("Cleaning", 30, 0);
    dentist = fixture.provider("Dr Access", "dentist", List.of(cleaning), stepFree, upstairs);
    for (JsonObject clinic : List.of(stepFree, upstairs)) {
      fixture.everyDay(dentist, clinic, ClinicFixture.ranges("09:00", "12:00"), new JsonArray());
    }
    assertThat(
            put(
                    "/api/v1/admin/clinics/" + stepFree.getString("id") + "/facilities",
                    fixture.admin(),
                    new JsonObject()
                        .put(
                            "meets",
                            new JsonArray().add("wheelchair").add("step-free").add("quiet-room"))
                        .put("extraMinutes", new JsonObject().put("wheelchair", 15)))
                .statusCode())
        .isEqualTo(200);
    day = LocalDate.now(ZoneId.of(PARIS)).plusDays(3);
  }

  private HttpResponse<Buffer> put(String path, String token, JsonObject body) {
    return app.http.put(path).bearerTokenAuthentication(token).sendJsonObject(body).await();
  }

  private HttpResponse<Buffer> slots(JsonObject clinic, String token) {
    return app.get(
        "/api/v1/clinics/"
            + clinic.getString("id")
            + "/slots?serviceId="
            + cleaning.getString("id")
            + "&from="
            + day
            + "&to="
            + day,
        token);
  }

  private static Duration length(JsonObject slot) {
    return Duration.between(
        OffsetDateTime.parse(slot.getString("start")), OffsetDateTime.parse(slot.getString("end")));
  }

  @Test
  @DisplayName(
      "A wheelchair user needing 15 more minutes: the clinic without step-free access says so and names one with it, where the appointment takes 60 minutes, nobody is booked into them, and the day list shows the needs")
  void wheelchairUserWithExtraTime() {
    ClinicFixture.Account patient = fixture.patient();
    var set =
        put(
            "/api/v1/me/access-needs",
            patient.token(),
            new JsonObject()
                .put("mobility", new JsonArray().add("wheelchair").add("step-free"))
                .put("extraMinutes", 15));
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
    assertThat(
            set.bodyAsJsonObject()
                .getJsonObject("setBy")
                .getJsonObject("mobility")
                .getString("accountId"))
        .isEqualTo(patient.id().toString());

    var refused = slots(upstairs, patient.token());
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(422);
    assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = refused.bodyAsJsonObject();
    assertThat(problem.getString("type")).endsWith("/access-needs-not-met");
    assertThat(problem.getJsonArray("unmet")).containsExactly("step-free", "wheelchair");
    assertThat(problem.getJsonArray("clinicsThatMeet"))
        .extracting(c -> ((JsonObject) c).getString("id"))
        .contains(stepFree.getString("id"))
        .doesNotContain(upstairs.getString("id"));

    var offered = slots(stepFree, patient.token());
    assertThat(offered.statusCode()).as(offered.bodyAsString()).isEqualTo(200);
    JsonArray free = offered.bodyAsJsonObject().getJsonArray("slots");
    assertThat(free)
        .isNotEmpty()
        .allSatisfy(
            slot -> assertThat(length((JsonObject) slot)).isEqualTo(Duration.ofMinutes(60)));
    assertThat(free)
        .extracting(s -> ((JsonObject) s).getString("start"))
        .doesNotContain(ClinicFixture.at(day, "11:15", PARIS));

    String nine = ClinicFixture.at(day, "09:00", PARIS);
    var booked =
        fixture.book(
            patient.token(),
            UUID.randomUUID().toString(),
            ClinicFixture.booking(stepFree, cleaning, dentist, nine));
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    assertThat(OffsetDateTime.parse(booked.bodyAsJsonObject().getString("end")))
        .isEqualTo(OffsetDateTime.parse(nine).plusMinutes(60));
    assertThat(ClinicFixture.cells(dentist.getString("id"), day)).hasSize(4);

    ClinicFixture.Account other = fixture.patient();
    var intoTheExtraTime =
        fixture.book(
            other.token(),
            UUID.randomUUID().toString(),
            ClinicFixture.booking(
                stepFree, cleaning, dentist, ClinicFixture.at(day, "09:30", PARIS)));
    assertThat(intoTheExtraTime.statusCode()).as(intoTheExtraTime.bodyAsString()).isEqualTo(409);
    var afterIt =
        fixture.book(
            other.token(),
            UUID.randomUUID().toString(),
            ClinicFixture.booking(
                stepFree, cleaning, dentist, ClinicFixture.at(day, "10:00", PARIS)));
    assertThat(afterIt.statusCode()).as(afterIt.bodyAsString()).isEqualTo(201);

    JsonArray dayList =
        app.get(
                "/api/v1/staff/clinics/" + stepFree.getString("id") + "/appointments?date=" + day,
                fixture.nurse(stepFree).token())
            .bodyAsJsonObject()
            .getJsonArray("appointments");
    assertThat(dayList).hasSize(2);
    JsonObject theirs = dayList.getJsonObject(0);
    assertThat(theirs.getString("patientId")).isEqualTo(patient.id().toString());
    assertThat(theirs.getJsonObject("accessNeeds").getJsonArray("mobility"))
        .containsExactly("wheelchair", "step-free");
    assertThat(theirs.getJsonObject("accessNeeds").getInteger("extraMinutes")).isEqualTo(15);
    assertThat(dayList.getJsonObject(1).containsKey("accessNeeds"))
        .as("a patient without needs")
        .isFalse();
  }

  @Test
  @DisplayName(
      "Booking at a clinic that cannot meet the needs is 422 and claims nothing; a patient without needs books there as before")
  void bookingWhereNeedsAreNotMet() {
    ClinicFixture.Account patient = fixture.patient();
    put(
        "/api/v1/me/access-needs",
        patient.token(),
        new JsonObject().put("sensory", new JsonArray().add("quiet-room")));

    var refused =
        fixture.book(
            patient.token(),
            UUID.randomUUID().toString(),
            ClinicFixture.booking(
                upstairs, cleaning, dentist, ClinicFixture.at(day, "09:00", PARIS)));
    var someoneElse =
        fixture.book(
            fixture.patient().token(),
            UUID.randomUUID().toString(),
            ClinicFixture.booking(
                upstairs, cleaning, dentist, ClinicFixture.at(day, "10:00", PARIS)));

    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(422);
    assertThat(refused.bodyAsJsonObject().getJsonArray("unmet")).containsExactly("quiet-room");
    assertThat(ClinicFixture.cells(dentist.getString("id"), day))
        .extracting(r -> r.getInstant("cell"))
        .noneMatch(
            cell ->
                cell.equals(
                    OffsetDateTime.parse(ClinicFixture.at(day, "09:00", PARIS)).toInstant()));
    assertThat(someoneElse.statusCode()).as(someoneElse.bodyAsString()).isEqualTo(201);
  }

  @Test
  @DisplayName(
      "Needs read back as set, with who set each category; an unknown need or too many minutes is 400 and changes nothing")
  void needsReadBackAndBadInput() {
    ClinicFixture.Account patient = fixture.patient();
    JsonObject needs =
        new JsonObject()
            .put("mobility", new JsonArray().add("hoist"))
            .put("extraMinutes", 30)
            .put("sedation", true)
            .put("sensory", new JsonArray().add("low-light"))
            .put(
                "communication",
                new JsonObject()
                    .put("signLanguage", true)
                    .put("easyRead", false)
                    .put("interpreterLanguage", "pl"))
            .put("behaviouralSupport", true);
    put("/api/v1/me/access-needs", patient.token(), needs);

    var unknown =
        put(
            "/api/v1/me/access-needs",
            patient.token(),
            new JsonObject().put("mobility", new JsonArray().add("jetpack")));
    var tooLong =
        put("/api/v1/me/access-needs", patient.token(), new JsonObject().put("extraMinutes", 600));
    JsonObject stored = app.get("/api/v1/me/access-needs", patient.token()).bodyAsJsonObject();

    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(tooLong.statusCode()).isEqualTo(400);
    JsonObject withoutProvenance = stored.copy();
    withoutProvenance.remove("setBy");
    assertThat(withoutProvenance).isEqualTo(needs);
    assertThat(stored.getJsonObject("setBy").fieldNames())
        .containsExactlyInAnyOrder(
            "mobility",
            "extraMinutes",
            "sedation",
            "sensory",
            "communication",
            "behaviouralSupport");
    assertThat(stored.getJsonObject("setBy").getJsonObject("sedation").getString("role"))
        .isEqualTo("patient");
    assertThat(
            put(
                    "/api/v1/admin/clinics/" + UUID.randomUUID() + "/facilities",
                    fixture.admin(),
                    new JsonObject().put("meets", new JsonArray()))
                .statusCode())
        .as("facilities of an unknown clinic")
        .isEqualTo(404);
  }

  @Test
  @DisplayName(
      "A clinic declares its rooms: a hoist user's appointment holds the hoist room, shown on the day list with the interpreter's language; a bad room declaration is 400 problem+json and changes nothing")
  void rooms() {
    String path = "/api/v1/admin/clinics/" + stepFree.getString("id") + "/facilities";
    JsonObject withRooms =
        new JsonObject()
            .put("meets", new JsonArray().add("wheelchair").add("step-free"))
            .put("interpreterLanguages", new JsonArray().add("pl"))
            .put("rooms", new JsonArray().add(room("Room 2", "hoist")));
    var declared = put(path, fixture.admin(), withRooms);
    assertThat(declared.statusCode()).as(declared.bodyAsString()).isEqualTo(200);
    assertThat(declared.bodyAsJsonObject().getJsonArray("rooms"))
        .isEqualTo(withRooms.getJsonArray("rooms"));
    String stored = facilitiesRow(stepFree);

    for (JsonArray bad :
        List.of(
            new JsonArray().add(room("", "hoist")),
            new JsonArray().add(room("Room 3")),
            new JsonArray().add(room("Room 3", "jetpack")),
            new JsonArray().add(room("Room 3", "hoist")).add(room("Room 3", "low-light")))) {
      var refused = put(path, fixture.admin(), withRooms.copy().put("rooms", bad));
      assertThat(refused.statusCode()).as(bad.encode()).isEqualTo(400);
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
    assertThat(facilitiesRow(stepFree)).as("nothing changed").isEqualTo(stored);

    ClinicFixture.Account patient = fixture.patient();
    put(
        "/api/v1/me/access-needs",
        patient.token(),
        new JsonObject()
            .put("mobility", new JsonArray().add("hoist"))
            .put("communication", new JsonObject().put("interpreterLanguage", "pl")));
    var booked =
        fixture.book(
            patient.token(),
            UUID.randomUUID().toString(),
            ClinicFixture.booking(
                stepFree, cleaning, dentist, ClinicFixture.at(day, "09:00", PARIS)));
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    assertThat(booked.bodyAsJsonObject().getString("room")).isEqualTo("Room 2");
    JsonArray dayList =
        app.get(
                "/api/v1/staff/clinics/" + stepFree.getString("id") + "/appointments?date=" + day,
                fixture.nurse(stepFree).token())
            .bodyAsJsonObject()
            .getJsonArray("appointments");
    assertThat(dayList.getJsonObject(0).getString("room")).isEqualTo("Room 2");
    assertThat(
            dayList
                .getJsonObject(0)
                .getJsonObject("accessNeeds")
                .getJsonObject("communication")
                .getString("interpreterLanguage"))
        .as("the interpreter to book before the patient arrives")
        .isEqualTo("pl");
  }

  @Test
  @DisplayName(
      "A carer books for a wheelchair user who needs 15 extra minutes: only the step-free clinic is offered, the appointment claims the longer time, the carer receives the reminders, the patient revokes and the carer's next request is refused")
  void carerBooksForAWheelchairUser() {
    var accounts = app.app.patients().accounts();
    String password = "a long enough password";
    String fatherEmail = "father-" + UUID.randomUUID() + "@example.org";
    String daughterEmail = "daughter-" + UUID.randomUUID() + "@example.org";
    UUID father = accounts.registerPatient(fatherEmail, password, "Father", PARIS, null).await();
    accounts.registerPatient(daughterEmail, password, "Daughter", PARIS, null).await();
    String fatherToken = accounts.login(fatherEmail, password).await().accessToken();
    String daughterToken = accounts.login(daughterEmail, password).await().accessToken();
    var invitation =
        app.post(
            "/api/v1/me/carers",
            fatherToken,
            new JsonObject()
                .put("email", daughterEmail)
                .put(
                    "rights",
                    new JsonArray().add("appointments").add("access-needs").add("reminders")));
    assertThat(invitation.statusCode()).as(invitation.bodyAsString()).isEqualTo(201);
    String invitationId = invitation.bodyAsJsonObject().getString("invitationId");
    assertThat(
            app.post(
                    "/api/v1/carer-invitations/" + invitationId + "/accept",
                    daughterToken,
                    new JsonObject())
                .statusCode())
        .isEqualTo(200);
    String acting =
        app.post("/api/v1/carer/patients/" + father + "/token", daughterToken, new JsonObject())
            .bodyAsJsonObject()
            .getString("accessToken");

    var set =
        put(
            "/api/v1/me/access-needs",
            acting,
            new JsonObject()
                .put("mobility", new JsonArray().add("wheelchair").add("step-free"))
                .put("extraMinutes", 15));
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
    assertThat(slots(upstairs, acting).statusCode()).as("no step-free access").isEqualTo(422);
    assertThat(slots(stepFree, acting).bodyAsJsonObject().getJsonArray("slots"))
        .isNotEmpty()
        .allSatisfy(
            slot -> assertThat(length((JsonObject) slot)).isEqualTo(Duration.ofMinutes(60)));
    String nine = ClinicFixture.at(day, "09:00", PARIS);
    var booked =
        fixture.book(
            acting,
            UUID.randomUUID().toString(),
            ClinicFixture.booking(stepFree, cleaning, dentist, nine));
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    assertThat(booked.bodyAsJsonObject().getString("patientId")).isEqualTo(father.toString());
    assertThat(OffsetDateTime.parse(booked.bodyAsJsonObject().getString("end")))
        .isEqualTo(OffsetDateTime.parse(nine).plusMinutes(60));
    assertThat(ClinicFixture.cells(dentist.getString("id"), day)).hasSize(4);

    UUID visit = UUID.fromString(booked.bodyAsJsonObject().getString("id"));
    RemindersProbe reminders = new RemindersProbe(app.app.reminders());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !reminders.remindersOf(AppointmentReminders.subject(visit)).isEmpty());
    java.time.Instant dayBefore = OffsetDateTime.parse(nine).minusHours(24).toInstant();
    app.app.reminders().scheduler().runOnce(dayBefore).await();
    app.app.reminders().scheduler().runOnce(dayBefore).await();
    JsonArray his = notifications(fatherToken);
    JsonArray hers = notifications(daughterToken);
    assertThat(his).isNotEmpty();
    assertThat(hers)
        .hasSameSizeAs(his)
        .allSatisfy(
            n -> assertThat(((JsonObject) n).getString("title")).startsWith("For Father: "));

    var revoked = app.delete("/api/v1/me/carers/" + accountOf(daughterToken), fatherToken);
    assertThat(revoked.statusCode()).isEqualTo(204);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> app.get("/api/v1/me/appointments", acting).statusCode() == 401);
    var refused =
        fixture.book(
            acting,
            UUID.randomUUID().toString(),
            ClinicFixture.booking(
                stepFree, cleaning, dentist, ClinicFixture.at(day, "11:00", PARIS)));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(
            app.get("/api/v1/me/appointments", fatherToken)
                .bodyAsJsonObject()
                .getJsonArray("upcoming"))
        .as("nothing booked after the revocation")
        .hasSize(1);
  }

  private JsonArray notifications(String token) {
    return app.get("/api/v1/me/notifications", token)
        .bodyAsJsonObject()
        .getJsonArray("notifications");
  }

  private String accountOf(String token) {
    return app.get("/api/v1/me", token).bodyAsJsonObject().getString("id");
  }

  private static JsonObject room(String name, String... meets) {
    return new JsonObject().put("name", name).put("meets", new JsonArray(List.of(meets)));
  }

  private static String facilitiesRow(JsonObject clinic) {
    return TestCassandra.get()
        .session()
        .execute(
            SimpleStatement.newInstance(
                "SELECT meets, rooms, extra_minutes FROM clinic_facilities_by_clinic WHERE clinic_id = ?",
                UUID.fromString(clinic.getString("id"))))
        .one()
        .getFormattedContents();
  }
}
