package io.careloop.ingest.mqtt;

import io.vertx.core.Future;
import java.time.Instant;

/**
 * Stores one message taken from the broker; its future decides whether the message is acknowledged.
 */
@FunctionalInterface
public interface MessageHandler {

  /**
   * @param receivedAt when the message reached ingest: the same on every retry of it, so that a
   *     message stored late is still ordered and placed by its arrival
   */
  Future<?> handle(String topic, byte[] payload, Instant receivedAt);
}
