package io.careloop.reminders.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/** Reminders sent or dropped by kind, as this process's scheduler records their outcomes. */
public final class ReminderMetrics {

  /** The kinds of reminders the scheduler sends (NotificationRequest's kinds but alerts). */
  static final List<String> KINDS = List.of("appointment", "recall", "brushing", "care_tip");

  private ReminderMetrics() {}

  public static void register(MeterRegistry meters, ReminderScheduler scheduler) {
    // Every kind and outcome from the start, at zero: a dashboard or an alert rule sees the series
    // before the first reminder goes out.
    for (String kind : KINDS) {
      for (String outcome : List.of("sent", "dropped")) {
        outcomes(meters, kind, outcome);
      }
    }
    scheduler.afterOutcome(
        (reminder, state) -> outcomes(meters, reminder.kind(), state.db()).increment());
  }

  private static Counter outcomes(MeterRegistry meters, String kind, String outcome) {
    return Counter.builder("careloop.reminders.outcomes")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .description(
            "Reminders this instance sent or dropped (unwanted by then, e.g. a cancelled visit)")
        .register(meters);
  }
}
