package io.careloop.crm.judgement;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs the work of one patient one at a time in this instance: a request while the patient's work
 * runs is folded into a single run after it (ten sessions heard at once judge the patient twice,
 * not ten times), and that run sees every fact written before it was asked for.
 */
final class OnePerPatient {

  private final Function<UUID, Future<Void>> work;

  /** Patients whose work runs, with the run asked for after it (null when none). */
  private final Map<UUID, Promise<Void>[]> running = new HashMap<>();

  OnePerPatient(Function<UUID, Future<Void>> work) {
    this.work = work;
  }

  @SuppressWarnings("unchecked")
  Future<Void> submit(UUID patientId) {
    synchronized (running) {
      Promise<Void>[] next = running.get(patientId);
      if (next != null) {
        if (next[0] == null) {
          next[0] = Promise.promise();
        }
        return next[0].future();
      }
      running.put(patientId, new Promise[1]);
    }
    return start(patientId);
  }

  private Future<Void> start(UUID patientId) {
    Future<Void> run;
    try {
      run = work.apply(patientId);
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    return run.andThen(ar -> finished(patientId));
  }

  private void finished(UUID patientId) {
    Promise<Void> next;
    synchronized (running) {
      Promise<Void>[] slot = running.get(patientId);
      next = slot[0];
      if (next == null) {
        running.remove(patientId);
        return;
      }
      slot[0] = null;
    }
    start(patientId).onComplete(next);
  }

  /** Patients with work under way (for tests). */
  int busy() {
    synchronized (running) {
      return running.size();
    }
  }
}
