package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.ingest.testing.TestBrushIds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin's console in a real browser against the real stack: clinics, brushes (the secrets shown
 * once, revocation), staff accounts, campaigns and the CRM summary. A refused form shows the API's
 * message at the field and stores nothing. axe-core checks each page; screenshots under
 * target/console-screenshots.
 */
class AdminConsoleIT extends BrowserTest {

  private final TestApp app = TestApp.get();
  private final ClinicFixture fixture = new ClinicFixture(app);

  /** An admin of its own: the configured one signs in only a few times a minute. */
  private ClinicFixture.StaffLogin signedInAdmin() {
    ClinicFixture.StaffLogin admin = fixture.staffLogin("admin");
    browser.signIn(admin.email(), admin.password());
    return admin;
  }

  private void page(String hash, String ready) {
    browser.go(hash);
    browser.until(d -> !browser.all(ready).isEmpty());
  }

  private WebElement nonEmpty(String css) {
    WebElement e = browser.find(css);
    return e.getText().isEmpty() ? null : e;
  }

  private void type(String css, String text) {
    browser.find(css).clear();
    browser.find(css).sendKeys(text);
  }

  @Test
  @DisplayName(
      "An admin creates a clinic and opens it with its providers, services and the forms for hours and closures")
  void clinics() throws Exception {
    signedInAdmin();
    browser.until(d -> !browser.all("#create-clinic").isEmpty());
    String name = "Console Clinic " + UUID.randomUUID().toString().substring(0, 8);
    type("#create-clinic-name", name);
    type("#create-clinic-address", "1 rue de la Paix, Paris");
    type("#create-clinic-timeZone", "Europe/Paris");
    browser.find("#create-clinic-submit").click();

    WebElement panel =
        browser.until(
            d ->
                browser.all("details.clinic").stream()
                    .filter(p -> p.getText().contains(name))
                    .findFirst()
                    .orElse(null));
    String clinicId = panel.getAttribute("data-clinic-id");
    JsonObject stored = clinicNamed(name);
    assertThat(stored.getString("id")).isEqualTo(clinicId);
    assertThat(stored.getString("timeZone")).isEqualTo("Europe/Paris");
    panel.findElement(org.openqa.selenium.By.tagName("summary")).click();
    browser.until(d -> !browser.all("#closure-" + clinicId).isEmpty());
    assertThat(panel.getText()).contains("No providers yet.");
    String firstDay = java.time.LocalDate.now().plusDays(7).toString();
    browser.driver.executeScript(
        "arguments[0].value = arguments[1]",
        browser.find("#closure-" + clinicId + "-firstDay"),
        firstDay);
    browser.find("#closure-" + clinicId + "-note").sendKeys("Staff training");
    browser.find("#closure-" + clinicId + "-submit").click();
    browser.until(
        d -> listedRow("#closures-table-" + clinicId, firstDay).contains("Staff training"));
    assertThat(listedRow("#closures-table-" + clinicId, firstDay))
        .contains("The whole clinic", "holiday");
    browser.driver.executeScript("arguments[0].scrollIntoView()", panel);
    browser.screenshot("admin-clinics");
    browser.assertAccessible("admin's clinics");
  }

  private JsonObject clinicNamed(String name) {
    JsonArray clinics =
        app.get("/api/v1/clinics", app.adminToken()).bodyAsJsonObject().getJsonArray("clinics");
    return clinics.stream()
        .map(JsonObject.class::cast)
        .filter(c -> c.getString("name").equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName(
      "An admin registers a brush and sees its pairing code once; a refused model stores nothing; revoking it, the API agrees")
  void brushes() throws Exception {
    signedInAdmin();
    page("#/admin/brushes", "#register-brush");
    String refusedId = TestBrushIds.random();
    type("#register-brush-deviceId", refusedId);
    browser.find("#register-brush-submit").click();
    WebElement refused = browser.until(d -> nonEmpty("#register-brush-model-error"));
    assertThat(refused.getText())
        .isEqualTo(
            refusal(
                "/api/v1/admin/devices",
                new JsonObject().put("deviceId", TestBrushIds.random()).put("model", ""),
                "/model"));
    assertThat(pairingCode(refusedId).statusCode()).as("nothing stored").isEqualTo(404);
    browser.screenshot("admin-brushes-refused");
    browser.assertAccessible("admin's brushes with a refused model");

    String deviceId = TestBrushIds.random();
    type("#register-brush-deviceId", deviceId);
    type("#register-brush-model", "CL-100");
    browser.find("#register-brush-submit").click();
    String code = browser.until(d -> nonEmpty("#brush-pairing-code")).getText();
    assertThat(browser.find("#brush-credential").getText()).isNotBlank();
    browser.until(d -> listedRow("#brush-list-table", deviceId).contains("not paired"));
    assertThat(browser.find("#brush-list-table").getText())
        .as("no secret in the list")
        .doesNotContain(code)
        .doesNotContain(browser.find("#brush-credential").getText());
    browser.screenshot("admin-brushes-registered");
    browser.assertAccessible("admin's brushes with the secrets shown");
    var paired =
        app.post(
            "/api/v1/me/devices",
            fixture.patient().token(),
            new JsonObject().put("pairingCode", code));
    assertThat(paired.statusCode()).as("the code shown is the brush's").isEqualTo(201);

    page("#/admin/staff", "#create-staff");
    page("#/admin/brushes", "#register-brush");
    assertThat(browser.all("#brush-pairing-code")).as("shown once").isEmpty();

    type("#revoke-brush-deviceId", deviceId);
    browser.find("#revoke-brush-submit").click();
    browser.until(d -> nonEmpty("#brush-revoked"));
    browser.until(d -> listedRow("#brush-list-table", deviceId).contains("revoked"));
    assertThat(listedRow("#brush-list-table", deviceId)).contains("paired");
    browser.screenshot("admin-brushes-list");
    browser.assertAccessible("admin's brushes with the list");
    var afterRevoke = pairingCode(deviceId);
    assertThat(afterRevoke.statusCode()).isEqualTo(409);
    assertThat(afterRevoke.bodyAsJsonObject().getString("type")).endsWith("/device-revoked");
  }

  /** The text of the row of a list that names {@code key}, or "" while there is none. */
  private String listedRow(String table, String key) {
    return browser.all(table + " tbody tr").stream()
        .map(WebElement::getText)
        .filter(text -> text.contains(key))
        .findFirst()
        .orElse("");
  }

  private io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> pairingCode(
      String deviceId) {
    return app.post(
        "/api/v1/admin/devices/" + deviceId + "/pairing-code", app.adminToken(), new JsonObject());
  }

  @Test
  @DisplayName(
      "An admin creates a coordinator who then signs in; a refused password stores nothing")
  void staff() throws Exception {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 60);
    signedInAdmin();
    page("#/admin/staff", "#create-staff");
    String email = "made-in-console-" + UUID.randomUUID() + "@example.org";
    type("#create-staff-name", "Camille Front-Desk");
    type("#create-staff-email", email);
    type("#create-staff-password", "short");
    new Select(browser.find("#create-staff-role")).selectByValue("coordinator");
    new Select(browser.find("#create-staff-clinicIds")).selectByValue(clinic.getString("id"));
    browser.find("#create-staff-submit").click();
    WebElement refused = browser.until(d -> nonEmpty("#create-staff-password-error"));
    assertThat(refused.getText())
        .isEqualTo(
            refusal(
                "/api/v1/admin/staff",
                new JsonObject()
                    .put("email", "x-" + email)
                    .put("password", "short")
                    .put("name", "X")
                    .put("role", "coordinator")
                    .put("clinicIds", new JsonArray().add(clinic.getString("id"))),
                "/password"));
    assertThat(signIn(email, "short")).as("nothing stored").isEqualTo(401);
    browser.screenshot("admin-staff-refused");
    browser.assertAccessible("admin's staff with a refused password");

    type("#create-staff-password", "a long enough password");
    browser.find("#create-staff-submit").click();
    browser.until(d -> nonEmpty("#staff-created-message"));
    browser.until(d -> listedRow("#staff-table", email).contains("coordinator"));
    assertThat(listedRow("#staff-table", email)).contains(clinic.getString("name"));
    browser.screenshot("admin-staff-created");
    browser.assertAccessible("admin's staff with the list");
    browser.find("#sign-out").click();
    browser.until(d -> !browser.all("#email").isEmpty());
    browser.signIn(email, "a long enough password");
    browser.until(
        d ->
            "Signed in as coordinator"
                .equals(browser.find("#who-role").getAttribute("textContent")));
    assertThat(browser.find("#who-clinics").getAttribute("textContent"))
        .contains(clinic.getString("name"));
    browser.until(d -> !browser.all("#search-form").isEmpty());
  }

  private int signIn(String email, String password) {
    return app.post(
            "/api/v1/auth/login",
            null,
            new JsonObject().put("email", email).put("password", password))
        .statusCode();
  }

  @Test
  @DisplayName(
      "An admin approves another admin's draft campaign and reads its figures; the CRM summary of a clinic")
  void campaignsAndSummary() throws Exception {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 60);
    var drafted = app.post("/api/v1/admin/campaigns", app.adminToken(), campaign(clinic));
    assertThat(drafted.statusCode()).as(drafted.bodyAsString()).isEqualTo(201);
    String id = drafted.bodyAsJsonObject().getString("id");
    signedInAdmin();
    page("#/admin/campaigns", "#campaign-list");
    String item = "li[data-campaign-id='" + id + "']";
    browser.find(item + " details.stats summary").click();
    browser.until(d -> !browser.all("#stats-" + id).isEmpty());
    browser.screenshot("admin-campaigns");
    browser.assertAccessible("admin's campaigns");
    browser.find(item + " button.approve").click();
    browser.until(d -> "active".equals(browser.find(item).getAttribute("data-status")));
    assertThat(
            app.get("/api/v1/admin/campaigns/" + id, app.adminToken())
                .bodyAsJsonObject()
                .getString("status"))
        .isEqualTo("active");

    page("#/admin/crm", "#summary-clinic");
    new Select(browser.find("#summary-clinic")).selectByValue(clinic.getString("id"));
    browser.find("#summary-show").click();
    browser.until(d -> !browser.all("#summary-stages").isEmpty());
    assertThat(browser.find("#summary-stages").getText()).contains("acquisition", "churned");
    browser.screenshot("admin-crm-summary");
    browser.assertAccessible("admin's CRM summary");
  }

  @Test
  @DisplayName("A page whose data comes late does not draw over the page opened after it")
  void slowPageLeftBehind() throws Exception {
    signedInAdmin();
    page("#/admin/brushes", "#register-brush");
    // the next list of clinics (the clinics page's) comes two seconds late; later ones at once
    browser.driver.executeScript(
        "const plain = window.fetch; let delayed = false;"
            + "window.fetch = (url, options) => {"
            + "  if (!delayed && String(url).endsWith('/api/v1/clinics')) {"
            + "    delayed = true;"
            + "    return new Promise(r => setTimeout(() => r(plain(url, options)), 2000));"
            + "  }"
            + "  return plain(url, options);"
            + "};");
    browser.go("#/admin/clinics");
    page("#/admin/staff", "#create-staff");
    Thread.sleep(3000); // past the late answer

    assertThat(browser.find("h1").getText()).isEqualTo("Staff");
    assertThat(browser.all("#create-staff")).hasSize(1);
    assertThat(browser.all("#clinic-list")).isEmpty();
  }

  /** For patients in decline of a clinic of this test alone: it reaches no other test's patient. */
  private static JsonObject campaign(JsonObject clinic) {
    return new JsonObject()
        .put("name", "Console campaign " + UUID.randomUUID().toString().substring(0, 8))
        .put("kind", "care")
        .put(
            "audience",
            new JsonObject()
                .put("stages", new JsonArray().add("decline"))
                .put("clinicIds", new JsonArray().add(clinic.getString("id"))))
        .put("trigger", new JsonObject().put("type", "stage-entered").put("stage", "decline"))
        .put(
            "message",
            new JsonObject()
                .put("title", "Shall we check on your teeth?")
                .put("body", "Pick a time."));
  }

  /** What the API says of this body, asked directly: the page must show the same at the field. */
  private String refusal(String path, JsonObject body, String pointer) {
    var response = app.post(path, app.adminToken(), body);
    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject error = response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("pointer")).endsWith(pointer);
    return error.getString("detail");
  }
}
