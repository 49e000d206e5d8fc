package io.careloop.ingest;

/** What became of a message; either way it is durable and may be acknowledged. */
public enum IngestOutcome {
  STORED,
  DEAD_LETTERED
}
