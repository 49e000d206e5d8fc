package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careloop.alerts.alert.AlertService;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.SessionsStored;
import io.careloop.platform.bus.StoredSession;
import io.careloop.platform.privacy.DataRights;
import io.careloop.platform.privacy.DataSubject;
import io.careloop.reminders.RemindersProbe;
import io.careloop.reminders.kinds.AppointmentReminders;
import io.careloop.reminders.kinds.RecallReminders;
import io.careloop.simulators.SimulatedBrush;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A patient's data rights through the HTTP API of the whole application: the export holds every
 * kind of data CareLoop keeps about them, and after the erasure no table of any module (as
 * Cassandra's schema lists them, so a table added later is checked too) holds their id, e-mail,
 * name or phone, except what the clinic keeps under a pseudonym.
 */
class DataRightsIT {

  private static final String ZONE = "Europe/Paris";
  private static final String PASSWORD = "a long enough password";

  private final TestApp app = TestApp.get();
  private final AlertsWorld world = new AlertsWorld(app);
  private final ClinicFixture fixture = world.fixture;

  /** A patient as registered, with what identifies them. */
  record Person(UUID id, String token, String email, String name, String phone) {

    Set<String> identifiers() {
      return Set.of(id.toString(), email, name, phone);
    }
  }

  /** What a patient did, to find its traces afterwards. */
  record Journey(
      Person person,
      SimulatedBrush brush,
      UUID visit,
      UUID coming,
      String alertId,
      String pushToken,
      String practiceNumber) {}

  private Person register() {
    String marker = UUID.randomUUID().toString().substring(0, 8);
    String email = "erase-" + marker + "@example.org";
    String name = "Erin Erasure " + marker;
    String phone = "+33 6 " + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    HttpResponse<Buffer> created =
        app.post(
            "/api/v1/auth/register",
            null,
            new JsonObject()
                .put("email", email)
                .put("password", PASSWORD)
                .put("name", name)
                .put("timeZone", ZONE)
                .put("phone", phone));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    UUID id = UUID.fromString(created.bodyAsJsonObject().getString("patientId"));
    return new Person(id, signIn(email), email, name, phone);
  }

  /**
   * Through patient-api's service: sign-in over HTTP is rate limited per address, and every test
   * runs from one.
   */
  private String signIn(String email) {
    return app.app.patients().accounts().login(email, PASSWORD).await().accessToken();
  }

  /**
   * Everything a patient can do: pair a brush and brush through the broker, book and complete a
   * visit and book another, be put on a care plan and get an alert, register a push token, get a
   * reminder, change preferences, ask for a password reset, give feedback, and be read (and noted,
   * and linked to a practice record) by staff.
   */
  private Journey everything(Person p, ClinicFixture.Account nurse) throws Exception {
    JsonObject cleaning = fixture.service("Cleaning", 30, 0);
    JsonObject provider = fixture.provider("Dr Keep", "hygienist", List.of(cleaning), world.clinic);
    fixture.everyDay(
        provider, world.clinic, ClinicFixture.ranges("08:00", "18:00"), new JsonArray());

    SimulatedBrush brush = pairedBrush(p);
    LocalDate tomorrow = LocalDate.now(ZoneId.of(ZONE)).plusDays(1);
    UUID visit = book(p, cleaning, provider, tomorrow, "09:00:00");
    for (String status : List.of("checked_in", "completed")) {
      assertThat(
              app.post(
                      "/api/v1/staff/appointments/" + visit + "/status",
                      nurse.token(),
                      new JsonObject().put("status", status))
                  .statusCode())
          .isEqualTo(200);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !new RemindersProbe(app.app.reminders())
                    .remindersOf(RecallReminders.subject(p.id()))
                    .isEmpty());
    LocalDate later = tomorrow.plusDays(4);
    UUID coming = book(p, cleaning, provider, later, "10:00:00");

    world.plan(nurse.token(), p.id(), "post_surgery", null);
    AlertsWorld.BrushingPatient brushing =
        new AlertsWorld.BrushingPatient(p.id(), p.token(), brush);
    world.publishAndWait(brushing, AlertsWorld.session(brush, 120, 4, 90, null));
    String alertId =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> world.alertOf(nurse.token(), p.id(), "too-much-pressure"), a -> a.isPresent())
            .orElseThrow()
            .getString("id");

    String pushToken = "erase-" + UUID.randomUUID() + ":APA91bErase";
    assertThat(
            app.post(
                    "/api/v1/me/push-tokens",
                    p.token(),
                    new JsonObject().put("token", pushToken).put("platform", "android"))
                .statusCode())
        .isEqualTo(204);
    remindedOf(coming, later);
    await().atMost(Duration.ofSeconds(20)).until(() -> app.fcm.deliveredTo(pushToken) >= 1);

    assertThat(
            app.http
                .patch("/api/v1/me")
                .bearerTokenAuthentication(p.token())
                .sendJsonObject(
                    new JsonObject()
                        .put(
                            "notificationPreferences",
                            new JsonObject().put("recallIntervalMonths", 9)))
                .await()
                .statusCode())
        .isEqualTo(200);
    assertThat(
            app.post("/api/v1/auth/password-reset", null, new JsonObject().put("email", p.email()))
                .statusCode())
        .isEqualTo(202);
    assertThat(
            app.get(
                    "/api/v1/nurse/patients/"
                        + p.id()
                        + "/brushing/daily?from="
                        + tomorrow.minusDays(7)
                        + "&to="
                        + tomorrow,
                    nurse.token())
                .statusCode())
        .isEqualTo(200);
    assertThat(
            app.http
                .put("/api/v1/me/access-needs")
                .bearerTokenAuthentication(p.token())
                .sendJsonObject(new JsonObject().put("mobility", new JsonArray().add("wheelchair")))
                .await()
                .statusCode())
        .isEqualTo(200);
    assertThat(
            app.post(
                    "/api/v1/waitlist",
                    p.token(),
                    new JsonObject()
                        .put("clinicId", world.clinic.getString("id"))
                        .put("serviceId", cleaning.getString("id"))
                        .put("from", tomorrow.toString())
                        .put("to", later.toString()))
                .statusCode())
        .isEqualTo(201);
    String practiceNumber = inTheCrm(p, visit, nurse);
    return new Journey(p, brush, visit, coming, alertId, pushToken, practiceNumber);
  }

  /**
   * Feedback on the visit, a nurse's note and read of the CRM record, a practice number linked: its
   * number.
   */
  private String inTheCrm(Person p, UUID visit, ClinicFixture.Account nurse) {
    String record = "/api/v1/staff/patients/" + p.id();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> app.get(record, nurse.token()).statusCode() == 200);
    assertThat(
            app.post(
                    "/api/v1/appointments/" + visit + "/feedback",
                    p.token(),
                    new JsonObject().put("rating", 5).put("comment", "Gentle and quick"))
                .statusCode())
        .isEqualTo(201);
    assertThat(
            app.post(
                    record + "/notes",
                    nurse.token(),
                    new JsonObject()
                        .put("channel", "phone")
                        .put("text", "Called about the new brush"))
                .statusCode())
        .isEqualTo(201);
    String practiceNumber = "erase-" + UUID.randomUUID();
    assertThat(
            app.post(
                    record + "/identities",
                    fixture.admin(),
                    new JsonObject().put("system", "practice").put("value", practiceNumber))
                .statusCode())
        .isEqualTo(201);
    return practiceNumber;
  }

  private SimulatedBrush pairedBrush(Person p) throws Exception {
    return fixture.pairedBrush(p.token(), false);
  }

  private UUID book(Person p, JsonObject service, JsonObject provider, LocalDate day, String time) {
    HttpResponse<Buffer> booked =
        fixture.book(
            p.token(),
            "visit-" + day,
            ClinicFixture.booking(
                world.clinic, service, provider, ClinicFixture.at(day, time, ZONE)));
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    return UUID.fromString(booked.bodyAsJsonObject().getString("id"));
  }

  /** The 72 h reminder of the coming visit, sent at its time: into the inbox, and pushed. */
  private void remindedOf(UUID appointment, LocalDate day) {
    RemindersProbe reminders = new RemindersProbe(app.app.reminders());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> reminders.remindersOf(AppointmentReminders.subject(appointment)).size() == 3);
    Instant due =
        ZonedDateTime.of(day.minusDays(3), LocalTime.of(10, 0), ZoneId.of(ZONE)).toInstant();
    app.app.reminders().scheduler().runOnce(due).await();
  }

  private JsonObject export(String token) {
    HttpResponse<Buffer> response = app.get("/api/v1/me/export", token);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    return response.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> erase(String token) {
    return app.delete("/api/v1/me", token);
  }

  @Test
  @DisplayName(
      "A patient who did everything exports each kind of data, then is erased: no table holds their id, e-mail, name or phone but the clinic's pseudonymized records")
  void exportThenErase() throws Exception {
    ClinicFixture.Account nurse = world.nurse();
    Journey j = everything(register(), nurse);
    Person p = j.person();
    try (SimulatedBrush brush = j.brush()) {
      JsonObject exported = export(p.token());
      assertEveryKindExported(exported, j);
      assertThat(StoredRows.holding(p.identifiers())).as("the patient's rows before").isNotEmpty();

      HttpResponse<Buffer> erased = erase(p.token());

      assertThat(erased.statusCode()).as(erased.bodyAsString()).isEqualTo(204);
      assertThat(StoredRows.tablesInSchema())
          .as("the tables the check reads")
          .contains(
              "accounts_by_id",
              "sessions_by_device",
              "alerts",
              "reminders_by_key",
              "inbox_by_recipient_month",
              "pairings_by_device");
      assertThat(StoredRows.holding(p.identifiers()))
          .as("rows that still identify the patient")
          .isEmpty();
      assertThat(StoredRows.holding(Set.of(j.practiceNumber())))
          .as("the practice number, free again")
          .isEmpty();
      UUID pseudonym = assertKeptUnderOnePseudonym(j, nurse);
      assertCannotComeBack(p);
      assertThat(erase(p.token()).statusCode())
          .as("a second erasure, with the ended sign-in")
          .isEqualTo(401);
      assertThat(StoredRows.holding(p.identifiers())).isEmpty();
      assertThat(StoredRows.holding(Set.of(pseudonym.toString())))
          .as("what is kept under the pseudonym")
          .allSatisfy(
              row ->
                  assertThat(row.substring(0, row.indexOf(':')))
                      .isIn(
                          "appointments_by_id",
                          "alerts",
                          "nurse_reads_by_patient_month",
                          "staff_reads_by_patient_month",
                          "pairings_by_device",
                          "crm_record_reads_by_patient_month"));
      assertThat(
              app.post(
                      "/api/v1/auth/register",
                      null,
                      new JsonObject()
                          .put("email", p.email())
                          .put("password", PASSWORD)
                          .put("name", "Someone New")
                          .put("timeZone", ZONE))
                  .statusCode())
          .as("the address is free again")
          .isEqualTo(201);
    }
  }

  @Test
  @DisplayName(
      "Another patient's token exports and erases only that patient: there is no id to point elsewhere")
  void onlyTheCallersOwnData() throws Exception {
    Person alice = register();
    Person bob = register();
    try (SimulatedBrush brush = pairedBrush(alice)) {
      List<String> alicesRows = StoredRows.holding(alice.identifiers());

      JsonObject bobs = export(bob.token());
      HttpResponse<Buffer> bobErased = erase(bob.token());

      assertThat(bobs.getString("patientId")).isEqualTo(bob.id().toString());
      assertThat(bobs.encode())
          .doesNotContain(alice.id().toString(), alice.email(), alice.name(), brush.deviceId());
      assertThat(bobErased.statusCode()).isEqualTo(204);
      assertThat(StoredRows.holding(bob.identifiers())).isEmpty();
      assertThat(StoredRows.holding(alice.identifiers()))
          .as("Alice's rows, untouched")
          .isEqualTo(alicesRows);
      assertThat(export(alice.token()).getJsonArray("devices")).hasSize(1);
    }
  }

  @Test
  @DisplayName(
      "Nurses and admins can neither export nor erase through the patient's operations (403), and stay")
  void staffMayNot() {
    ClinicFixture.Account nurse = world.nurse();
    for (String token : List.of(nurse.token(), fixture.admin())) {
      HttpResponse<Buffer> exported = app.get("/api/v1/me/export", token);
      HttpResponse<Buffer> erased = erase(token);

      assertThat(exported.statusCode()).isEqualTo(403);
      assertThat(erased.statusCode()).isEqualTo(403);
      assertThat(erased.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(app.get("/api/v1/me", token).statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName(
      "A module that does not answer: export and erasure are 503, nothing is erased; asked again once it is back, the erasure is done")
  void moduleAwayIsUnavailable() throws Exception {
    Person p = register();
    try (SimulatedBrush brush = pairedBrush(p)) {
      assertThat(
              app.post(
                      "/api/v1/me/push-tokens",
                      p.token(),
                      new JsonObject().put("token", "away-" + UUID.randomUUID()))
                  .statusCode())
          .isEqualTo(204);
      List<String> before = StoredRows.holding(p.identifiers());
      assertThat(DataRights.MODULES).contains("reminders");
      app.app.reminders().dataRights().stop().await();
      HttpResponse<Buffer> exported;
      HttpResponse<Buffer> erased;
      try {
        exported = app.get("/api/v1/me/export", p.token());
        erased = erase(p.token());
      } finally {
        app.app.reminders().dataRights().start().await();
      }

      for (HttpResponse<Buffer> refused : List.of(exported, erased)) {
        assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
        assertThat(refused.bodyAsJsonObject().getString("type"))
            .endsWith("/data-rights-unavailable");
        assertThat(refused.getHeader("Retry-After")).isNotNull();
      }
      assertThat(StoredRows.holding(p.identifiers())).as("nothing erased").isEqualTo(before);
      assertThat(app.get("/api/v1/me", p.token()).statusCode()).isEqualTo(200);

      assertThat(erase(p.token()).statusCode()).isEqualTo(204);
      assertThat(StoredRows.holding(p.identifiers())).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "A session the CRM hears only after the patient's erasure leaves rows naming them only until the CRM's next sweep")
  void lateEventAfterErasure() {
    Person p = register();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !StoredRows.mentioning(p.id().toString()).isEmpty());
    assertThat(erase(p.token()).statusCode()).isEqualTo(204);
    assertThat(StoredRows.holding(p.identifiers())).isEmpty();

    // a session stored just before the brush was unpaired, announced only now
    Instant at = Instant.now().minus(Duration.ofMinutes(10));
    JsonObject late =
        new JsonObject()
            .put("patientId", p.id().toString())
            .put("deviceId", "TB-LATE-" + p.id().toString().substring(0, 8))
            .put("sessionId", 7)
            .put("startedAt", at.toString())
            .put("placedAt", at.toString())
            .put("durationSec", 120)
            .put("coveragePct", 80);
    app.app
        .vertx()
        .eventBus()
        .publish(
            Addresses.SESSION_STORED, new SessionsStored(List.of(StoredSession.fromJson(late))));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !StoredRows.holding(Set.of(p.id().toString())).isEmpty());

    app.app.crm().sweep().sweep().await();

    assertThat(StoredRows.holding(Set.of(p.id().toString())))
        .as("what the late event left, after the sweep")
        .isEmpty();
  }

  private void assertEveryKindExported(JsonObject e, Journey j) {
    Person p = j.person();
    assertThat(e.getString("patientId")).isEqualTo(p.id().toString());
    assertThat(e.getJsonObject("profile").getString("email")).isEqualTo(p.email());
    assertThat(e.getJsonObject("profile").getString("phone")).isEqualTo(p.phone());
    assertThat(e.getJsonObject("notificationPreferences").getInteger("recallIntervalMonths"))
        .isEqualTo(9);
    assertThat(e.getJsonArray("signIns")).isNotEmpty();
    assertThat(e.getJsonArray("clinics")).contains(world.clinicId.toString());
    assertThat(e.getJsonArray("appointments"))
        .hasSize(2)
        .allSatisfy(a -> assertThat(((JsonObject) a).getJsonArray("history")).isNotEmpty());
    assertThat(e.getJsonArray("staffReads")).isNotEmpty();
    assertThat(e.getJsonArray("devices"))
        .singleElement()
        .satisfies(
            d ->
                assertThat(((JsonObject) d).getString("deviceId")).isEqualTo(j.brush().deviceId()));
    assertThat(e.getJsonArray("pairings")).hasSize(1);
    assertThat(e.getJsonArray("pairingCodesUsed")).hasSize(1);
    assertThat(e.getJsonArray("sessions")).hasSize(1);
    assertThat(e.getJsonArray("dailyBrushing")).hasSize(1);
    assertThat(e.getJsonObject("carePlan").getString("plan")).isEqualTo("post_surgery");
    assertThat(e.getJsonArray("alerts"))
        .extracting(a -> ((JsonObject) a).getString("id"))
        .contains(j.alertId());
    assertThat(e.getJsonArray("nurseReads")).isNotEmpty();
    assertThat(e.getJsonArray("reminders"))
        .extracting(r -> ((JsonObject) r).getString("kind"))
        .contains("appointment", "recall");
    assertThat(e.getJsonArray("inbox")).isNotEmpty();
    assertThat(e.getJsonArray("pushTokens"))
        .singleElement()
        .satisfies(t -> assertThat(((JsonObject) t).getString("fingerprint")).isNotBlank());
    assertThat(e.getJsonObject("accessNeeds").getJsonArray("mobility"))
        .containsExactly("wheelchair");
    assertThat(e.getJsonObject("waitlist").getJsonArray("entries")).hasSize(1);
    assertThat(e.getJsonArray("journey"))
        .extracting(s -> ((JsonObject) s).getString("stage"))
        .contains("registered", "started_booking", "booked", "attended", "follow_up_done");
    assertThat(e.getJsonArray("crmRecord"))
        .singleElement()
        .satisfies(r -> assertThat(((JsonObject) r).getString("email")).isEqualTo(p.email()));
    assertThat(e.getJsonArray("crmIdentities"))
        .extracting(i -> ((JsonObject) i).getString("value"))
        .containsExactly(j.practiceNumber());
    assertThat(e.getJsonArray("crmTimeline"))
        .extracting(t -> ((JsonObject) t).getString("kind"))
        .contains("registered", "feedback", "note");
    assertThat(e.getJsonArray("crmAppointments")).hasSize(2);
    assertThat(e.getJsonArray("crmFeedback"))
        .singleElement()
        .satisfies(
            f -> assertThat(((JsonObject) f).getString("comment")).isEqualTo("Gentle and quick"));
    assertThat(e.getJsonArray("crmNotes")).hasSize(1);
    // the facts the CRM judges by, written before the answer to each (its judgement comes after)
    assertThat(e.getJsonArray("crmJudgement"))
        .extracting(f -> ((JsonObject) f).getString("kind"))
        .contains("appointment", "feedback", "note");
    assertThat(e.getJsonArray("crmRecordReads")).isNotEmpty();
    assertThat(e.encode()).as("no secret in an export").doesNotContain(j.pushToken(), "argon2");
  }

  /**
   * The visits and the alert stay for the clinic, under one pseudonym that is not the patient's id.
   */
  private UUID assertKeptUnderOnePseudonym(Journey j, ClinicFixture.Account nurse) {
    List<JsonObject> appointments =
        List.of(j.visit(), j.coming()).stream()
            .map(id -> app.app.patients().booking().find(id).await().orElseThrow().toJson())
            .toList();
    UUID pseudonym = UUID.fromString(appointments.get(0).getString("patientId"));
    assertThat(pseudonym).isNotEqualTo(j.person().id());
    assertThat(appointments)
        .extracting(a -> a.getString("patientId"))
        .containsOnly(pseudonym.toString());
    assertThat(appointments)
        .extracting(a -> a.getString("status"))
        .containsExactly("completed", "cancelled");
    JsonObject alert =
        world.alerts(nurse.token(), "resolved").stream()
            .map(JsonObject.class::cast)
            .filter(a -> a.getString("id").equals(j.alertId()))
            .findFirst()
            .orElseThrow();
    assertThat(alert.getString("patientId")).isEqualTo(pseudonym.toString());
    assertThat(alert.getString("note")).isEqualTo(AlertService.ERASED_NOTE);
    var months =
        new DataSubject(pseudonym, Instant.now().minus(Duration.ofDays(1)), ZONE)
            .monthsUntil(Instant.now());
    assertThat(app.app.alerts().reads().of(pseudonym, months).await())
        .as("who read the data, still known")
        .isNotEmpty();
    assertThat(app.app.patients().staffReads().of(pseudonym, months).await()).isNotEmpty();
    assertThat(app.app.crm().reads().thisMonth(pseudonym).await())
        .as("who read the CRM record")
        .isNotEmpty();
    return pseudonym;
  }

  /** No sign-in, no token, nothing in the nurse's lists. */
  private void assertCannotComeBack(Person p) {
    assertThat(
            app.post(
                    "/api/v1/auth/login",
                    null,
                    new JsonObject().put("email", p.email()).put("password", PASSWORD))
                .statusCode())
        .isEqualTo(401);
    assertThat(app.get("/api/v1/me", p.token()).statusCode()).isEqualTo(401);
    ClinicFixture.Account colleague = world.nurse();
    for (String status : List.of("open", "acknowledged", "resolved")) {
      assertThat(world.alerts(colleague.token(), status).encode())
          .doesNotContain(p.id().toString(), p.name());
    }
  }
}
