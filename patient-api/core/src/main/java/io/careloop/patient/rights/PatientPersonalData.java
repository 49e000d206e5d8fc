package io.careloop.patient.rights;

import io.careloop.patient.access.AccessNeedsRepository;
import io.careloop.patient.account.Account;
import io.careloop.patient.account.AccountService;
import io.careloop.patient.account.NotificationPreferences;
import io.careloop.patient.account.NotificationPreferencesRepository;
import io.careloop.patient.account.SignInRepository.SignInSummary;
import io.careloop.patient.audit.StaffReads;
import io.careloop.patient.booking.AppointmentChange;
import io.careloop.patient.booking.AppointmentRepository;
import io.careloop.patient.booking.BookingService;
import io.careloop.patient.care.Carers;
import io.careloop.patient.clinic.MembershipRepository;
import io.careloop.patient.journey.Journeys;
import io.careloop.patient.waitlist.Waitlist;
import io.careloop.platform.privacy.DataSubject;
import io.careloop.platform.privacy.Erasure;
import io.careloop.platform.privacy.PersonalData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What patient-api holds about a patient beyond the account itself: preferences, access needs,
 * clinics, appointments and their history, and the audit of staff reading them. The account and its
 * sign-ins are exported here but erased last, by {@link DataRightsService}, once every module is
 * done.
 */
public final class PatientPersonalData implements PersonalData {

  private final AccountService accounts;
  private final NotificationPreferencesRepository preferences;
  private final AccessNeedsRepository accessNeeds;
  private final Carers carers;
  private final Waitlist waitlist;
  private final Journeys journeys;
  private final MembershipRepository membership;
  private final AppointmentRepository appointments;
  private final BookingService booking;
  private final StaffReads staffReads;
  private final Clock clock;

  public PatientPersonalData(
      AccountService accounts,
      NotificationPreferencesRepository preferences,
      AccessNeedsRepository accessNeeds,
      Carers carers,
      Waitlist waitlist,
      Journeys journeys,
      MembershipRepository membership,
      AppointmentRepository appointments,
      BookingService booking,
      StaffReads staffReads,
      Clock clock) {
    this.accounts = accounts;
    this.preferences = preferences;
    this.accessNeeds = accessNeeds;
    this.carers = carers;
    this.waitlist = waitlist;
    this.journeys = journeys;
    this.membership = membership;
    this.appointments = appointments;
    this.booking = booking;
    this.staffReads = staffReads;
    this.clock = clock;
  }

  /** PatientApi.MODULE, which this package may not name: PatientApi assembles it. */
  static final String MODULE = "patient-api";

  @Override
  public String module() {
    return MODULE;
  }

  @Override
  public Future<JsonObject> export(DataSubject subject) {
    UUID id = subject.id();
    Future<Account> account = accounts.find(id);
    Future<NotificationPreferences> chosen = preferences.of(id);
    Future<AccessNeedsRepository.Stored> needs = accessNeeds.of(id);
    Future<JsonObject> care = carers.export(id);
    Future<JsonObject> waiting = waitlist.export(id);
    Future<JsonArray> journey = journeys.export(id);
    Future<List<SignInSummary>> signIns = accounts.signInsOf(id);
    Future<List<UUID>> clinics = membership.clinicsOf(id);
    Future<JsonArray> visits = appointmentsWithHistory(id);
    Future<List<StaffReads.Read>> reads = staffReads.of(id, subject.monthsUntil(Instant.now()));
    return Future.all(
            List.of(account, chosen, needs, care, waiting, signIns, clinics, visits, reads))
        .map(
            all ->
                new JsonObject()
                    .put(
                        "profile",
                        account
                            .result()
                            .toProfileJson()
                            .put("createdAt", account.result().createdAt().toString()))
                    .put("notificationPreferences", chosen.result().toJson())
                    .put("accessNeeds", needs.result().toJson())
                    .put("care", care.result())
                    .put("waitlist", waiting.result())
                    .put("journey", journey.result())
                    .put(
                        "signIns",
                        new JsonArray(
                            signIns.result().stream()
                                .map(
                                    s ->
                                        new JsonObject()
                                            .put("lastTokenIssuedAt", s.lastIssuedAt().toString())
                                            .put("ended", s.ended()))
                                .toList()))
                    .put(
                        "clinics",
                        new JsonArray(clinics.result().stream().map(UUID::toString).toList()))
                    .put("appointments", visits.result())
                    .put(
                        "staffReads",
                        new JsonArray(
                            reads.result().stream().map(StaffReads.Read::toJson).toList())));
  }

  /** Each appointment as the app shows it, with every change made to it. */
  private Future<JsonArray> appointmentsWithHistory(UUID patientId) {
    return booking
        .appointmentsOf(patientId)
        .compose(
            list ->
                Future.all(
                        list.stream()
                            .map(
                                a ->
                                    booking
                                        .history(a.id())
                                        .map(
                                            history ->
                                                a.toJson()
                                                    .put(
                                                        "history",
                                                        new JsonArray(
                                                            history.stream()
                                                                .map(AppointmentChange::toJson)
                                                                .toList()))))
                            .toList())
                    .map(all -> new JsonArray(all.<JsonObject>list())));
  }

  /**
   * Appointments stay for the clinic's records under the pseudonym (the coming ones cancelled:
   * nobody will come, and their time is free again); the patient's lists of them, their clinics,
   * preferences go; the audit of staff reads moves under the pseudonym.
   */
  @Override
  public Future<Erasure> erase(DataSubject subject, UUID pseudonym) {
    UUID id = subject.id();
    Erasure.Tally tally = Erasure.tally(module());
    // Off the waitlist first: the coming visits cancelled below free time that is offered to
    // whoever waits for it, and that must not be the person being erased.
    return waitlist
        .forget(id)
        .map(entries -> tally.deleted("waitlist entries", entries))
        .compose(v -> pseudonymizeAppointments(id, pseudonym, tally))
        .compose(v -> membership.clinicsOf(id))
        .compose(
            clinics ->
                membership
                    .removePatient(id, clinics)
                    .map(
                        x ->
                            tally
                                .deleted("patients_by_clinic", clinics.size())
                                .deleted("clinics_by_patient", clinics.size())))
        .compose(
            v ->
                appointments
                    .pseudonymizeCarer(id, pseudonym)
                    .map(rows -> tally.pseudonymized("appointments_by_id (as carer)", rows)))
        .compose(v -> staffReads.pseudonymize(id, pseudonym, subject.monthsUntil(Instant.now())))
        .compose(
            moved ->
                Future.all(
                        preferences.delete(id),
                        accessNeeds.delete(id),
                        carers.forget(id),
                        journeys.forget(id))
                    .map(
                        x ->
                            tally
                                .pseudonymized("staff_reads_by_patient_month", moved)
                                .deleted("notification_preferences_by_account", 1)
                                .deleted("access_needs_by_patient", 1)
                                .deleted("care links and invitations", x.<Integer>resultAt(2))
                                .deleted("journey steps", x.<Integer>resultAt(3))))
        .map(v -> tally.done());
  }

  private Future<Void> pseudonymizeAppointments(UUID id, UUID pseudonym, Erasure.Tally tally) {
    return appointments
        .idsOfPatient(id)
        .compose(
            ids ->
                Future.all(
                        ids.stream()
                            .map(
                                a ->
                                    appointments
                                        .pseudonymize(a, id, pseudonym)
                                        .map(
                                            rows -> tally.pseudonymized("appointments_by_id", rows))
                                        .compose(x -> cancelIfComing(a, pseudonym)))
                            .toList())
                    // a cancel writes its appointment's list rows again, under the pseudonym:
                    // nobody reads those
                    .compose(
                        done ->
                            Future.all(
                                appointments.forgetPatient(id),
                                appointments.forgetPatient(pseudonym)))
                    .map(
                        v -> {
                          tally.deleted("appointments_by_patient", ids.size());
                          return null;
                        }));
  }

  /** After the pseudonym is in place, so that the change's event names the pseudonym too. */
  private Future<Void> cancelIfComing(UUID appointmentId, UUID pseudonym) {
    Instant now = clock.instant();
    return appointments
        .find(appointmentId)
        .compose(
            found ->
                found.isPresent() && found.get().start().isAfter(now)
                    ? booking.cancelAtErasure(found.get(), pseudonym).mapEmpty()
                    : Future.succeededFuture());
  }
}
