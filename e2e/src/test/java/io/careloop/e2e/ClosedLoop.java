package io.careloop.e2e;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A benchmark's closed loop: each user sends its next request when the last was answered, until the
 * phase ends. It measures the most a system serves at that many users, not latency at a chosen rate
 * (queueing slows the load down instead of showing: see the open loops).
 */
final class ClosedLoop {

  interface Visit<U> {
    Future<Void> run(U user, Random random);
  }

  private ClosedLoop() {}

  /** Every user repeats its visit, one after the other, until the phase ends. */
  static <U> void run(Vertx vertx, List<U> users, Duration phase, Visit<U> visit) {
    long end = System.nanoTime() + phase.toNanos();
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      U user = users.get(i);
      Random random = new Random(i);
      Promise<Void> done = Promise.promise();
      vertx.runOnContext(v -> loop(user, random, visit, end, done));
      loops.add(done.future());
    }
    Future.all(loops).await();
  }

  private static <U> void loop(
      U user, Random random, Visit<U> visit, long end, Promise<Void> done) {
    if (System.nanoTime() > end) {
      done.complete();
      return;
    }
    visit.run(user, random).onComplete(ar -> loop(user, random, visit, end, done));
  }
}
