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
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What operations watch beyond ingest: reminders sent or dropped by kind, pushes by outcome (a
 * push that fails or whose token died is a reminder or an alert nobody saw on their phone) and
 * alerts opened and escalated by severity. The modules keep their own counts or call hooks;
 * this process's registry reads them.
 */
final class OutcomeMetrics {

  /** The kinds of reminders the scheduler sends (NotificationRequest's kinds but alerts). */
  static final List<String> REMINDER_KINDS = List.of("appointment", "recall", "brushing", "care_tip");

  private OutcomeMetrics() {
  }

  static void register(MeterRegistry meters, Reminders reminders, Notifications notifications, Alerts alerts) {
    // Every kind and outcome from the start, at zero: a dashboard or an alert rule sees the series
    // before the first reminder goes out.
    for (String kind : REMINDER_KINDS) {
      for (String outcome : List.of("sent", "dropped")) {
        reminderOutcomes(meters, kind, outcome);
      }
    }
    reminders.scheduler().afterOutcome((reminder, state) -> reminderOutcomes(meters, reminder.kind(), state.db())
        .increment());
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

  private static Counter reminderOutcomes(MeterRegistry meters, String kind, String outcome) {
    return Counter.builder("careloop.reminders.outcomes").tag("kind", kind).tag("outcome", outcome)
        .description("Reminders this instance sent or dropped (unwanted by then, e.g. a cancelled visit)")
        .register(meters);
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
