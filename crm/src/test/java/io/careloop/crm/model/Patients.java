package io.careloop.crm.model;

import io.careloop.crm.model.facts.Channel;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.facts.PatientFacts.Appointment;
import io.careloop.crm.model.facts.VisitStatus;
import java.time.Duration;
import java.time.Instant;

/** Shortcuts for building patients in tests, at a fixed now. */
public final class Patients {

  public static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private Patients() {}

  public static Instant daysAgo(double days) {
    return NOW.minus(Duration.ofMinutes(Math.round(days * 24 * 60)));
  }

  public static PatientFacts.Builder patient() {
    return PatientFacts.builder("p-1", daysAgo(1000));
  }

  public static Appointment visit(double daysAgo, String service, double price) {
    return new Appointment(
        daysAgo(daysAgo),
        VisitStatus.COMPLETED,
        service,
        price,
        Channel.PHONE,
        daysAgo(daysAgo + 14));
  }

  public static Appointment visit(double daysAgo, VisitStatus status, Channel via) {
    return new Appointment(daysAgo(daysAgo), status, "checkup", 50, via, daysAgo(daysAgo + 14));
  }

  public static Appointment booked(double daysAhead, String service, Channel via) {
    return new Appointment(daysAgo(-daysAhead), VisitStatus.BOOKED, service, 0, via, daysAgo(1));
  }
}
