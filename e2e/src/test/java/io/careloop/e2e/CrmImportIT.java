package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.platform.testing.TestCassandra;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A practice system's history imported through the HTTP API: line by line, idempotent, streamed.
 */
class CrmImportIT {

  private final TestApp app = TestApp.get();
  private final CrmWorld world = new CrmWorld(app);
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private HttpResponse<Buffer> importing(String kind, String body) {
    return app.http
        .post("/api/v1/admin/imports/" + kind)
        .bearerTokenAuthentication(app.adminToken())
        .putHeader("Content-Type", "application/x-ndjson")
        .sendBuffer(Buffer.buffer(body))
        .await();
  }

  private JsonObject report(String kind, String body) {
    HttpResponse<Buffer> r = importing(kind, body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private String patientLine(String id, String name, String email) {
    JsonObject line =
        new JsonObject()
            .put("externalId", run + "-" + id)
            .put("name", name)
            .put("clinicId", world.clinicId.toString());
    if (email != null) {
      line.put("email", email);
    }
    return line.encode();
  }

  private String visitLine(String patient, String date, String status, String service) {
    return new JsonObject()
        .put("externalPatientId", run + "-" + patient)
        .put("date", date)
        .put("status", status)
        .put("service", service)
        .put("provider", "Dr Wu")
        .put("price", 80.5)
        .put("clinicId", world.clinicId.toString())
        .encode();
  }

  private JsonArray byIdentity(String externalId) {
    return app.get(
            "/api/v1/staff/patients?identity=practice%7C" + run + "-" + externalId,
            world.coordinator.token())
        .bodyAsJsonObject()
        .getJsonArray("patients");
  }

  private UUID patientOf(String externalId) {
    return UUID.fromString(byIdentity(externalId).getJsonObject(0).getString("id"));
  }

  /** Everything the CRM stored about these patients, as rows: to compare before and after. */
  private static List<String> stored(List<UUID> patients) {
    List<String> rows = new ArrayList<>();
    for (String table :
        List.of(
            "crm_patients_by_id",
            "crm_identities_by_patient",
            "crm_visits_by_patient",
            "crm_index_by_patient")) {
      for (UUID id : patients) {
        TestCassandra.get()
            .session()
            .execute(
                SimpleStatement.newInstance("SELECT * FROM " + table + " WHERE patient_id = ?", id))
            .all()
            .forEach(
                r ->
                    rows.add(
                        table + " " + r.getFormattedContents().replaceAll("updated_at:[^,]*", "")));
      }
    }
    return rows.stream().sorted().collect(Collectors.toList());
  }

  @Test
  @DisplayName(
      "Patients and visits: bad lines reported by number with the reason and nothing stored of them; the good ones on the record")
  void lineByLine() {
    String future = LocalDate.now().plusDays(3).toString();
    String patients =
        String.join(
                "\n",
                patientLine("1", "Ada Imported", "ada-" + run + "@example.org"),
                "{not json",
                new JsonObject().put("externalId", run + "-3").encode(),
                patientLine("4", "Bad Mail", "not-an-address"),
                "",
                new JsonObject()
                    .put("externalId", run + "-6")
                    .put("name", "Unknown Field")
                    .put("vip", true)
                    .encode(),
                new JsonObject()
                    .put("externalId", run + "-7")
                    .put("name", "Born Later")
                    .put("birthDate", future)
                    .encode(),
                patientLine("8", "Bob Imported", null))
            + "\n";

    JsonObject report = report("patients", patients);

    assertThat(report.getLong("lines")).isEqualTo(7);
    assertThat(report.getLong("stored")).isEqualTo(2);
    assertThat(report.getLong("unchanged")).isZero();
    assertThat(report.getJsonArray("refused").stream().map(o -> ((JsonObject) o).getLong("line")))
        .containsExactly(2L, 3L, 4L, 6L, 7L);
    assertThat(
            report.getJsonArray("refused").stream().map(o -> ((JsonObject) o).getString("reason")))
        .containsExactly(
            "not a JSON object",
            "name is required",
            "email must be an e-mail address",
            "unknown field vip",
            "birthDate must be a date from 1900 to today, got " + future);
    for (String refused : List.of("3", "4", "6", "7")) {
      assertThat(byIdentity(refused)).isEmpty();
      assertThat(
              TestCassandra.get()
                  .session()
                  .execute(
                      SimpleStatement.newInstance(
                          "SELECT * FROM crm_identities_by_value WHERE system = 'practice' AND value = ?",
                          run + "-" + refused))
                  .all())
          .isEmpty();
    }

    String visits =
        String.join(
            "\n",
            visitLine("1", "2025-03-04", "completed", "Cleaning"),
            visitLine("1", "2025-09-10", "no-show", "Check-up"),
            visitLine("unknown", "2025-03-04", "completed", "Cleaning"),
            visitLine("8", future, "completed", "Cleaning"),
            visitLine("8", "2025-01-02", "postponed", "Cleaning"),
            visitLine("8", "2024-12-01", "cancelled", "Implant consultation"));
    JsonObject visitReport = report("visits", visits);

    assertThat(visitReport.getLong("stored")).isEqualTo(3);
    assertThat(
            visitReport.getJsonArray("refused").stream().map(o -> ((JsonObject) o).getLong("line")))
        .containsExactly(3L, 4L, 5L);
    assertThat(visitReport.getJsonArray("refused").getJsonObject(0).getString("reason"))
        .isEqualTo(
            "no patient with practice record " + run + "-unknown: import the patients first");
    JsonObject ada = world.record(world.coordinator.token(), patientOf("1")).bodyAsJsonObject();
    assertThat(ada.getJsonObject("profile").getString("name")).isEqualTo("Ada Imported");
    assertThat(ada.getJsonObject("profile").containsKey("accountId"))
        .as("no app account")
        .isFalse();
    assertThat(ada.getJsonArray("visits").stream().map(o -> ((JsonObject) o).getString("status")))
        .containsExactly("no_show", "completed");
    assertThat(ada.getJsonArray("visits").getJsonObject(1).getDouble("price")).isEqualTo(80.5);
    List<String> kinds =
        app
            .get(
                "/api/v1/staff/patients/"
                    + patientOf("1")
                    + "/timeline?from=2025-01-01&to=2025-12-31",
                world.coordinator.token())
            .bodyAsJsonObject()
            .getJsonArray("entries")
            .stream()
            .map(o -> ((JsonObject) o).getString("kind"))
            .toList();
    assertThat(kinds).containsExactly("visit_no_show", "visit_completed");
  }

  @Test
  @DisplayName(
      "The same files twice equal once: the second import stores nothing and the tables hold what they held")
  void twiceIsOnce() {
    StringBuilder patients = new StringBuilder();
    StringBuilder visits = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      patients
          .append(
              patientLine("t" + i, "Twice Patient " + i, "twice-" + i + "-" + run + "@example.org"))
          .append('\n');
      visits
          .append(
              visitLine("t" + i, "2025-0" + (1 + i % 9) + "-1" + (i % 10), "completed", "Cleaning"))
          .append('\n');
    }
    JsonObject first = report("patients", patients.toString());
    JsonObject firstVisits = report("visits", visits.toString());
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(patientOf("t" + i));
    }
    List<String> before = stored(ids);

    JsonObject second = report("patients", patients.toString());
    JsonObject secondVisits = report("visits", visits.toString());

    assertThat(first.getLong("stored")).isEqualTo(30);
    assertThat(firstVisits.getLong("stored")).isEqualTo(30);
    assertThat(second.getLong("stored")).isZero();
    assertThat(second.getLong("unchanged")).isEqualTo(30);
    assertThat(secondVisits.getLong("stored")).isZero();
    assertThat(secondVisits.getLong("unchanged")).isEqualTo(30);
    assertThat(stored(ids)).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "By e-mail: an import finds the app patient, and an app registration finds the imported patient; one record each")
  void linksByEmail() {
    CrmWorld.Patient appFirst = world.patient("App First", null);
    world.book(appFirst, 5);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> world.record(world.coordinator.token(), appFirst.id()).statusCode() == 200);
    String later = "later-" + run + "@example.org";

    report(
        "patients",
        patientLine("a", "Imported Name", appFirst.email())
            + "\n"
            + patientLine("b", "Imported First", later)
            + "\n");
    assertThat(patientOf("a")).as("the import joined the app patient").isEqualTo(appFirst.id());
    JsonObject appRecord =
        world.record(world.coordinator.token(), appFirst.id()).bodyAsJsonObject();
    assertThat(appRecord.getJsonObject("profile").getString("name"))
        .as("the app's own profile stays")
        .isEqualTo("App First");
    assertThat(appRecord.getJsonArray("identities")).hasSize(1);

    UUID imported = patientOf("b");
    UUID account =
        app.app
            .patients()
            .accounts()
            .registerPatient(
                later, "a long enough password", "Registered Later", CrmWorld.PARIS, null)
            .await();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                world
                    .record(world.coordinator.token(), imported)
                    .bodyAsJsonObject()
                    .getJsonObject("profile")
                    .containsKey("accountId"));
    JsonObject linked = world.record(world.coordinator.token(), account).bodyAsJsonObject();
    assertThat(linked.getString("id"))
        .as("the account's id finds the imported record")
        .isEqualTo(imported.toString());
    assertThat(linked.getJsonObject("profile").getString("accountId"))
        .isEqualTo(account.toString());
    assertThat(linked.getJsonObject("profile").getString("name")).isEqualTo("Registered Later");
  }

  @Test
  @DisplayName("A file far larger than any JSON body the gateway takes is read as it arrives")
  void streamed() {
    StringBuilder patients = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      patients
          .append(patientLine("s" + i, "Streamed Patient " + i + " " + "x".repeat(60), null))
          .append('\n');
    }
    assertThat(patients.length()).isGreaterThan(4 * 64 * 1024);

    JsonObject report = report("patients", patients.toString());

    assertThat(report.getLong("lines")).isEqualTo(3000);
    assertThat(report.getLong("stored")).isEqualTo(3000);
    assertThat(byIdentity("s2999")).hasSize(1);
  }

  @Test
  @DisplayName("Only admins import; an unknown system name is 400 and stores nothing")
  void refusedImports() {
    String line = patientLine("r1", "Refused", null);
    var byCoordinator =
        app.http
            .post("/api/v1/admin/imports/patients")
            .bearerTokenAuthentication(world.coordinator.token())
            .sendBuffer(Buffer.buffer(line))
            .await();
    var badSystem =
        app.http
            .post("/api/v1/admin/imports/patients?system=9x")
            .bearerTokenAuthentication(app.adminToken())
            .sendBuffer(Buffer.buffer(line))
            .await();

    assertThat(byCoordinator.statusCode()).isEqualTo(403);
    assertThat(badSystem.statusCode()).isEqualTo(400);
    assertThat(byIdentity("r1")).isEmpty();
    List<Row> rows =
        TestCassandra.get()
            .session()
            .execute(
                SimpleStatement.newInstance(
                    "SELECT * FROM crm_identities_by_value WHERE system = '9x' AND value = ?",
                    run + "-r1"))
            .all();
    assertThat(rows).isEmpty();
  }
}
