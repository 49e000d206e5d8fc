package io.careloop.reminders.http;

import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Problem;
import io.careloop.platform.http.Replies;
import io.careloop.reminders.kinds.AppointmentReminders;
import io.careloop.reminders.kinds.CareJourney;
import io.careloop.reminders.kinds.CareJourneys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Admin operations of reminders: a clinic's appointment reminder offsets, and care journeys. */
public final class ReminderApi implements HttpApi {

  private final AppointmentReminders appointments;
  private final CareJourneys journeys;

  public ReminderApi(AppointmentReminders appointments, CareJourneys journeys) {
    this.appointments = appointments;
    this.journeys = journeys;
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("getClinicReminderSettings", this::getSettings)
        .on("setClinicReminderSettings", this::setSettings)
        .on("listCareJourneys", this::listJourneys)
        .on("createCareJourney", this::createJourney);
  }

  private static UUID clinicId(RoutingContext ctx) {
    try {
      return UUID.fromString(ctx.pathParam("clinicId"));
    } catch (IllegalArgumentException e) {
      throw Problem.validation("clinicId must be a UUID");
    }
  }

  private static JsonObject settingsJson(UUID clinicId, List<Duration> offsets) {
    return new JsonObject()
        .put("clinicId", clinicId.toString())
        .put(
            "appointmentOffsetsMinutes",
            new JsonArray(offsets.stream().map(Duration::toMinutes).toList()));
  }

  private void getSettings(RoutingContext ctx) {
    UUID clinic = clinicId(ctx);
    appointments
        .offsetsOf(clinic)
        .onSuccess(offsets -> Replies.ok(ctx, settingsJson(clinic, offsets)))
        .onFailure(ctx::fail);
  }

  private void setSettings(RoutingContext ctx) {
    UUID clinic = clinicId(ctx);
    JsonArray raw =
        ctx.body().asJsonObject().getJsonArray("appointmentOffsetsMinutes", new JsonArray());
    List<Integer> minutes = new ArrayList<>();
    for (Object v : raw) {
      if (!(v instanceof Number n) || n.doubleValue() != n.intValue()) {
        ctx.fail(Problem.validation("appointmentOffsetsMinutes must be whole numbers of minutes"));
        return;
      }
      minutes.add(n.intValue());
    }
    appointments
        .setOffsets(clinic, minutes)
        .onSuccess(offsets -> Replies.ok(ctx, settingsJson(clinic, offsets)))
        .onFailure(ctx::fail);
  }

  private void listJourneys(RoutingContext ctx) {
    journeys
        .all()
        .onSuccess(
            list ->
                Replies.ok(
                    ctx,
                    new JsonObject()
                        .put(
                            "journeys",
                            new JsonArray(list.stream().map(CareJourney::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  private void createJourney(RoutingContext ctx) {
    CareJourney journey = CareJourney.fromJson(ctx.body().asJsonObject());
    journeys.add(journey).onSuccess(j -> Replies.created(ctx, j.toJson())).onFailure(ctx::fail);
  }
}
