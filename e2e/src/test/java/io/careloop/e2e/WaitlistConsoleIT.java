package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The waitlist page of the console in a real browser against the real stack: a coordinator (and an
 * admin) reads who waits at the clinic and what became of its offers, as the API counts them.
 * axe-core checks the page; its screenshot is kept under target/console-screenshots.
 */
class WaitlistConsoleIT extends BrowserTest {

  private static final TestApp app = TestApp.get();
  private static WaitlistWorld world;

  @BeforeAll
  static void waitlist() {
    world = new WaitlistWorld(app);
  }

  /** Asks for the figures of the last week, with the keyboard. */
  private void showFigures() {
    browser.until(d -> !browser.all("#waitlist-clinic").isEmpty());
    new Select(browser.find("#waitlist-clinic")).selectByValue(world.clinicId());
    setDate("#waitlist-from", world.today.minusDays(6).toString());
    setDate("#waitlist-to", world.today.toString());
    browser.find("#waitlist-show").sendKeys(Keys.ENTER);
    browser.until(d -> !browser.all("#waitlist-offers").isEmpty());
  }

  private void setDate(String css, String day) {
    browser.driver.executeScript("arguments[0].value = arguments[1]", browser.find(css), day);
  }

  /** A table's rows as first cell to second. */
  private Map<String, String> rows(String css) {
    return browser.all(css + " tbody tr").stream()
        .map(r -> r.findElements(By.tagName("td")))
        .collect(Collectors.toMap(c -> c.get(0).getText(), c -> c.get(1).getText()));
  }

  @Test
  @DisplayName(
      "A coordinator sees who waits per service, the offers by outcome and the median wait, as the API counts them")
  void coordinatorReadsTheFigures() throws Exception {
    ClinicFixture.StaffLogin coordinator = world.fixture.staffLogin("coordinator", world.clinic);
    JsonObject api =
        app.get(world.figuresPath(), coordinator.token())
            .bodyAsJsonObject()
            .getJsonObject("offers");

    browser.signIn(coordinator.email(), coordinator.password());
    browser.until(d -> !browser.all("#search-form").isEmpty()); // the home page, drawn
    browser.find("#nav-waitlist").sendKeys(Keys.ENTER);
    showFigures();

    assertThat(rows("#waitlist-waiting")).isEqualTo(Map.of("Check-up", "1", "Cleaning", "1"));
    assertThat(rows("#waitlist-offers"))
        .isEqualTo(
            Map.of(
                "Sent", "3",
                "Accepted", "1",
                "Refused: the time had gone", "1",
                "Ran out unanswered", "0",
                "Still open", "1"));
    assertThat(api.getInteger("sent")).isEqualTo(3);
    assertThat(api.getInteger("open")).isEqualTo(1);
    WebElement median = browser.find("#waitlist-median dd");
    assertThat(median.getText()).isNotEqualTo("no offer accepted").isNotEmpty();
    assertThat(browser.find("main h2").getText()).isEqualTo("Waiting now: 2");
    List<String> clinicChoices =
        new Select(browser.find("#waitlist-clinic"))
            .getOptions().stream().map(o -> o.getAttribute("value")).toList();
    assertThat(clinicChoices)
        .as("a coordinator picks among their clinics")
        .containsExactly(world.clinicId());
    browser.screenshot("coordinator-waitlist");
    browser.assertAccessible("waitlist");
  }

  @Test
  @DisplayName("An admin picks the clinic among all and reads the same figures")
  void adminReadsTheFigures() throws Exception {
    ClinicFixture.StaffLogin admin = world.fixture.staffLogin("admin");
    browser.signIn(admin.email(), admin.password());
    // the home page drawn first: its late answer would otherwise replace the waitlist page
    browser.until(d -> !browser.all("#create-clinic").isEmpty());
    browser.go("#/waitlist");
    showFigures();
    assertThat(rows("#waitlist-offers")).containsEntry("Sent", "3").containsEntry("Accepted", "1");
    browser.screenshot("admin-waitlist");
    browser.assertAccessible("admin's waitlist");
  }
}
