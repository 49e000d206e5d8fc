package io.careloop.alerts.bus;

import io.careloop.alerts.rule.SessionFacts;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
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
  }

  public Future<ZoneId> zoneOf(UUID patientId) {
    return ask(Addresses.PATIENT_PROFILE, new JsonObject().put("patientId", patientId.toString()))
        .map(reply -> ZoneId.of(reply.getString("timeZone")));
  }

  /** The patient's name as their account has it; empty when the account is gone (erased). */
  public Future<Optional<String>> nameOf(UUID patientId) {
    return ask(Addresses.PATIENT_PROFILE, new JsonObject().put("patientId", patientId.toString()))
        .map(reply -> Optional.ofNullable(reply.getString("name")))
        .recover(
            err ->
                err instanceof Problem p && p.status() == 404
                    ? Future.succeededFuture(Optional.empty())
                    : Future.failedFuture(err));
  }

  public Future<List<UUID>> clinicsOf(UUID patientId) {
    return ask(Addresses.PATIENT_CLINICS, new JsonObject().put("patientId", patientId.toString()))
        .map(reply -> uuids(reply.getJsonArray("clinicIds")));
  }

  public Future<List<UUID>> nursesOf(UUID clinicId) {
    return ask(Addresses.CLINIC_NURSES, new JsonObject().put("clinicId", clinicId.toString()))
        .map(reply -> uuids(reply.getJsonArray("nurseIds")));
  }

  /** The patient's sessions placed in [from, to), newest first (at most 92 days). */
  public Future<List<SessionFacts>> sessionsOf(UUID patientId, Instant from, Instant to) {
    return ask(
            Addresses.PATIENT_SESSIONS,
            new JsonObject()
                .put("patientId", patientId.toString())
                .put("from", from.toString())
                .put("to", to.toString()))
        .map(
            reply -> {
              List<SessionFacts> sessions = new ArrayList<>();
              reply
                  .getJsonArray("sessions")
                  .forEach(o -> sessions.add(SessionFacts.fromJson((JsonObject) o)));
              return sessions;
            });
  }

  /** The patient's sessions placed in [from, to) as the brush reported them, oldest first. */
  public Future<JsonArray> sessionsAsReportedOf(UUID patientId, Instant from, Instant to) {
    return ask(
            Addresses.PATIENT_SESSIONS,
            new JsonObject()
                .put("patientId", patientId.toString())
                .put("from", from.toString())
                .put("to", to.toString()))
        .map(reply -> oldestFirst(reply.getJsonArray("sessions")));
  }

  /** A new array: the answer is shared with its sender, never changed. */
  private static JsonArray oldestFirst(JsonArray newestFirst) {
    JsonArray sessions = new JsonArray();
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      sessions.add(newestFirst.getValue(i));
    }
    return sessions;
  }

  /** The daily view, as the patient app shows it, in the patient's time zone. */
  public Future<JsonObject> dailyOf(UUID patientId, ZoneId zone, LocalDate from, LocalDate to) {
    return ask(
        Addresses.DAILY_BRUSHING,
        new JsonObject()
            .put("patientId", patientId.toString())
            .put("timeZone", zone.getId())
            .put("from", from.toString())
            .put("to", to.toString()));
  }

  /** A refusal of the other module becomes a problem the client can read; silence a 503. */
  private Future<JsonObject> ask(String address, JsonObject question) {
    return bus.<JsonObject>request(address, question)
        .map(m -> m.body())
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

  private static List<UUID> uuids(JsonArray array) {
    List<UUID> ids = new ArrayList<>();
    if (array != null) {
      array.forEach(o -> ids.add(UUID.fromString(o.toString())));
    }
    return ids;
  }
}
