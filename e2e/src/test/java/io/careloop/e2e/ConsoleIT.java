package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The staff console in a real browser against the real stack: a nurse signs in, sees an alert open
 * live, acknowledges and resolves it, reads a patient's charts and edits the care plan; a nurse of
 * another clinic cannot open that patient. axe-core checks each page; each page's screenshot is
 * kept under target/console-screenshots.
 */
class ConsoleIT extends BrowserTest {

  private static final String PASSWORD = "a long enough password";

  private final TestApp app = TestApp.get();
  private final AlertsWorld world = new AlertsWorld(app);

  /** A nurse of these clinics whose e-mail the test knows: she signs in through the page. */
  private Nurse nurse(JsonObject... clinics) {
    String email = "nurse-" + UUID.randomUUID() + "@example.org";
    JsonArray clinicIds = new JsonArray();
    for (JsonObject c : clinics) {
      clinicIds.add(c.getString("id"));
    }
    JsonObject created =
        world.fixture.created(
            "/api/v1/admin/staff",
            new JsonObject()
                .put("email", email)
                .put("password", PASSWORD)
                .put("name", "Nurse Console")
                .put("role", "nurse")
                .put("clinicIds", clinicIds));
    String token = app.app.patients().accounts().login(email, PASSWORD).await().accessToken();
    return new Nurse(UUID.fromString(created.getString("accountId")), email, token);
  }

  private record Nurse(UUID id, String email, String token) {}

  @Test
  @DisplayName(
      "A breach published over MQTT appears in the open worklist without a reload; ack and resolve reach the API")
  void liveWorklist() throws Exception {
    Nurse nurse = nurse(world.clinic);
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      world.plan(nurse.token(), p.id(), "post_surgery", null);
      browser.open();
      assertThat(browser.find("#sign-out").isDisplayed())
          .as("no sign-out before signing in")
          .isFalse();
      browser.screenshot("sign-in");
      browser.assertAccessible("sign-in");
      browser.signIn(nurse.email(), PASSWORD);
      browser.until(d -> browser.find("#worklist-summary").getText().startsWith("No open"));
      assertThat(browser.find("#who-clinics").getText()).contains(world.clinic.getString("name"));

      world.publishAndWait(p, AlertsWorld.session(brush, 120, 4, 90, null)); // 4 >= 3 events
      String rowCss = "tr[data-status='open']";
      WebElement row = browser.until(d -> browser.all(rowCss).stream().findFirst().orElse(null));
      JsonObject alert = world.alertOf(nurse.token(), p.id(), "too-much-pressure").orElseThrow();
      assertThat(row.getAttribute("data-alert-id")).isEqualTo(alert.getString("id"));
      assertThat(row.getText()).contains("Patient 0", "Pressing too hard on healing gums", "HIGH");
      browser.screenshot("worklist");
      browser.assertAccessible("worklist");

      row.findElement(By.cssSelector("button.ack")).click();
      browser.until(d -> !browser.all("tr[data-status='acknowledged']").isEmpty());
      JsonObject acknowledged =
          world.alertOf(nurse.token(), p.id(), "too-much-pressure").orElseThrow();
      assertThat(acknowledged.getString("status")).isEqualTo("acknowledged");
      assertThat(acknowledged.getString("acknowledgedBy")).isEqualTo(nurse.id().toString());

      browser.find("tr[data-status='acknowledged'] button.resolve").click();
      browser.find("form.resolve-form textarea").sendKeys("Called her: a softer brush head.");
      browser.screenshot("worklist-resolve");
      browser.assertAccessible("worklist with a note being written");
      browser.find("form.resolve-form button.resolve-submit").click();
      browser.until(d -> browser.find("#worklist").getAttribute("data-count").equals("0"));
      var resolved = world.alertsOf(nurse.token(), p.id(), "too-much-pressure", "resolved");
      assertThat(resolved).hasSize(1);
      assertThat(resolved.get(0).getString("note")).isEqualTo("Called her: a softer brush head.");

      browser.find("#sign-out").click();
      browser.until(d -> !browser.all("#email").isEmpty());
      assertThat(browser.find("#who").isDisplayed()).as("the header forgets the nurse").isFalse();
    }
  }

  @Test
  @DisplayName(
      "The patient page draws 30 and 90 days against the plan's threshold; a refused threshold is shown at its field and changes nothing")
  void patientPage() throws Exception {
    Nurse nurse = nurse(world.clinic);
    AlertsWorld.BrushingPatient p = world.patient(true);
    try (var brush = p.brush()) {
      world.plan(nurse.token(), p.id(), "post_surgery", null);
      world.publishAndWait(p, AlertsWorld.session(brush, 130, 5, 85, 1.2));
      browser.signIn(nurse.email(), PASSWORD);
      browser.go("#/patients/" + p.id());

      WebElement pressure = browser.until(d -> browser.find("#chart-pressureHighEvents"));
      assertThat(browser.find("#patient-name").getText()).isEqualTo("Patient 0");
      assertThat(pressure.getAttribute("data-points")).isEqualTo("30");
      assertThat(pressure.getAttribute("data-threshold")).isEqualTo("3");
      assertThat(pressure.findElements(By.cssSelector("tbody tr"))).hasSize(30);
      browser.until(d -> !pressure.findElements(By.cssSelector("canvas")).isEmpty());
      assertThat(browser.find("#chart-score").getAttribute("data-points")).isEqualTo("30");
      browser.until(d -> browser.find("#chart-score").getAttribute("data-alerts").equals("1"));
      WebElement day = browser.until(d -> browser.find("#day-sessions-table"));
      assertThat(day.findElements(By.cssSelector("tbody tr"))).hasSize(1);
      assertThat(day.getText()).contains("130 s", "85 %", "5 events", "1.2");
      browser.screenshot("patient-30-days");
      browser.assertAccessible("patient");
      String today = browser.find("#day-sessions").getAttribute("data-date");

      WebElement score = browser.find("#chart-score");
      score.findElement(By.cssSelector("details.chart-table summary")).click();
      WebElement firstDay = score.findElement(By.cssSelector("tbody tr button.day-link"));
      String first = firstDay.getText();
      firstDay.click();
      browser.until(d -> first.equals(browser.find("#day-sessions").getAttribute("data-date")));
      assertThat(browser.find("#day-sessions").getText()).startsWith("No sessions on " + first);
      clickChartDay(score, 29);
      browser.until(d -> today.equals(browser.find("#day-sessions").getAttribute("data-date")));
      assertThat(browser.find("#day-sessions-table").getText()).contains("130 s");

      browser.find("a.range[href$='days=90']").click();
      browser.until(d -> browser.find("#chart-score").getAttribute("data-points").equals("90"));
      browser.screenshot("patient-90-days");

      JsonObject before = carePlan(nurse, p.id());
      WebElement field = browser.find("#threshold-maxPressureEvents");
      field.clear();
      field.sendKeys("0");
      browser.find("#plan-save").click();
      WebElement error =
          browser.until(
              d -> {
                WebElement e = browser.find("#threshold-maxPressureEvents-error");
                return e.getText().isEmpty() ? null : e;
              });
      assertThat(error.getText()).isEqualTo(refusal(nurse, p.id(), "maxPressureEvents", 0));
      assertThat(field.getAttribute("aria-invalid")).isEqualTo("true");
      assertThat(carePlan(nurse, p.id())).as("nothing changed").isEqualTo(before);
      browser.screenshot("patient-plan-refused");
      browser.assertAccessible("patient with a refused threshold");

      field.clear();
      field.sendKeys("5");
      browser.find("#plan-save").click();
      browser.until(
          d ->
              "5".equals(browser.find("#chart-pressureHighEvents").getAttribute("data-threshold")));
      assertThat(
              carePlan(nurse, p.id()).getJsonObject("thresholds").getInteger("maxPressureEvents"))
          .isEqualTo(5);
    }
  }

  @Test
  @DisplayName(
      "A nurse of another clinic cannot open the patient: the page says so, the API said 404")
  void anotherClinicsNurse() throws Exception {
    Nurse ours = nurse(world.clinic);
    Nurse theirs = nurse(world.fixture.clinic("Europe/Paris", 0, 0, 60));
    AlertsWorld.BrushingPatient p = world.patient(false);
    try (var brush = p.brush()) {
      world.plan(ours.token(), p.id(), "standard", null);
      browser.signIn(theirs.email(), PASSWORD);
      browser.go("#/patients/" + p.id());
      WebElement said = browser.until(d -> browser.find("#not-found"));
      assertThat(said.getText()).contains("no such patient at your clinics");
      assertThat(
              app.get("/api/v1/nurse/patients/" + p.id() + "/alerts", theirs.token()).statusCode())
          .isEqualTo(404);
      assertThat(
              app.get("/api/v1/nurse/patients/" + p.id() + "/care-plan", theirs.token())
                  .statusCode())
          .isEqualTo(404);
      browser.screenshot("patient-not-found");
      browser.assertAccessible("patient not found");
    }
  }

  /** Clicks the chart where it draws the day of index {@code index}, as a nurse's pointer would. */
  private void clickChartDay(WebElement figure, int index) {
    WebElement over = figure.findElement(By.cssSelector(".u-over"));
    browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", over);
    Number x =
        (Number)
            browser.driver.executeScript(
                "const u = arguments[0].closest('.plot').chart;"
                    + " return u.valToPos(u.data[0][arguments[1]], 'x');",
                over,
                index);
    int width = over.getRect().getWidth();
    // the last day is drawn on the right edge: click just inside it
    int inside = (int) Math.round(Math.min(Math.max(x.doubleValue(), 2), width - 2));
    new org.openqa.selenium.interactions.Actions(browser.driver)
        .moveToElement(over, inside - width / 2, 0)
        .click()
        .perform();
  }

  private JsonObject carePlan(Nurse nurse, UUID patientId) {
    return app.get("/api/v1/nurse/patients/" + patientId + "/care-plan", nurse.token())
        .bodyAsJsonObject();
  }

  /** What the API says of this threshold, asked directly: the page must show the same. */
  private String refusal(Nurse nurse, UUID patientId, String threshold, int value) {
    var response =
        world.putPlan(
            nurse.token(),
            patientId,
            new JsonObject()
                .put("plan", "post_surgery")
                .put("until", LocalDate.now().plusDays(90).toString())
                .put("thresholds", new JsonObject().put(threshold, value)));
    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject error = response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("pointer")).isEqualTo("#/thresholds/" + threshold);
    return error.getString("detail");
  }
}
