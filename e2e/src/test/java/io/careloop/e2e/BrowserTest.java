package io.careloop.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The console's browser tests: one headless chromium per test class on the shared app, started
 * before its first test and closed after its last (test classes run one after another).
 */
abstract class BrowserTest {

  protected static ConsoleBrowser browser;

  @BeforeAll
  static void startBrowser() throws Exception {
    browser = ConsoleBrowser.start(TestApp.get().app.apiBaseUrl());
  }

  @AfterAll
  static void stopBrowser() throws Exception {
    if (browser != null) {
      browser.close();
      browser = null;
    }
  }
}
