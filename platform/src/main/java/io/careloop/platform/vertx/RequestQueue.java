package io.careloop.platform.vertx;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Asynchronous requests started at most {@code maxInFlight} at a time: the rest wait in order and
 * start as earlier ones complete. A waiting request is built only when it starts, so what it sends
 * may include what arrived while it waited. Not thread-safe: keep one per Vert.x context and use it
 * from that context's thread (where the requests' futures complete too).
 */
public final class RequestQueue {

  private final int maxInFlight;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int underWay;
  private boolean starting;

  public RequestQueue(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1");
    }
    this.maxInFlight = maxInFlight;
  }

  /** Starts {@code request} when fewer than the limit are under way; completes with its outcome. */
  public <T> Future<T> add(Supplier<Future<T>> request) {
    Promise<T> done = Promise.promise();
    waiting.add(
        () -> {
          Future<T> sent;
          try {
            sent = request.get();
          } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
          }
          sent.onComplete(
              outcome -> {
                underWay--;
                done.handle(outcome);
                startWaiting();
              });
        });
    startWaiting();
    return done.future();
  }

  /** Requests started and not yet complete. */
  public int underWay() {
    return underWay;
  }

  private void startWaiting() {
    if (starting) {
      return; // a request completed as it started: the loop below goes on, without a deeper stack
    }
    starting = true;
    try {
      while (underWay < maxInFlight && !waiting.isEmpty()) {
        underWay++;
        waiting.poll().run();
      }
    } finally {
      starting = false;
    }
  }
}
