package io.careloop.crm.judgement;

import io.careloop.platform.vertx.Bounded;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works through patients with at most {@code limit} under way at once ({@link Bounded}). A
 * patient's failure is counted and logged, not fatal: the next sweep tries them again.
 */
public final class InFlight {

  private static final Logger log = LoggerFactory.getLogger(InFlight.class);

  private InFlight() {}

  public static <T> Future<Void> run(
      List<T> items,
      int limit,
      Function<T, Future<Void>> work,
      AtomicInteger done,
      AtomicInteger failures) {
    return Bounded.map(
            items,
            limit,
            item ->
                Future.<Void>succeededFuture()
                    .compose(v -> work.apply(item))
                    .transform(
                        ar -> {
                          if (ar.succeeded()) {
                            done.incrementAndGet();
                          } else {
                            failures.incrementAndGet();
                            log.warn(
                                "The CRM skipped patient {} this time: {}",
                                item,
                                ar.cause().toString());
                          }
                          return Future.<Void>succeededFuture();
                        }))
        .mapEmpty();
  }
}
