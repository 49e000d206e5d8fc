package io.careloop.ingest.broker;

/**
 * What a broker running in this process can tell about itself. A broker elsewhere tells ingest none
 * of this over MQTT: neither its queues nor its counts.
 */
public interface BrokerInsight {

  /** PUBLISH packets the broker received from clients so far. */
  long receivedPublishes();

  /** PUBLISH packets the broker sent to clients so far. */
  long sentPublishes();

  /** Blocking: messages the broker holds for the ingest group that nobody acknowledged yet. */
  long ingestBacklog();
}
