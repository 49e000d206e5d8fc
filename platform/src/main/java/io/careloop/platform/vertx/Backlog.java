package io.careloop.platform.vertx;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Work that arrives faster than it ends, such as events heard on the bus: at most {@code
 * maxInFlight} under way, at most {@code maxWaiting} waiting in order, and beyond that refused, so
 * that a lasting overload costs a bounded heap instead of all of it. For work whose loss a later
 * pass repairs (the caller counts what was refused). Safe from any thread.
 */
public final class Backlog {

  private final int maxInFlight;
  private final int maxWaiting;
  private final ArrayDeque<Supplier<Future<?>>> waiting = new ArrayDeque<>();
  private int underWay;
  private boolean starting;

  public Backlog(int maxInFlight, int maxWaiting) {
    if (maxInFlight < 1 || maxWaiting < 0) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, maxWaiting at least 0");
    }
    this.maxInFlight = maxInFlight;
    this.maxWaiting = maxWaiting;
  }

  /**
   * Starts {@code work} when fewer than the limit are under way, or queues it; false, and {@code
   * work} never runs, when the queue is full. A failure of the work is the work's own to report.
   */
  public synchronized boolean offer(Supplier<Future<?>> work) {
    if (waiting.size() == maxWaiting && underWay == maxInFlight) {
      return false;
    }
    waiting.add(work);
    startWaiting();
    return true;
  }

  public synchronized int underWay() {
    return underWay;
  }

  public synchronized int waiting() {
    return waiting.size();
  }

  /** Called holding the lock; work that ends as it starts lets the loop below go on. */
  private void startWaiting() {
    if (starting) {
      return;
    }
    starting = true;
    try {
      while (underWay < maxInFlight && !waiting.isEmpty()) {
        underWay++;
        Future<?> started;
        try {
          started = waiting.poll().get();
        } catch (RuntimeException e) {
          started = Future.failedFuture(e);
        }
        started.onComplete(done -> ended());
      }
    } finally {
      starting = false;
    }
  }

  private synchronized void ended() {
    underWay--;
    startWaiting();
  }
}
