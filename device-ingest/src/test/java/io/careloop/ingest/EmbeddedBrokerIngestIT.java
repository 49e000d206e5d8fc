package io.careloop.ingest;

import io.careloop.ingest.testing.IngestStack;
import io.careloop.ingest.testing.TestBroker;

/** The ingestion suite through the embedded HiveMQ CE broker (the local default). */
class EmbeddedBrokerIngestIT extends IngestSuite {

  @Override
  TestBroker broker() {
    return IngestStack.get().embeddedBroker();
  }
}
