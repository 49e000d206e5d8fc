package io.careloop.patient.bus;

import io.careloop.patient.access.AccessNeedsService;
import io.careloop.patient.account.Account;
import io.careloop.patient.account.AccountService;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.AppointmentStatus;
import io.careloop.patient.booking.BookingService;
import io.careloop.patient.clinic.MembershipRepository;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.BusFailures;
import io.careloop.platform.bus.ClinicNurses;
import io.careloop.platform.bus.PatientClinics;
import io.careloop.platform.bus.PatientProfile;
import io.careloop.platform.bus.SharedCodecs;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What other modules ask patient-api over the event bus: a patient's profile ({@link
 * Addresses#PATIENT_PROFILE}), a patient's clinics ({@link Addresses#PATIENT_CLINICS}), a clinic's
 * nurses ({@link Addresses#CLINIC_NURSES}) and every change of a patient's appointments ({@link
 * Addresses#PATIENT_APPOINTMENTS}), a clinic's bookings over a period, as demand ({@link
 * Addresses#CLINIC_BOOKINGS}), and a patient's access needs ({@link
 * Addresses#PATIENT_ACCESS_NEEDS}). A question without a valid id is a 400.
 */
public final class PatientAnswers {

  private final AccountService accounts;
  private final MembershipRepository membership;
  private final BookingService booking;
  private final AccessNeedsService accessNeeds;

  public PatientAnswers(
      AccountService accounts,
      MembershipRepository membership,
      BookingService booking,
      AccessNeedsService accessNeeds) {
    this.accounts = accounts;
    this.membership = membership;
    this.booking = booking;
    this.accessNeeds = accessNeeds;
  }

  public void answerOn(EventBus bus) {
    PatientCodecs.register(bus);
    SharedCodecs.register(bus);
    bus.<PatientProfile>consumer(
        Addresses.PATIENT_PROFILE,
        msg -> reply(msg, accounts.find(msg.body().patientId()).map(PatientAnswers::profile)));
    bus.<PatientClinics>consumer(
        Addresses.PATIENT_CLINICS,
        msg -> {
          UUID patientId = msg.body().patientId();
          reply(
              msg, membership.clinicsOf(patientId).map(ids -> new PatientClinics(patientId, ids)));
        });
    bus.<ClinicNurses>consumer(
        Addresses.CLINIC_NURSES,
        msg -> {
          UUID clinicId = msg.body().clinicId();
          reply(msg, membership.nursesOf(clinicId).map(ids -> new ClinicNurses(clinicId, ids)));
        });
    bus.<PatientAppointments>consumer(
        Addresses.PATIENT_APPOINTMENTS,
        msg -> {
          UUID patientId = msg.body().patientId();
          reply(
              msg,
              booking
                  .changesOf(patientId)
                  .map(changes -> new PatientAppointments(patientId, changes)));
        });
    bus.<ClinicBookings>consumer(
        Addresses.CLINIC_BOOKINGS, msg -> reply(msg, clinicBookings(msg.body())));
    bus.<PatientAccessNeeds>consumer(
        Addresses.PATIENT_ACCESS_NEEDS,
        msg ->
            reply(
                msg,
                accessNeeds
                    .of(msg.body().patientId())
                    .map(
                        stored -> new PatientAccessNeeds(msg.body().patientId(), stored.needs()))));
  }

  /**
   * Every day's appointments at the clinic, read at once (at most {@link ClinicBookings#MAX_DAYS}).
   */
  private Future<ClinicBookings> clinicBookings(ClinicBookings asked) {
    long days = ChronoUnit.DAYS.between(asked.from(), asked.to()) + 1;
    if (days < 1 || days > ClinicBookings.MAX_DAYS) {
      return Future.failedFuture(
          Problem.validation("A question covers 1 to " + ClinicBookings.MAX_DAYS + " days"));
    }
    List<Future<List<Appointment>>> perDay = new ArrayList<>();
    for (LocalDate d = asked.from(); !d.isAfter(asked.to()); d = d.plusDays(1)) {
      perDay.add(booking.atClinicOn(asked.clinicId(), d));
    }
    return Future.all(perDay)
        .map(
            all ->
                new ClinicBookings(
                    asked.clinicId(),
                    asked.from(),
                    asked.to(),
                    perDay.stream()
                        .flatMap(day -> day.result().stream())
                        .filter(a -> a.status() != AppointmentStatus.CANCELLED)
                        .map(ClinicBookings.Booking::of)
                        .toList()));
  }

  private static PatientProfile profile(Account a) {
    return new PatientProfile(
        a.id(), a.timeZone(), a.name(), a.email(), a.role().claim(), a.createdAt(), a.phone());
  }

  private static void reply(Message<?> question, Future<?> answer) {
    answer.onSuccess(question::reply).onFailure(err -> BusFailures.reply(question, err));
  }
}
