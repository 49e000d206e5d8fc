package io.careloop.alerts.alert;

import io.careloop.alerts.rule.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Alerts opened and escalated by severity, as this process's alert service announces them, and the
 * patients its sweeps judged and passed by.
 */
public final class AlertMetrics {

  private AlertMetrics() {}

  public static void register(MeterRegistry meters, AlertService service) {
    Map<Severity, Counter> opened =
        bySeverity(
            meters,
            "careloop.alerts.opened",
            "Follow-up alerts this instance opened and announced");
    service.onOpened(alert -> opened.get(alert.severity()).increment());
    Map<Severity, Counter> escalated =
        bySeverity(
            meters,
            "careloop.alerts.escalated",
            "Alerts nobody acknowledged in time, escalated by this instance to every nurse of their clinics");
    service.onEscalated(alert -> escalated.get(alert.severity()).increment());
    FunctionCounter.builder("careloop.alerts.sweep.judged", service, AlertService::sweepJudged)
        .description("Patients on a plan this instance's sweeps judged")
        .register(meters);
    FunctionCounter.builder("careloop.alerts.sweep.passed.by", service, AlertService::sweepPassedBy)
        .description(
            "Patients on a plan this instance's sweeps passed by: no verdict of theirs could change")
        .register(meters);
  }

  /**
   * Every severity from the start, at zero: an alert rule sees the series before the first alert.
   */
  private static Map<Severity, Counter> bySeverity(
      MeterRegistry meters, String name, String description) {
    Map<Severity, Counter> counters = new EnumMap<>(Severity.class);
    for (Severity severity : Severity.values()) {
      counters.put(
          severity,
          Counter.builder(name)
              .tag("severity", severity.json())
              .description(description)
              .register(meters));
    }
    return counters;
  }
}
