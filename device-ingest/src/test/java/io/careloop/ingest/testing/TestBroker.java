package io.careloop.ingest.testing;

import io.careloop.ingest.IngestVerticle;

/** A real broker the ingestion suite runs against, with an ingest consumer connected to it. */
public interface TestBroker {

  String name();

  String uri();

  /**
   * Lets this brush connect (the embedded broker asks the registry itself; Mosquitto needs a
   * password entry).
   */
  void admit(String deviceId, String credential);

  IngestVerticle consumer();

  /** Starts the consumer again with the same client id, after a crash or a stop. */
  IngestVerticle restartConsumer();

  /**
   * A second consumer in the same shared group, with its own client id (the same for every second
   * consumer).
   */
  IngestVerticle startSecondConsumer();

  /** The client id of the second consumers. */
  String secondConsumerClientId();

  /**
   * The most messages the consumer may hold unacknowledged: the receive maximum of each of its
   * connections.
   */
  int maxInFlight();

  /**
   * Whether the broker keeps queuing a share of the group's messages for a member whose session
   * lives on (Mosquitto): an instance removed for good must then leave the group.
   */
  default boolean queuesForAbsentMembers() {
    return false;
  }
}
