package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.reminders.RemindersProbe;
import io.careloop.reminders.kinds.AppointmentReminders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Carers through the HTTP API: a patient invites a carer by e-mail with chosen rights, the carer
 * accepts with their own account and acts for the patient with short-lived tokens; another
 * patient's data stays out of reach; the patient revokes at once. An admin records a carer on the
 * patient's documented consent, and revokes one.
 */
class CarersIT {

  private static final String PARIS = "Europe/Paris";

  private final TestApp app = TestApp.get();
  private final ClinicFixture fixture = new ClinicFixture(app);
  private JsonObject clinic;
  private JsonObject cleaning;
  private JsonObject dentist;
  private LocalDate day;

  /** A signed-in account whose e-mail address the test knows. */
  record Person(UUID id, String email, String token) {}

  private Person person(String name) {
    String email = "carer-it-" + UUID.randomUUID() + "@example.org";
    var accounts = app.app.patients().accounts();
    UUID id = accounts.registerPatient(email, "a long enough password", name, PARIS, null).await();
    return new Person(
        id, email, accounts.login(email, "a long enough password").await().accessToken());
  }

  @BeforeEach
  void clinic() {
    clinic = fixture.clinic(PARIS, 0, 0, 30);
    cleaning = fixture.service("Cleaning", 30, 0);
    dentist = fixture.provider("Dr Carer", "dentist", List.of(cleaning), clinic);
    fixture.everyDay(dentist, clinic, ClinicFixture.ranges("09:00", "12:00"), new JsonArray());
    day = LocalDate.now(ZoneId.of(PARIS)).plusDays(2);
  }

  private HttpResponse<Buffer> invite(Person patient, String email, String... rights) {
    return app.post(
        "/api/v1/me/carers",
        patient.token(),
        new JsonObject().put("email", email).put("rights", new JsonArray(List.of(rights))));
  }

  private HttpResponse<Buffer> accept(Person carer, String invitationId) {
    return app.post(
        "/api/v1/carer-invitations/" + invitationId + "/accept", carer.token(), new JsonObject());
  }

  /** The patient invites the carer with these rights, and the carer accepts. */
  private void linked(Person patient, Person carer, String... rights) {
    var invitation = invite(patient, carer.email(), rights);
    assertThat(invitation.statusCode()).as(invitation.bodyAsString()).isEqualTo(201);
    var accepted = accept(carer, invitation.bodyAsJsonObject().getString("invitationId"));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(200);
  }

  private String actingToken(Person carer, Person patient) {
    var response =
        app.post(
            "/api/v1/carer/patients/" + patient.id() + "/token", carer.token(), new JsonObject());
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("accessToken");
  }

  private HttpResponse<Buffer> book(String token, String localTime) {
    return fixture.book(
        token,
        UUID.randomUUID().toString(),
        ClinicFixture.booking(clinic, cleaning, dentist, ClinicFixture.at(day, localTime, PARIS)));
  }

  @Test
  @DisplayName(
      "Each change a carer makes is recorded as the carer's for the patient; erasing the carer leaves it under a pseudonym")
  void carerChangesAreAuditedAndErasable() {
    Person mother = person("Mother");
    Person son = person("Son");
    linked(mother, son, "appointments");
    String acting = actingToken(son, mother);
    String visit = book(acting, "11:00").bodyAsJsonObject().getString("id");
    assertThat(
            app.post("/api/v1/appointments/" + visit + "/cancel", acting, new JsonObject())
                .statusCode())
        .isEqualTo(200);

    JsonArray history = historyOf(visit);
    assertThat(history)
        .extracting(
            h ->
                ((JsonObject) h).getString("change")
                    + " by "
                    + ((JsonObject) h).getString("changedByRole")
                    + " "
                    + ((JsonObject) h).getString("changedBy"))
        .containsExactly("booked by carer " + son.id(), "cancelled by carer " + son.id());
    assertThat(
            app.get("/api/v1/appointments/" + visit, mother.token())
                .bodyAsJsonObject()
                .getString("patientId"))
        .isEqualTo(mother.id().toString());

    var erased = app.delete("/api/v1/me", son.token());
    assertThat(erased.statusCode()).as(erased.bodyAsString()).isEqualTo(204);
    assertThat(historyOf(visit))
        .hasSize(2)
        .allSatisfy(
            h -> {
              assertThat(((JsonObject) h).getString("changedByRole")).isEqualTo("carer");
              assertThat(((JsonObject) h).getString("changedBy")).isNotEqualTo(son.id().toString());
            });
    assertThat(StoredRows.holding(java.util.Set.of(son.id().toString(), son.email())))
        .as("rows that still name the erased carer")
        .isEmpty();
  }

  @Test
  @DisplayName(
      "A carer granted reminders gets a copy of each of the patient's reminders, once; a carer without that right gets none")
  void carerWithTheRemindersRightIsReminded() {
    Person grandma = person("Grandma");
    Person helper = person("Helper");
    Person booker = person("Booker");
    linked(grandma, helper, "reminders");
    linked(grandma, booker, "appointments");
    LocalDate later = LocalDate.now(ZoneId.of(PARIS)).plusDays(5);
    var booked =
        fixture.book(
            actingToken(booker, grandma),
            UUID.randomUUID().toString(),
            ClinicFixture.booking(
                clinic, cleaning, dentist, ClinicFixture.at(later, "10:00", PARIS)));
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    UUID visit = UUID.fromString(booked.bodyAsJsonObject().getString("id"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                new RemindersProbe(app.app.reminders())
                        .remindersOf(AppointmentReminders.subject(visit))
                        .size()
                    == 3);
    java.time.Instant due = later.minusDays(3).atTime(10, 0).atZone(ZoneId.of(PARIS)).toInstant();

    app.app.reminders().scheduler().runOnce(due).await();
    app.app.reminders().scheduler().runOnce(due).await();

    assertThat(inbox(grandma)).hasSize(1);
    JsonArray copies = inbox(helper);
    assertThat(copies).hasSize(1);
    assertThat(copies.getJsonObject(0).getString("title")).startsWith("For Grandma: ");
    assertThat(copies.getJsonObject(0).getJsonObject("data").getString("forPatientId"))
        .isEqualTo(grandma.id().toString());
    assertThat(inbox(booker)).isEmpty();
  }

  private JsonArray inbox(Person p) {
    return app.get("/api/v1/me/notifications", p.token())
        .bodyAsJsonObject()
        .getJsonArray("notifications");
  }

  private JsonArray historyOf(String appointmentId) {
    var r = app.get("/api/v1/appointments/" + appointmentId, app.adminToken());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("history");
  }

  @Test
  @DisplayName(
      "A daughter invited with the appointments right books for her father, who sees it; he revokes her and her token and her next request are refused")
  void carerBooksThenIsRevoked() {
    Person father = person("Father");
    Person daughter = person("Daughter");
    var invitation = invite(father, daughter.email(), "appointments");
    assertThat(invitation.statusCode()).as(invitation.bodyAsString()).isEqualTo(201);

    var accepted = accept(daughter, invitation.bodyAsJsonObject().getString("invitationId"));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(200);
    JsonArray caredFor =
        app.get("/api/v1/carer/patients", daughter.token())
            .bodyAsJsonObject()
            .getJsonArray("patients");
    assertThat(caredFor)
        .singleElement()
        .satisfies(p -> assertThat(((JsonObject) p).getString("name")).isEqualTo("Father"));

    String acting = actingToken(daughter, father);
    var booked = book(acting, "09:00");
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    assertThat(booked.bodyAsJsonObject().getString("patientId")).isEqualTo(father.id().toString());
    assertThat(
            app.get("/api/v1/me/appointments", father.token())
                .bodyAsJsonObject()
                .getJsonArray("upcoming"))
        .extracting(a -> ((JsonObject) a).getString("id"))
        .containsExactly(booked.bodyAsJsonObject().getString("id"));
    assertThat(
            app.get("/api/v1/me/carers", father.token()).bodyAsJsonObject().getJsonArray("carers"))
        .extracting(c -> ((JsonObject) c).getString("carerId"))
        .containsExactly(daughter.id().toString());

    var revoked = app.delete("/api/v1/me/carers/" + daughter.id(), father.token());
    assertThat(revoked.statusCode()).isEqualTo(204);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> app.get("/api/v1/me/appointments", acting).statusCode() == 401);
    assertThat(book(acting, "10:00").statusCode()).isEqualTo(401);
    assertThat(
            app.post(
                    "/api/v1/carer/patients/" + father.id() + "/token",
                    daughter.token(),
                    new JsonObject())
                .statusCode())
        .isEqualTo(404);
    assertThat(
            app.get("/api/v1/me/appointments", father.token())
                .bodyAsJsonObject()
                .getJsonArray("upcoming"))
        .as("nothing booked after the revocation")
        .hasSize(1);
    assertThat(
            accept(daughter, invitation.bodyAsJsonObject().getString("invitationId")).statusCode())
        .as("a revoked carer accepting the old invitation")
        .isEqualTo(404);
  }

  @Test
  @DisplayName(
      "A carer of one patient gets 404 on another patient's appointment, and cannot act for them")
  void otherPatientsStayOutOfReach() {
    Person patient = person("Cared For");
    Person stranger = person("Stranger");
    Person carer = person("Carer");
    accept(
        carer,
        invite(patient, carer.email(), "appointments")
            .bodyAsJsonObject()
            .getString("invitationId"));
    String strangersVisit = book(stranger.token(), "11:00").bodyAsJsonObject().getString("id");
    String acting = actingToken(carer, patient);

    var peek = app.get("/api/v1/appointments/" + strangersVisit, acting);
    var cancel =
        app.post("/api/v1/appointments/" + strangersVisit + "/cancel", acting, new JsonObject());

    assertThat(peek.statusCode()).isEqualTo(404);
    assertThat(cancel.statusCode()).isEqualTo(404);
    assertThat(
            app.get("/api/v1/appointments/" + strangersVisit, stranger.token())
                .bodyAsJsonObject()
                .getString("status"))
        .as("unchanged")
        .isEqualTo("booked");
    assertThat(
            app.post(
                    "/api/v1/carer/patients/" + stranger.id() + "/token",
                    carer.token(),
                    new JsonObject())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  @DisplayName(
      "Bad input changes nothing: inviting oneself is 422, an unknown right 400, someone else's invitation 404")
  void badInput() {
    Person patient = person("Patient");
    Person carer = person("Invited");
    Person other = person("Not Invited");

    var self = invite(patient, patient.email().toUpperCase(), "brushing");
    var unknownRight = invite(patient, carer.email(), "everything");
    String invitationId =
        invite(patient, carer.email(), "brushing").bodyAsJsonObject().getString("invitationId");
    var notTheirs = accept(other, invitationId);

    assertThat(self.statusCode()).as(self.bodyAsString()).isEqualTo(422);
    assertThat(self.bodyAsJsonObject().getString("type")).endsWith("/cannot-care-for-yourself");
    assertThat(unknownRight.statusCode()).isEqualTo(400);
    assertThat(notTheirs.statusCode()).isEqualTo(404);
    JsonObject mine = app.get("/api/v1/me/carers", patient.token()).bodyAsJsonObject();
    assertThat(mine.getJsonArray("carers")).isEmpty();
    assertThat(mine.getJsonArray("invitations"))
        .singleElement()
        .satisfies(i -> assertThat(((JsonObject) i).getString("email")).isEqualTo(carer.email()));
    assertThat(accept(carer, invitationId).statusCode())
        .as("still the invited carer's to accept")
        .isEqualTo(200);
  }

  private HttpResponse<Buffer> record(
      String token, Person patient, String carerEmail, String consent, String... rights) {
    JsonObject body =
        new JsonObject()
            .put("carerEmail", carerEmail)
            .put("rights", new JsonArray(List.of(rights)));
    if (consent != null) {
      body.put("consent", consent);
    }
    return app.post("/api/v1/admin/patients/" + patient.id() + "/carers", token, body);
  }

  private JsonArray carersOf(Person patient) {
    return app.get("/api/v1/me/carers", patient.token()).bodyAsJsonObject().getJsonArray("carers");
  }

  @Test
  @DisplayName(
      "An admin records a carer on the patient's documented consent; the carer acts for them, the patient sees who recorded it and why, and an admin revokes it at once")
  void adminRecordsACarerOnDocumentedConsent() {
    Person mother = person("Mother");
    Person son = person("Son");
    String consent = "Consent form CF-0117, signed 2026-12-06, in the practice record";

    var missingConsent = record(app.adminToken(), mother, son.email(), null, "appointments");
    var blankConsent = record(app.adminToken(), mother, son.email(), "   ", "appointments");
    var unknownCarer =
        record(
            app.adminToken(),
            mother,
            "nobody-" + UUID.randomUUID() + "@example.org",
            consent,
            "appointments");
    var herself = record(app.adminToken(), mother, mother.email(), consent, "appointments");
    var byThePatient = record(mother.token(), mother, son.email(), consent, "appointments");
    assertThat(missingConsent.statusCode()).isEqualTo(400);
    assertThat(blankConsent.statusCode()).isEqualTo(400);
    assertThat(unknownCarer.statusCode()).as(unknownCarer.bodyAsString()).isEqualTo(404);
    assertThat(herself.statusCode()).isEqualTo(422);
    assertThat(byThePatient.statusCode()).isEqualTo(403);
    assertThat(carersOf(mother)).as("nothing recorded by refused requests").isEmpty();

    var recorded = record(app.adminToken(), mother, son.email(), consent, "appointments");
    assertThat(recorded.statusCode()).as(recorded.bodyAsString()).isEqualTo(201);
    assertThat(carersOf(mother))
        .singleElement()
        .satisfies(
            c -> {
              JsonObject link = (JsonObject) c;
              assertThat(link.getString("carerId")).isEqualTo(son.id().toString());
              assertThat(link.getString("consent")).isEqualTo(consent);
              assertThat(link.getString("recordedBy")).isNotBlank();
            });
    String acting = actingToken(son, mother);
    var booked = book(acting, "09:00");
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);

    var revoked =
        app.delete(
            "/api/v1/admin/patients/" + mother.id() + "/carers/" + son.id(), app.adminToken());
    assertThat(revoked.statusCode()).isEqualTo(204);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> app.get("/api/v1/me/appointments", acting).statusCode() == 401);
    assertThat(carersOf(mother)).isEmpty();
    assertThat(
            app.delete(
                    "/api/v1/admin/patients/" + mother.id() + "/carers/" + son.id(),
                    app.adminToken())
                .statusCode())
        .as("no link any more")
        .isEqualTo(404);
  }
}
