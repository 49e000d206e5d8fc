package io.careloop.simulators.chain;

import io.careloop.simulators.AppClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Patients booking, rescheduling and cancelling visits through the app API, as the app does it:
 * find free slots, book one with an idempotency key, try another when someone was faster.
 */
public final class Visits {

  /** What one attempt came to. */
  public enum Outcome {
    DONE,
    CONFLICT,
    NO_SLOT,
    ERROR
  }

  /** An attempt and, when it booked or moved one, the appointment. */
  public record Result(Outcome outcome, int status, Optional<JsonObject> appointment) {}

  private final ChainSetup.Clinic clinic;
  private final Random random;

  public Visits(ChainSetup.Clinic clinic, long seed) {
    this.clinic = clinic;
    this.random = new Random(seed);
  }

  /** Books a random free slot of the next two weeks; a slot someone else took is a conflict. */
  public Result book(Account patient) {
    Optional<JsonObject> slot = randomSlot(patient);
    if (slot.isEmpty()) {
      return new Result(Outcome.NO_SLOT, 200, Optional.empty());
    }
    JsonObject body =
        new JsonObject()
            .put("clinicId", clinic.id())
            .put("serviceId", clinic.serviceId())
            .put("providerId", slot.get().getString("providerId"))
            .put("start", slot.get().getString("start"));
    return result(
        patient.send(
            "POST",
            "/api/v1/appointments",
            body,
            Map.of("Idempotency-Key", UUID.randomUUID().toString())),
        201);
  }

  public Result reschedule(Account patient, JsonObject appointment) {
    Optional<JsonObject> slot = randomSlot(patient);
    if (slot.isEmpty()) {
      return new Result(Outcome.NO_SLOT, 200, Optional.empty());
    }
    return result(
        patient.send(
            "POST",
            "/api/v1/appointments/" + appointment.getString("id") + "/reschedule",
            new JsonObject().put("start", slot.get().getString("start")),
            Map.of()),
        200);
  }

  public Result cancel(Account patient, JsonObject appointment) {
    return result(
        patient.send(
            "POST",
            "/api/v1/appointments/" + appointment.getString("id") + "/cancel",
            null,
            Map.of()),
        200);
  }

  private Optional<JsonObject> randomSlot(Account patient) {
    LocalDate from = LocalDate.now(clinic.zone()).plusDays(1);
    AppClient.Response found =
        patient.send(
            "GET",
            "/api/v1/clinics/"
                + clinic.id()
                + "/slots?serviceId="
                + clinic.serviceId()
                + "&from="
                + from
                + "&to="
                + from.plusDays(13),
            null,
            Map.of());
    JsonArray slots =
        found.status() == 200
            ? found.body().getJsonArray("slots", new JsonArray())
            : new JsonArray();
    return slots.isEmpty()
        ? Optional.empty()
        : Optional.of(slots.getJsonObject(random.nextInt(slots.size())));
  }

  private static Result result(AppClient.Response response, int success) {
    if (response.status() == success) {
      return new Result(Outcome.DONE, response.status(), Optional.of(response.body()));
    }
    return new Result(
        response.status() == 409 ? Outcome.CONFLICT : Outcome.ERROR,
        response.status(),
        Optional.empty());
  }
}
