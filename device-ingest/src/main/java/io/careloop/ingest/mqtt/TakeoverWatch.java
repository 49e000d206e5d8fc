package io.careloop.ingest.mqtt;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Remembers when the broker took a connection's session to give it to another connection with the
 * same client id (MQTT 5 DISCONNECT reason 142). One such takeover can be a restart that outran the
 * broker's notice of the old connection; several in a short time are two instances sharing one
 * client id, which reconnect and take the session from each other for as long as both run.
 */
public final class TakeoverWatch {

  private final int clashAfter;
  private final long withinNanos;
  private final Deque<Long> takeovers = new ArrayDeque<>();

  /** A clash is {@code clashAfter} takeovers within {@code within}. */
  public TakeoverWatch(int clashAfter, Duration within) {
    this.clashAfter = clashAfter;
    this.withinNanos = within.toNanos();
  }

  /** Records a takeover; answers whether it is the one that makes a clash of the recent ones. */
  public synchronized boolean record(long nowNanos) {
    boolean clashing = clashing(nowNanos);
    takeovers.addLast(nowNanos);
    return !clashing && clashing(nowNanos);
  }

  /** Whether enough takeovers came recently to call it a clash. */
  public synchronized boolean clashing(long nowNanos) {
    return recent(nowNanos) >= clashAfter;
  }

  /** Takeovers within the window before {@code nowNanos}. */
  public synchronized int recent(long nowNanos) {
    while (!takeovers.isEmpty() && nowNanos - takeovers.peekFirst() > withinNanos) {
      takeovers.removeFirst();
    }
    return takeovers.size();
  }
}
