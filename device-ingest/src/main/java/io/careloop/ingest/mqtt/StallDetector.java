package io.careloop.ingest.mqtt;

import java.time.Duration;

/**
 * Notices a broker that holds messages for ingest but has stopped delivering them. HiveMQ CE can
 * leave a shared-subscription QoS 1 subscriber idle under load while messages wait (hivemq-community-
 * edition issue 558); reconnecting the subscriber resumes delivery, and its session keeps whatever
 * was not acknowledged, so nothing is lost.
 *
 * <p>The signal: the broker has received publishes since ingest last got a message, and ingest has
 * got nothing for {@code stallAfter}. After it fires, the broker's count at that moment becomes the
 * new baseline, so publishes that will never reach ingest (refused by the access rules, say) cause
 * at most one needless reconnect.
 */
public final class StallDetector {

  private final long stallAfterNanos;
  private long baselinePublishes = -1;
  private long lastDeliveryNanos;

  public StallDetector(Duration stallAfter, long nowNanos) {
    this.stallAfterNanos = stallAfter.toNanos();
    this.lastDeliveryNanos = nowNanos;
  }

  /** Ingest got a message; {@code brokerPublishes} is the broker's count of received publishes now. */
  public synchronized void delivered(long brokerPublishes, long nowNanos) {
    baselinePublishes = brokerPublishes;
    lastDeliveryNanos = nowNanos;
  }

  /** Whether to reconnect now; when it answers true, the detector starts over from this moment. */
  public synchronized boolean stalled(long brokerPublishes, long nowNanos) {
    if (baselinePublishes < 0) {
      baselinePublishes = brokerPublishes;
      return false;
    }
    boolean waiting = brokerPublishes > baselinePublishes;
    boolean idle = nowNanos - lastDeliveryNanos >= stallAfterNanos;
    if (waiting && idle) {
      baselinePublishes = brokerPublishes;
      lastDeliveryNanos = nowNanos;
      return true;
    }
    if (!waiting) {
      lastDeliveryNanos = nowNanos; // a quiet system is not a stalled one: idle time counts from here
    }
    return false;
  }
}
