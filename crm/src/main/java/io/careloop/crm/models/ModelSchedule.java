package io.careloop.crm.models;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refits the tiers and the churn model on a schedule: every instance looks now and then, and the
 * one that finds a model older than its interval (and wins the lease) refits it, so the chain
 * refits once per interval however many instances run. A refit that fitted nothing (too little
 * history) is not tried again by this instance before an interval has passed.
 */
public final class ModelSchedule {

  private static final Logger log = LoggerFactory.getLogger(ModelSchedule.class);

  /**
   * How often an instance looks at the models' age: often enough for hourly intervals, cheap (one
   * read).
   */
  static final Duration LOOK_EVERY = Duration.ofMinutes(5);

  private final Models models;
  private final Clock clock;
  private final List<Long> timers = new ArrayList<>();
  private final Map<String, Instant> tried = new ConcurrentHashMap<>();

  public ModelSchedule(Models models, Clock clock) {
    this.models = models;
    this.clock = clock;
  }

  /**
   * Looks every few minutes (or every interval, if shorter) whether {@code name} is due; a zero
   * interval is off.
   */
  public void every(Vertx vertx, String name, Duration interval, Supplier<Future<?>> refit) {
    if (interval.isZero()) {
      return;
    }
    long period = Math.max(10, Math.min(interval.toMillis(), LOOK_EVERY.toMillis()));
    boolean[] running = {false};
    timers.add(
        vertx.setPeriodic(
            period,
            id -> {
              if (running[0]) {
                return;
              }
              running[0] = true;
              due(name, interval)
                  .compose(
                      due -> {
                        if (!due) {
                          return Future.<Void>succeededFuture();
                        }
                        tried.put(name, clock.instant());
                        return refit.get().<Void>mapEmpty();
                      })
                  .onFailure(
                      err ->
                          log.warn(
                              "Scheduled refit of the CRM's {} failed: {}", name, err.toString()))
                  .onComplete(ar -> running[0] = false);
            }));
  }

  public void stop(Vertx vertx) {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }

  private Future<Boolean> due(String name, Duration interval) {
    Instant now = clock.instant();
    if (tried.containsKey(name) && tried.get(name).plus(interval).isAfter(now)) {
      return Future.succeededFuture(false);
    }
    return models
        .stored(name)
        .map(found -> found.map(m -> !m.updatedAt().plus(interval).isAfter(now)).orElse(true));
  }
}
