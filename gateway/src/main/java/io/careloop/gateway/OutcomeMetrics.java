package io.careloop.gateway;

import io.careloop.alerts.Alerts;
import io.careloop.alerts.rule.Severity;
import io.careloop.notifications.Notifications;
import io.careloop.notifications.push.PushDispatcher;
import io.careloop.reminders.Reminders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What operations watch beyond ingest: reminders sent or dropped by kind, pushes by outcome (a
 * push that fails or whose token died is a reminder or an alert nobody saw on their phone) and
 * alerts opened and escalated by severity. The modules keep their own counts or call hooks;
 * this process's registry reads them.
 */
final class OutcomeMetrics {

  private OutcomeMetrics() {
  }

  static void register(MeterRegistry meters, Reminders reminders, Notifications notifications, Alerts alerts) {
    reminders.scheduler().afterOutcome((reminder, state) -> Counter.builder("careloop.reminders.outcomes")
        .tag("kind", reminder.kind()).tag("outcome", state.db())
        .description("Reminders this instance sent or dropped (unwanted by then, e.g. a cancelled visit)")
        .register(meters).increment());
    notifications.pushDispatcher().ifPresent(dispatcher -> {
      push(meters, dispatcher, "delivered", PushDispatcher.Stats::delivered);
      push(meters, dispatcher, "retried", PushDispatcher.Stats::retried);
      push(meters, dispatcher, "expired", PushDispatcher.Stats::expired);
      push(meters, dispatcher, "unregistered", PushDispatcher.Stats::unregistered);
      push(meters, dispatcher, "failed", PushDispatcher.Stats::failed);
    });
    Map<Severity, Counter> opened = bySeverity(meters, "careloop.alerts.opened",
        "Follow-up alerts this instance opened and announced");
    alerts.service().onOpened(alert -> opened.get(alert.severity()).increment());
    Map<Severity, Counter> escalated = bySeverity(meters, "careloop.alerts.escalated",
        "Alerts nobody acknowledged in time, escalated by this instance to every nurse of their clinics");
    alerts.service().onEscalated(alert -> escalated.get(alert.severity()).increment());
  }

  private static Map<Severity, Counter> bySeverity(MeterRegistry meters, String name, String description) {
    Map<Severity, Counter> counters = new EnumMap<>(Severity.class);
    for (Severity severity : Severity.values()) {
      counters.put(severity, Counter.builder(name).tag("severity", severity.json()).description(description)
          .register(meters));
    }
    return counters;
  }

  private static void push(MeterRegistry meters, PushDispatcher dispatcher, String outcome,
                           ToLongFunction<PushDispatcher.Stats> count) {
    FunctionCounter.builder("careloop.push.outcomes", dispatcher, d -> count.applyAsLong(d.stats()))
        .tag("outcome", outcome)
        .description("Push attempts by outcome (retried: rescheduled after a transient FCM error)")
        .register(meters);
  }
}
