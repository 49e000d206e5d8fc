package io.careloop.platform.vertx;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Asynchronous work over a list with at most {@code limit} items under way at once, the next
 * starting as each ends (no batch waits for its slowest). For work whose size grows with the data:
 * {@code Future.all} over every item puts them all in flight together, and at a hundred thousand
 * reads the driver's queue is full and the heap holds them all. Safe from any thread.
 */
public final class Bounded<T, R> {

  private final List<T> items;
  private final int limit;
  private final Function<T, Future<R>> work;
  private final List<R> results;
  private final Promise<List<R>> finished = Promise.promise();
  private int next;
  private int running;
  private boolean starting;

  private Bounded(List<T> items, int limit, Function<T, Future<R>> work) {
    this.items = items;
    this.limit = limit;
    this.work = work;
    this.results = new ArrayList<>(Collections.nCopies(items.size(), null));
  }

  /**
   * Applies {@code work} to every item, {@code limit} at a time: the results in the items' order,
   * or the first failure (then no further item starts; those under way end unwatched).
   */
  public static <T, R> Future<List<R>> map(List<T> items, int limit, Function<T, Future<R>> work) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    Bounded<T, R> flight = new Bounded<>(List.copyOf(items), limit, work);
    synchronized (flight) {
      flight.fill();
    }
    return flight.finished.future();
  }

  /**
   * Called holding the lock. Work that completes as it starts ends inside the loop below, which
   * then goes on, without a deeper stack.
   */
  private void fill() {
    if (starting) {
      return;
    }
    starting = true;
    try {
      while (running < limit && startNext()) {
        // started one more
      }
    } finally {
      starting = false;
    }
    if (running == 0 && next == items.size()) {
      finished.tryComplete(Collections.unmodifiableList(results));
    }
  }

  /** Called holding the lock; false when nothing is left to start or the work failed. */
  private boolean startNext() {
    if (next == items.size() || finished.future().isComplete()) {
      return false;
    }
    int index = next++;
    running++;
    Future<R> step;
    try {
      step = work.apply(items.get(index));
    } catch (RuntimeException e) {
      step = Future.failedFuture(e);
    }
    step.onComplete(ar -> ended(index, ar.result(), ar.cause()));
    return true;
  }

  private synchronized void ended(int index, R result, Throwable failure) {
    running--;
    if (failure != null) {
      finished.tryFail(failure);
      return;
    }
    results.set(index, result);
    fill();
  }
}
