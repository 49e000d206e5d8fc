package io.careloop.crm.judgement;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works through patients with at most {@code limit} under way at once, starting the next as each
 * ends (no batch waits for its slowest). A patient's failure is counted and logged, not fatal: the
 * next sweep tries them again.
 */
public final class InFlight<T> {

  private static final Logger log = LoggerFactory.getLogger(InFlight.class);

  private final Iterator<T> next;
  private final Function<T, Future<Void>> work;
  private final AtomicInteger done;
  private final AtomicInteger failures;
  private final Promise<Void> finished = Promise.promise();
  private int running;

  private InFlight(
      List<T> items, Function<T, Future<Void>> work, AtomicInteger done, AtomicInteger failures) {
    this.next = items.iterator();
    this.work = work;
    this.done = done;
    this.failures = failures;
  }

  public static <T> Future<Void> run(
      List<T> items,
      int limit,
      Function<T, Future<Void>> work,
      AtomicInteger done,
      AtomicInteger failures) {
    InFlight<T> flight = new InFlight<>(items, work, done, failures);
    synchronized (flight) {
      for (int i = 0; i < limit && flight.next.hasNext(); i++) {
        flight.start(flight.next.next());
      }
      if (flight.running == 0) {
        flight.finished.tryComplete();
      }
    }
    return flight.finished.future();
  }

  /** Called holding the lock. */
  private void start(T item) {
    running++;
    Future<Void> step;
    try {
      step = work.apply(item);
    } catch (RuntimeException e) {
      step = Future.failedFuture(e);
    }
    step.onComplete(ar -> ended(item, ar.cause()));
  }

  private synchronized void ended(T item, Throwable failure) {
    running--;
    if (failure == null) {
      done.incrementAndGet();
    } else {
      failures.incrementAndGet();
      log.warn("The CRM skipped patient {} this time: {}", item, failure.toString());
    }
    if (next.hasNext()) {
      start(next.next());
    } else if (running == 0) {
      finished.tryComplete();
    }
  }
}
