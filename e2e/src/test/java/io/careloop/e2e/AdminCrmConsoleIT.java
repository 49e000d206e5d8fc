package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin's CRM pages in a real browser against the real stack: the tag rules (a refused edit
 * shows the API's message at the rule and changes nothing), the import of a practice system's
 * history (the report names the bad line; the good lines are in the CRM), segments, the forecast,
 * the journey funnel and a campaign's draft. axe-core checks each page; screenshots under
 * target/console-screenshots.
 */
class AdminCrmConsoleIT extends BrowserTest {

  private final TestApp app = TestApp.get();
  private final ClinicFixture fixture = new ClinicFixture(app);

  private void signedInAdmin() {
    ClinicFixture.StaffLogin admin = fixture.staffLogin("admin");
    browser.signIn(admin.email(), admin.password());
  }

  private void page(String hash, String ready) {
    browser.go(hash);
    browser.until(d -> !browser.all(ready).isEmpty());
  }

  private WebElement nonEmpty(String css) {
    List<WebElement> found = browser.all(css);
    return found.isEmpty() || found.get(0).getText().isEmpty() ? null : found.get(0);
  }

  private JsonObject tagRules() {
    return app.get("/api/v1/admin/tag-rules", app.adminToken()).bodyAsJsonObject();
  }

  @Test
  @DisplayName(
      "An admin edits a tag rule with an unknown fact: the API's message shows at that rule and the rules are unchanged")
  void tagRulesRefused() throws Exception {
    JsonObject before = tagRules();
    signedInAdmin();
    page("#/admin/tag-rules", "#rule-0");
    browser.screenshot("admin-tag-rules");
    browser.assertAccessible("admin's tag rules");

    JsonObject faulty = before.getJsonArray("rules").getJsonObject(0).copy();
    faulty.put(
        "when",
        new JsonObject()
            .put("kind", "compare")
            .put("fact", "plaque.someday")
            .put("op", ">")
            .put("value", 1));
    WebElement rule = browser.find("#rule-0");
    rule.clear();
    browser.driver.executeScript(
        "arguments[0].value = arguments[1]", rule, faulty.encodePrettily());
    browser.find("#tag-rules-submit").click();
    WebElement error = browser.until(d -> nonEmpty("#rule-0-error"));

    JsonArray rules = before.getJsonArray("rules").copy();
    rules.set(0, faulty);
    var refused =
        app.http
            .put("/api/v1/admin/tag-rules")
            .bearerTokenAuthentication(app.adminToken())
            .sendJsonObject(new JsonObject().put("rules", rules))
            .await();
    assertThat(refused.statusCode()).isEqualTo(400);
    JsonObject problem = refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
    assertThat(problem.getString("pointer")).isEqualTo("#/rules/0/when/fact");
    assertThat(error.getText()).isEqualTo(problem.getString("detail") + " (at /when/fact)");
    assertThat(rule.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(tagRules()).as("nothing changed").isEqualTo(before);
    browser.screenshot("admin-tag-rules-refused");
    browser.assertAccessible("admin's tag rules with a refusal");
  }

  @Test
  @DisplayName(
      "An admin imports a file with one bad line: the report names the line, and the good lines are in the CRM")
  void importWithABadLine() throws Exception {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 60);
    String run = UUID.randomUUID().toString().substring(0, 8);
    Path file = Files.createTempFile("careloop-import", ".jsonl");
    Files.writeString(
        file,
        String.join(
            "\n",
            patientLine(run + "-1", "Ada Import", clinic),
            "{\"externalId\": \"" + run + "-2\", \"name\": \"\"",
            patientLine(run + "-3", "Grace Import", clinic)));
    signedInAdmin();
    page("#/admin/import", "#import-file");
    browser.screenshot("admin-import");
    browser.assertAccessible("admin's import");
    browser.find("#import-file").sendKeys(file.toAbsolutePath().toString());
    browser.find("#import-submit").click();

    WebElement refused = browser.until(d -> nonEmpty("#import-refused"));
    assertThat(refused.findElements(org.openqa.selenium.By.cssSelector("tbody tr"))).hasSize(1);
    assertThat(refused.findElement(org.openqa.selenium.By.cssSelector("tbody td")).getText())
        .isEqualTo("2");
    String coordinator = fixture.coordinator(clinic).token();
    assertThat(byIdentity(coordinator, run + "-1")).hasSize(1);
    assertThat(byIdentity(coordinator, run + "-3")).hasSize(1);
    assertThat(byIdentity(coordinator, run + "-2")).as("the bad line stored nothing").isEmpty();
    browser.screenshot("admin-import-report");
    browser.assertAccessible("admin's import report");
    Files.delete(file);
  }

  private static String patientLine(String externalId, String name, JsonObject clinic) {
    return new JsonObject()
        .put("externalId", externalId)
        .put("name", name)
        .put("clinicId", clinic.getString("id"))
        .encode();
  }

  private JsonArray byIdentity(String token, String externalId) {
    return app.get("/api/v1/staff/patients?identity=practice%7C" + externalId, token)
        .bodyAsJsonObject()
        .getJsonArray("patients");
  }

  @Test
  @DisplayName("An admin reads the segments, a clinic's forecast and its journey funnel")
  void readOnlyPages() throws Exception {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 60);
    JsonObject service = fixture.service("Check-up", 30, 0);
    fixture.provider("Dr Forecast", "dentist", List.of(service), clinic);
    signedInAdmin();
    page("#/admin/segments", "#segments-table, #no-segments");
    browser.screenshot("admin-segments");
    browser.assertAccessible("admin's segments");

    page("#/admin/forecast", "#forecast-clinic");
    new Select(browser.find("#forecast-clinic")).selectByValue(clinic.getString("id"));
    browser.until(
        d ->
            !browser
                .all("#forecast-service option[value='" + service.getString("id") + "']")
                .isEmpty());
    browser.find("#forecast-show").click();
    browser.until(d -> !browser.all("#forecast-backtest").isEmpty());
    assertThat(browser.find("#forecast-backtest").getText()).contains("Weeks of history");
    browser.screenshot("admin-forecast");
    browser.assertAccessible("admin's forecast");

    page("#/admin/funnel", "#funnel-clinic");
    new Select(browser.find("#funnel-clinic")).selectByValue(clinic.getString("id"));
    browser.find("#funnel-show").click();
    WebElement funnel = browser.until(d -> nonEmpty("#funnel-table"));
    assertThat(funnel.getText()).contains("registered", "returned");
    browser.screenshot("admin-funnel");
    browser.assertAccessible("admin's journey funnel");
  }

  @Test
  @DisplayName("An admin drafts a campaign: it is listed as a draft at once, and the API agrees")
  void draftCampaign() throws Exception {
    JsonObject clinic = fixture.clinic("Europe/Paris", 0, 0, 60);
    String name = "Drafted in console " + UUID.randomUUID().toString().substring(0, 8);
    signedInAdmin();
    page("#/admin/campaigns", "#draft-campaign");
    browser.find("#draft-campaign-name").sendKeys(name);
    new Select(browser.find("#draft-campaign-stages")).selectByValue("decline");
    new Select(browser.find("#draft-campaign-clinicIds")).selectByValue(clinic.getString("id"));
    new Select(browser.find("#draft-campaign-triggerStage")).selectByValue("decline");
    browser.find("#draft-campaign-messageTitle").sendKeys("Shall we check on your teeth?");
    browser.find("#draft-campaign-messageBody").sendKeys("Pick a time that suits you.");
    browser.find("#draft-campaign-submit").click();

    WebElement item =
        browser.until(
            d ->
                browser.all("#campaign-list li").stream()
                    .filter(li -> li.getText().contains(name))
                    .findFirst()
                    .orElse(null));
    assertThat(item.getAttribute("data-status")).isEqualTo("draft");
    JsonObject stored =
        app.get(
                "/api/v1/admin/campaigns/" + item.getAttribute("data-campaign-id"),
                app.adminToken())
            .bodyAsJsonObject();
    assertThat(stored.getJsonObject("audience").getJsonArray("stages")).containsExactly("decline");
    assertThat(stored.getJsonObject("trigger").getString("stage")).isEqualTo("decline");
    browser.screenshot("admin-campaign-drafted");
    browser.assertAccessible("admin's campaigns with a draft form");
  }
}
