package io.careloop.ingest;

import io.careloop.ingest.testing.IngestStack;
import io.careloop.ingest.testing.MosquittoBroker;
import io.careloop.ingest.testing.TestBroker;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The ingestion suite through Mosquitto 2 (Debian package), to prove the backend is
 * broker-agnostic. CI installs mosquitto and sets {@code CARELOOP_REQUIRE_MOSQUITTO=true}, so there
 * the suite cannot be skipped; on a machine without mosquitto it is skipped with this message.
 */
class MosquittoIngestIT extends IngestSuite {

  @BeforeAll
  static void requireMosquitto() {
    if ("true".equals(System.getenv("CARELOOP_REQUIRE_MOSQUITTO"))
        && !MosquittoBroker.installed()) {
      throw new IllegalStateException(
          "CARELOOP_REQUIRE_MOSQUITTO is set but mosquitto is not installed");
    }
    Assumptions.assumeTrue(
        MosquittoBroker.installed(), "mosquitto is not installed (apt-get install mosquitto)");
  }

  @Override
  TestBroker broker() {
    return IngestStack.get().mosquittoBroker();
  }
}
