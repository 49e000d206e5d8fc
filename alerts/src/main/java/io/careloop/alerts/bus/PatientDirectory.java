package io.careloop.alerts.bus;

import io.careloop.alerts.rule.SessionFacts;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.ClinicNurses;
import io.careloop.platform.bus.PatientClinics;
import io.careloop.platform.bus.PatientDailyBrushing;
import io.careloop.platform.bus.PatientProfile;
import io.careloop.platform.bus.PatientSessions;
import io.careloop.platform.bus.SharedCodecs;
import io.careloop.platform.bus.StoredSession;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What alerts asks other modules over the event bus: a patient's time zone, clinics and sessions, a
 * clinic's nurses, the daily view. Their tables are theirs.
 */
public final class PatientDirectory {

  private final EventBus bus;

  public PatientDirectory(EventBus bus) {
    this.bus = bus;
    SharedCodecs.register(bus);
  }

  public Future<ZoneId> zoneOf(UUID patientId) {
    return ask(Addresses.PATIENT_PROFILE, PatientProfile.ask(patientId))
        .map(reply -> ZoneId.of(reply.timeZone()));
  }

  /** The patient's name as their account has it; empty when the account is gone (erased). */
  public Future<Optional<String>> nameOf(UUID patientId) {
    return ask(Addresses.PATIENT_PROFILE, PatientProfile.ask(patientId))
        .map(reply -> Optional.ofNullable(reply.name()))
        .recover(
            err ->
                err instanceof Problem p && p.status() == 404
                    ? Future.succeededFuture(Optional.empty())
                    : Future.failedFuture(err));
  }

  public Future<List<UUID>> clinicsOf(UUID patientId) {
    return ask(Addresses.PATIENT_CLINICS, PatientClinics.ask(patientId))
        .map(PatientClinics::clinicIds);
  }

  public Future<List<UUID>> nursesOf(UUID clinicId) {
    return ask(Addresses.CLINIC_NURSES, ClinicNurses.ask(clinicId)).map(ClinicNurses::nurseIds);
  }

  /** The patient's sessions placed in [from, to), newest first (at most 92 days). */
  public Future<List<SessionFacts>> sessionsOf(UUID patientId, Instant from, Instant to) {
    return sessions(patientId, from, to)
        .map(sessions -> sessions.stream().map(SessionFacts::of).toList());
  }

  /** The patient's sessions placed in [from, to) as the brush reported them, oldest first. */
  public Future<JsonArray> sessionsAsReportedOf(UUID patientId, Instant from, Instant to) {
    return sessions(patientId, from, to)
        .map(
            newestFirst -> {
              JsonArray sessions = new JsonArray();
              for (int i = newestFirst.size() - 1; i >= 0; i--) {
                sessions.add(newestFirst.get(i).toJson());
              }
              return sessions;
            });
  }

  private Future<List<StoredSession>> sessions(UUID patientId, Instant from, Instant to) {
    return ask(Addresses.PATIENT_SESSIONS, PatientSessions.ask(patientId, from, to))
        .map(PatientSessions::sessions);
  }

  /** The daily view, as the patient app shows it, in the patient's time zone. */
  public Future<PatientDailyBrushing> dailyOf(
      UUID patientId, ZoneId zone, LocalDate from, LocalDate to) {
    return ask(Addresses.DAILY_BRUSHING, PatientDailyBrushing.ask(patientId, zone, from, to));
  }

  /** A refusal of the other module becomes a problem the client can read; silence a 503. */
  private <T> Future<T> ask(String address, T question) {
    return bus.<T>request(address, question)
        .map(Message::body)
        .recover(
            err -> {
              if (err instanceof ReplyException re && re.failureCode() == 400) {
                return Future.failedFuture(Problem.validation(re.getMessage()));
              }
              if (err instanceof ReplyException re && re.failureCode() == 404) {
                return Future.failedFuture(Problem.notFound("No such patient"));
              }
              return Future.failedFuture(
                  Problem.unavailable("Patient data is not available right now; ask again"));
            });
  }
}
