package io.careloop.ingest.mqtt;

import java.time.Duration;

/**
 * Notices a broker that holds messages for ingest but has stopped delivering them. HiveMQ CE can
 * leave a shared-subscription QoS 1 subscriber idle under load while messages wait
 * (hivemq-community- edition issue 558); reconnecting the subscriber resumes delivery, and its
 * session keeps whatever was not acknowledged, so nothing is lost.
 *
 * <p>It is asked at every periodic look: when ingest last got a message, and how many publishes the
 * broker has received in all. When ingest got something since the previous look, what the broker
 * had received by now counts as delivered. A stall is the broker receiving more after that while
 * ingest gets nothing for {@code stallAfter}. (A publish stuck right after a delivery is seen with
 * the next publish, which brushes send all day.) After it fires, the count at that moment becomes
 * the new baseline, so publishes that never reach ingest (refused by the access rules, say) cause
 * at most one needless reconnect.
 */
public final class StallDetector {

  private final long stallAfterNanos;
  private long baselinePublishes = -1;
  private long seenDeliveryNanos;
  private long idleSinceNanos;

  public StallDetector(Duration stallAfter) {
    this.stallAfterNanos = stallAfter.toNanos();
  }

  /**
   * Whether to reconnect now; when it answers true, the detector starts over from this moment.
   *
   * @param lastDeliveryNanos when ingest last got a message ({@link System#nanoTime()} time)
   * @param brokerPublishes the broker's count of received publishes now
   */
  public synchronized boolean stalled(long lastDeliveryNanos, long brokerPublishes, long nowNanos) {
    if (baselinePublishes < 0 || lastDeliveryNanos != seenDeliveryNanos) {
      seenDeliveryNanos = lastDeliveryNanos;
      baselinePublishes = brokerPublishes;
      idleSinceNanos = nowNanos;
      return false;
    }
    if (brokerPublishes <= baselinePublishes) {
      idleSinceNanos = nowNanos; // a quiet system is not a stalled one: idle time counts from here
      return false;
    }
    if (nowNanos - idleSinceNanos >= stallAfterNanos) {
      baselinePublishes = brokerPublishes;
      idleSinceNanos = nowNanos;
      return true;
    }
    return false;
  }
}
