package io.careloop.notifications.push;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToLongFunction;

/**
 * Pushes by outcome, read from the dispatcher's own counts: a push that fails or whose token died
 * is a reminder or an alert nobody saw on their phone.
 */
public final class PushMetrics {

  private PushMetrics() {}

  public static void register(MeterRegistry meters, PushDispatcher dispatcher) {
    outcome(meters, dispatcher, "delivered", PushDispatcher.Stats::delivered);
    outcome(meters, dispatcher, "retried", PushDispatcher.Stats::retried);
    outcome(meters, dispatcher, "expired", PushDispatcher.Stats::expired);
    outcome(meters, dispatcher, "unregistered", PushDispatcher.Stats::unregistered);
    outcome(meters, dispatcher, "failed", PushDispatcher.Stats::failed);
  }

  private static void outcome(
      MeterRegistry meters,
      PushDispatcher dispatcher,
      String outcome,
      ToLongFunction<PushDispatcher.Stats> count) {
    FunctionCounter.builder("careloop.push.outcomes", dispatcher, d -> count.applyAsLong(d.stats()))
        .tag("outcome", outcome)
        .description("Push attempts by outcome (retried: rescheduled after a transient FCM error)")
        .register(meters);
  }
}
