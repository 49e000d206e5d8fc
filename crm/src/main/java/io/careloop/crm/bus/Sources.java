package io.careloop.crm.bus;

import io.careloop.alerts.bus.AlertCodecs;
import io.careloop.alerts.bus.PatientCare;
import io.careloop.alerts.bus.PatientCareQuestion;
import io.careloop.crm.patient.AppProfile;
import io.careloop.patient.access.AccessNeeds;
import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.patient.bus.PatientAccessNeeds;
import io.careloop.patient.bus.PatientAppointments;
import io.careloop.patient.bus.PatientCodecs;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.PatientDailyBrushing;
import io.careloop.platform.bus.PatientDevices;
import io.careloop.platform.bus.PatientProfile;
import io.careloop.platform.bus.PatientSessions;
import io.careloop.platform.bus.SharedCodecs;
import io.careloop.platform.bus.StoredSession;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the CRM asks the other modules over the event bus, in this process or another: a patient's
 * profile, appointments and access needs (patient-api), brushing sessions, daily figures and
 * brushes (device-ingest), care plan and alerts (alerts). Their tables are theirs. A module that
 * does not answer fails the question (503 over HTTP).
 */
public final class Sources {

  private final EventBus bus;

  public Sources(EventBus bus) {
    this.bus = bus;
    PatientCodecs.register(bus);
    AlertCodecs.register(bus);
    SharedCodecs.register(bus);
  }

  /** The app account's profile; empty when there is no such account. */
  public Future<Optional<AppProfile>> profile(UUID accountId) {
    return bus.<PatientProfile>request(Addresses.PATIENT_PROFILE, PatientProfile.ask(accountId))
        .map(m -> Optional.of(profileOf(accountId, m.body())))
        .recover(
            err ->
                notFound(err)
                    ? Future.succeededFuture(Optional.empty())
                    : Future.failedFuture(err));
  }

  /** Every change of the account's appointments, each as it was announced. */
  public Future<List<AppointmentChanged>> appointmentChanges(UUID accountId) {
    return bus.<PatientAppointments>request(
            Addresses.PATIENT_APPOINTMENTS, PatientAppointments.ask(accountId))
        .map(m -> m.body().changes());
  }

  /** The account's access needs as they are now. */
  public Future<AccessNeeds> accessNeeds(UUID accountId) {
    return bus.<PatientAccessNeeds>request(
            Addresses.PATIENT_ACCESS_NEEDS, PatientAccessNeeds.ask(accountId))
        .map(m -> m.body().needs());
  }

  /** The account's brushing sessions placed in [from, to) (at most 92 days), newest first. */
  public Future<List<StoredSession>> sessions(UUID accountId, Instant from, Instant to) {
    return bus.<PatientSessions>request(
            Addresses.PATIENT_SESSIONS, PatientSessions.ask(accountId, from, to))
        .map(m -> m.body().sessions());
  }

  /**
   * The account's brushing per UTC day in [from, to] (at most 92 days), as device-ingest figures
   * it.
   */
  public Future<List<PatientDailyBrushing.Day>> dailyBrushing(
      UUID accountId, LocalDate from, LocalDate to) {
    return bus.<PatientDailyBrushing>request(
            Addresses.DAILY_BRUSHING, PatientDailyBrushing.ask(accountId, ZoneOffset.UTC, from, to))
        .map(m -> m.body().days());
  }

  /**
   * The (UTC) day the earliest of the account's brushes now paired was paired; empty without a
   * brush.
   */
  public Future<Optional<LocalDate>> firstPairing(UUID accountId) {
    return bus.<PatientDevices>request(Addresses.PATIENT_DEVICES, PatientDevices.ask(accountId))
        .map(
            m ->
                m.body().devices().stream()
                    .map(d -> d.pairedAt().atZone(ZoneOffset.UTC).toLocalDate())
                    .min(Comparator.naturalOrder()));
  }

  /** The account's care plan, unresolved alerts and the alerts asked for. */
  public Future<PatientCare> care(UUID accountId, Set<UUID> alertIds) {
    return bus.<PatientCare>request(
            Addresses.PATIENT_CARE, new PatientCareQuestion(accountId, alertIds))
        .map(Message::body);
  }

  private static AppProfile profileOf(UUID accountId, PatientProfile p) {
    return new AppProfile(
        accountId, p.email(), p.name(), p.phone(), p.timeZone(), p.registeredAt());
  }

  private static boolean notFound(Throwable err) {
    return err instanceof ReplyException re && re.failureCode() == 404;
  }
}
