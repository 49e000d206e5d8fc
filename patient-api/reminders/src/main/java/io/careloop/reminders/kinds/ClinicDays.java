package io.careloop.reminders.kinds;

import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.Appointments;
import io.careloop.patient.clinic.Clinic;
import io.careloop.patient.clinic.ClinicCatalog;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

/**
 * The repair sweeps' walk over every clinic's appointments, day by day in the clinic's own
 * calendar: clinics side by side, a clinic's days one after another.
 */
final class ClinicDays {

  /** Days from today: {@code from} to {@code to}, both included, negative for days past. */
  record Span(long from, long to) {}

  private ClinicDays() {}

  /**
   * Hands each day's appointments of each clinic's span to {@code perDay}; the sum of what it
   * counted.
   */
  static Future<Integer> walk(
      ClinicCatalog catalog,
      Appointments appointments,
      Instant now,
      Function<Clinic, Future<Span>> spanOf,
      Function<List<Appointment>, Future<Integer>> perDay) {
    return catalog
        .clinics()
        .compose(
            clinics -> {
              List<Future<Integer>> perClinic =
                  clinics.stream()
                      .map(
                          clinic ->
                              spanOf
                                  .apply(clinic)
                                  .compose(span -> walk(appointments, clinic, now, span, perDay)))
                      .toList();
              return Future.all(perClinic)
                  .map(done -> perClinic.stream().mapToInt(Future::result).sum());
            });
  }

  private static Future<Integer> walk(
      Appointments appointments,
      Clinic clinic,
      Instant now,
      Span span,
      Function<List<Appointment>, Future<Integer>> perDay) {
    LocalDate today = now.atZone(clinic.zone()).toLocalDate();
    Future<Integer> chain = Future.succeededFuture(0);
    for (long d = span.from(); d <= span.to(); d++) {
      LocalDate day = today.plusDays(d);
      chain =
          chain.compose(
              n -> appointments.atClinicOn(clinic.id(), day).compose(perDay).map(k -> n + k));
    }
    return chain;
  }
}
