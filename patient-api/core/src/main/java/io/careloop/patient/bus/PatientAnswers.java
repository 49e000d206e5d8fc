package io.careloop.patient.bus;

import io.careloop.patient.account.AccountService;
import io.careloop.patient.clinic.MembershipRepository;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.BusFailures;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * What other modules ask patient-api over the event bus: a patient's profile
 * ({@link Addresses#PATIENT_PROFILE}), a patient's clinics ({@link Addresses#PATIENT_CLINICS}) and
 * a clinic's nurses ({@link Addresses#CLINIC_NURSES}). A question without a valid id is a 400.
 */
public final class PatientAnswers {

  private final AccountService accounts;
  private final MembershipRepository membership;

  public PatientAnswers(AccountService accounts, MembershipRepository membership) {
    this.accounts = accounts;
    this.membership = membership;
  }

  public void answerOn(EventBus bus) {
    bus.<JsonObject>consumer(Addresses.PATIENT_PROFILE, msg -> answer(msg, "patientId", id ->
        accounts.find(id).map(a -> new JsonObject().put("patientId", a.id().toString()).put("timeZone", a.timeZone()))));
    bus.<JsonObject>consumer(Addresses.PATIENT_CLINICS, msg -> answer(msg, "patientId", id ->
        membership.clinicsOf(id).map(ids -> new JsonObject().put("patientId", id.toString()).put("clinicIds", ids(ids)))));
    bus.<JsonObject>consumer(Addresses.CLINIC_NURSES, msg -> answer(msg, "clinicId", id ->
        membership.nursesOf(id).map(ids -> new JsonObject().put("clinicId", id.toString()).put("nurseIds", ids(ids)))));
  }

  private static void answer(Message<JsonObject> question, String idField, Function<UUID, Future<JsonObject>> how) {
    UUID id;
    try {
      id = UUID.fromString(question.body().getString(idField));
    } catch (RuntimeException e) {
      question.fail(400, idField + " must be a UUID");
      return;
    }
    how.apply(id).onSuccess(question::reply).onFailure(err -> BusFailures.reply(question, err));
  }

  private static JsonArray ids(List<UUID> ids) {
    return new JsonArray(ids.stream().map(UUID::toString).toList());
  }
}
