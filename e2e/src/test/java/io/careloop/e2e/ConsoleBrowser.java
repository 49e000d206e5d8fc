package io.careloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven by its chromedriver, at a tablet's width, on the console of the
 * running app: one per test class. Checks a page with axe-core and keeps its screenshot.
 */
final class ConsoleBrowser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  /** A tablet held upright (iPad Air): the console must work at this width. */
  static final String WINDOW = "820,1180";

  final ChromeDriver driver;
  final String console;
  private final Path profile;

  private ConsoleBrowser(ChromeDriver driver, String console, Path profile) {
    this.driver = driver;
    this.console = console;
    this.profile = profile;
  }

  /** Skips the tests where chromium is not installed, unless CI says it must be. */
  static ConsoleBrowser start(String baseUrl) throws IOException {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && Boolean.parseBoolean(System.getenv("CARELOOP_REQUIRE_CHROMIUM"))) {
      throw new IllegalStateException("CARELOOP_REQUIRE_CHROMIUM is set, but chromium is missing");
    }
    assumeTrue(
        installed,
        "The console's browser tests need Debian's chromium and chromium-driver"
            + " (apt-get install chromium chromium-driver): skipped");
    Path profile = Files.createTempDirectory("careloop-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=" + WINDOW,
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL); // what the page logged: told when a wait fails
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    return new ConsoleBrowser(new ChromeDriver(service, options), baseUrl + "/console/", profile);
  }

  /** A fresh console: a reload forgets any sign-in (the tokens live in the page's memory). */
  void open() {
    driver.get(console);
    until(d -> !d.findElements(By.id("email")).isEmpty());
  }

  void signIn(String email, String password) {
    open();
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("sign-in")).click();
    until(d -> d.findElement(By.id("who")).isDisplayed());
  }

  /** Goes to a page of the console without a reload (the sign-in stays). */
  void go(String hash) {
    ((JavascriptExecutor) driver).executeScript("window.location.hash = arguments[0]", hash);
  }

  <T> T until(ExpectedCondition<T> condition) {
    try {
      return new WebDriverWait(driver, Duration.ofSeconds(30))
          .ignoring(StaleElementReferenceException.class) // the page redrew it: look again
          .until(condition);
    } catch (TimeoutException e) {
      throw new TimeoutException(
          e.getMessage() + "\nThe page at " + driver.getCurrentUrl() + " logged: " + pageLog(), e);
    }
  }

  private String pageLog() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(entry -> entry.getLevel() + " " + entry.getMessage())
        .toList()
        .toString();
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The page as the reviewer sees it, kept with the test reports. */
  void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name + ".png"), png);
  }

  /** axe-core's serious and critical violations of the page as it is now: there must be none. */
  void assertAccessible(String page) {
    JavascriptExecutor js = driver;
    js.executeScript(axeSource());
    Object found =
        js.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa',"
                + " 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
                + ".then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify("
                + "[{id: 'axe-failed', impact: 'critical', description: String(e), nodes: []}])));");
    JsonArray violations = new JsonArray(found.toString());
    List<String> grave =
        violations.stream()
            .map(v -> (JsonObject) v)
            .filter(v -> List.of("serious", "critical").contains(v.getString("impact")))
            .map(
                v ->
                    v.getString("id")
                        + " ("
                        + v.getString("impact")
                        + "): "
                        + v.getString("description")
                        + " at "
                        + v.getJsonArray("nodes").stream()
                            .map(n -> ((JsonObject) n).getJsonArray("target").encode())
                            .toList())
            .toList();
    assertThat(grave).as("axe-core on the " + page + " page").isEmpty();
  }

  private static String axeSource() {
    // at the root of Deque's axe-core Selenium jar (see the parent pom)
    try (InputStream axe =
        ConsoleBrowser.class.getClassLoader().getResourceAsStream("axe.min.js")) {
      return new String(axe.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("axe-core is not on the test classpath", e);
    }
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
