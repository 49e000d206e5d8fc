package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The coordinator's console in a real browser against the real stack: patient search by phone and
 * by external record, the record with what the CRM judged, a note that joins the timeline, and a
 * refused note that stores nothing. axe-core checks each page; screenshots under
 * target/console-screenshots.
 */
class CoordinatorConsoleIT extends BrowserTest {

  private final TestApp app = TestApp.get();
  private final CrmWorld world = new CrmWorld(app);

  /** A patient with a booking, an external record and a complaint on file, as the CRM judged. */
  private JsonObject knownPatient(CrmWorld.Patient p, String identity) {
    world.book(p, 4);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> world.record(world.coordinator.token(), p.id()).statusCode() == 200);
    String[] parts = identity.split("\\|");
    var linked =
        app.post(
            "/api/v1/staff/patients/" + p.id() + "/identities",
            world.coordinator.token(),
            new JsonObject().put("system", parts[0]).put("value", parts[1]));
    assertThat(linked.statusCode()).as(linked.bodyAsString()).isEqualTo(201);
    note(p.id(), "Patient angry about the bill, demands a refund.");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> tagsOf(record(p.id())).contains("complaint"));
    return record(p.id());
  }

  private void note(UUID patientId, String text) {
    var stored =
        app.post(
            "/api/v1/staff/patients/" + patientId + "/notes",
            world.coordinator.token(),
            new JsonObject().put("channel", "phone").put("text", text));
    assertThat(stored.statusCode()).as(stored.bodyAsString()).isEqualTo(201);
  }

  private JsonObject record(UUID patientId) {
    return world.record(world.coordinator.token(), patientId).bodyAsJsonObject();
  }

  private static List<String> tagsOf(JsonObject record) {
    return record.getJsonArray("tags").stream()
        .map(t -> ((JsonObject) t).getString("tag"))
        .toList();
  }

  private List<String> foundIds() {
    return browser.all("#search-results tr[data-patient-id]").stream()
        .map(r -> r.getAttribute("data-patient-id"))
        .toList();
  }

  private void search(String field, String value) {
    for (String name : List.of("q", "identity")) {
      browser.find("#search-" + name).clear();
    }
    browser.find("#search-" + field).sendKeys(value);
    browser.find("#search-submit").click();
    browser.until(
        d -> {
          String query = browser.find("#search-results").getAttribute("data-query");
          return query != null && query.contains(field + "=");
        });
  }

  @Test
  @DisplayName(
      "A coordinator finds the patient by phone and by external record, reads tag, reason, tier and stage, and adds a note to the timeline")
  void searchRecordAndNote() throws Exception {
    ClinicFixture.StaffLogin coordinator = world.fixture.staffLogin("coordinator", world.clinic);
    CrmWorld.Patient p = world.patient("Marie Sklodowska", "+33 6 12 34 56 78");
    String identity = "practice|P-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject record = knownPatient(p, identity);
    String recordId = record.getString("id");

    browser.signIn(coordinator.email(), coordinator.password());
    browser.until(d -> !browser.all("#search-form").isEmpty());
    search("q", "12 34 56 78");
    assertThat(foundIds()).containsExactly(recordId);
    browser.screenshot("coordinator-search");
    browser.assertAccessible("coordinator's search");
    search("identity", identity);
    assertThat(foundIds()).containsExactly(recordId);

    browser.find("tr[data-patient-id='" + recordId + "'] a").click();
    WebElement name = browser.until(d -> browser.find("#record-name"));
    assertThat(name.getText()).isEqualTo("Marie Sklodowska");
    WebElement tag = browser.find("#record-tags li[data-tag='complaint']");
    assertThat(tag.getText()).contains("Rule complaint", "feedback.count");
    String summary = browser.find("#record-summary").getText();
    assertThat(summary).contains(record.getJsonObject("stage").getString("stage"));
    assertThat(summary)
        .contains(
            record.containsKey("tier")
                ? record.getJsonObject("tier").getString("tier")
                : "none yet");
    assertThat(browser.find("#record-identities").getText()).contains(identity);
    browser.screenshot("coordinator-record");
    browser.assertAccessible("patient record");

    browser.find("#note-form-submit").click(); // nothing written
    WebElement refused = browser.until(d -> nonEmpty("#note-form-text-error"));
    assertThat(refused.getText()).isEqualTo(refusedEmptyNote(p.id()));
    assertThat(browser.find("#note-form-text").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(record(p.id()).getJsonArray("contactHistory")).as("nothing stored").hasSize(1);
    browser.screenshot("coordinator-note-refused");
    browser.assertAccessible("patient record with a refused note");

    new Select(browser.find("#note-form-channel")).selectByValue("in_person");
    browser.find("#note-form-text").sendKeys("Came by to thank the hygienist; very happy.");
    browser.find("#note-form-submit").click();
    browser.until(d -> browser.all("#timeline-entries li[data-kind='note']").size() == 2);
    assertThat(browser.find("#timeline-entries li[data-kind='note']").getText())
        .as("the newest note, by channel and sentiment (the timeline leaves out its text)")
        .contains("in person note");
    assertThat(browser.find("#record-note-list li").getText())
        .contains("Came by to thank the hygienist; very happy.");
    JsonArray history = record(p.id()).getJsonArray("contactHistory");
    assertThat(history.getJsonObject(0).getString("text"))
        .isEqualTo("Came by to thank the hygienist; very happy.");
    assertThat(history.getJsonObject(0).getString("channel")).isEqualTo("in_person");
  }

  @Test
  @DisplayName(
      "A coordinator of another clinic finds nothing and cannot open the record: the page says so")
  void anotherClinicsCoordinator() throws Exception {
    CrmWorld elsewhere = new CrmWorld(app);
    ClinicFixture.StaffLogin theirs = elsewhere.fixture.staffLogin("coordinator", elsewhere.clinic);
    CrmWorld.Patient p = world.patient("Pierre Curie", "+33 6 98 76 54 01");
    JsonObject record =
        knownPatient(p, "practice|P-" + UUID.randomUUID().toString().substring(0, 8));

    browser.signIn(theirs.email(), theirs.password());
    browser.until(d -> !browser.all("#search-form").isEmpty());
    search("q", "98 76 54 01");
    assertThat(foundIds()).isEmpty();
    browser.go("#/records/" + record.getString("id"));
    WebElement said = browser.until(d -> browser.find("#not-found"));
    assertThat(said.getText()).contains("no such patient at your clinics");
    assertThat(world.record(theirs.token(), p.id()).statusCode()).isEqualTo(404);
  }

  private WebElement nonEmpty(String css) {
    WebElement e = browser.find(css);
    return e.getText().isEmpty() ? null : e;
  }

  /** What the API says of an empty note, asked directly: the page must show the same. */
  private String refusedEmptyNote(UUID patientId) {
    var response =
        app.post(
            "/api/v1/staff/patients/" + patientId + "/notes",
            world.coordinator.token(),
            new JsonObject().put("channel", "phone").put("text", ""));
    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject error = response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("pointer")).endsWith("/text");
    return error.getString("detail");
  }
}
