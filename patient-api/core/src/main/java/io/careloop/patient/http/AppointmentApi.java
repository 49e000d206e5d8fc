package io.careloop.patient.http;

import io.careloop.patient.access.AccessNeeds;
import io.careloop.patient.access.AccessNeedsRepository;
import io.careloop.patient.access.AccessNeedsService;
import io.careloop.patient.audit.StaffReads;
import io.careloop.patient.booking.Appointment;
import io.careloop.patient.booking.AppointmentChange;
import io.careloop.patient.booking.AppointmentStatus;
import io.careloop.patient.booking.BookingService;
import io.careloop.patient.journey.JourneyStage;
import io.careloop.patient.journey.Journeys;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Problem;
import io.careloop.platform.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Appointments: patients book, list, reschedule and cancel their own; staff of the clinic record
 * the visit and see the clinic's day. Every staff read of appointments is audited first.
 */
public final class AppointmentApi implements HttpApi {

  private final BookingService booking;
  private final Journeys journeys;
  private final StaffReads staffReads;
  private final AccessNeedsService accessNeeds;
  private final Clock clock;

  public AppointmentApi(
      BookingService booking,
      StaffReads staffReads,
      AccessNeedsService accessNeeds,
      Journeys journeys,
      Clock clock) {
    this.booking = booking;
    this.journeys = journeys;
    this.staffReads = staffReads;
    this.accessNeeds = accessNeeds;
    this.clock = clock;
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("bookAppointment", this::book)
        .on("listMyAppointments", this::listMine)
        .on("getAppointment", this::get)
        .on("rescheduleAppointment", this::reschedule)
        .on("cancelAppointment", this::cancel)
        .on("setAppointmentStatus", this::setStatus)
        .on("listClinicAppointments", this::listClinicDay);
  }

  private void book(RoutingContext ctx) {
    UUID patientId = Principal.of(ctx).accountId();
    JsonObject body = RequestFields.body(ctx);
    var request =
        new BookingService.BookingRequest(
            RequestFields.uuid("clinicId", body.getString("clinicId")),
            RequestFields.uuid("serviceId", body.getString("serviceId")),
            RequestFields.uuid("providerId", body.getString("providerId")),
            RequestFields.instant("start", body.getString("start")));
    journeys.reached(
        patientId,
        request.clinicId(),
        JourneyStage.STARTED_BOOKING,
        Journeys.channelOf(Principal.of(ctx)));
    booking
        .book(
            patientId,
            ctx.request().getHeader("Idempotency-Key"),
            request,
            BookingService.Actor.of(Principal.of(ctx)))
        .onSuccess(
            booked -> {
              // a repeat answers as the first did (the contract's 201), saying it is one
              ctx.response().putHeader("Idempotent-Replayed", String.valueOf(!booked.created()));
              Replies.json(ctx, 201, booked.appointment().toJson());
            })
        .onFailure(ctx::fail);
  }

  private void listMine(RoutingContext ctx) {
    Instant now = clock.instant();
    booking
        .appointmentsOf(Principal.of(ctx).accountId())
        .onSuccess(
            all -> {
              List<Appointment> upcoming =
                  all.stream().filter(a -> a.status().isActive() && a.end().isAfter(now)).toList();
              List<Appointment> past =
                  all.stream()
                      .filter(a -> !upcoming.contains(a))
                      .sorted((a, b) -> b.start().compareTo(a.start()))
                      .toList();
              Replies.ok(
                  ctx, new JsonObject().put("upcoming", json(upcoming)).put("past", json(past)));
            })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    UUID id = RequestFields.pathUuid(ctx, "appointmentId");
    if (caller.role() == Role.PATIENT) {
      booking
          .ownAppointment(caller.accountId(), id)
          .onSuccess(a -> Replies.ok(ctx, a.toJson()))
          .onFailure(ctx::fail);
      return;
    }
    booking
        .visibleToStaff(caller, id)
        .compose(
            a ->
                staffReads
                    .record(caller, List.of(a.patientId()), "appointment " + id)
                    .compose(v -> booking.history(id))
                    .map(
                        history ->
                            a.toJson()
                                .put(
                                    "history",
                                    new JsonArray(
                                        history.stream().map(AppointmentChange::toJson).toList()))))
        .onSuccess(json -> Replies.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  private void reschedule(RoutingContext ctx) {
    JsonObject body = RequestFields.body(ctx);
    booking
        .reschedule(
            Principal.of(ctx).accountId(),
            RequestFields.pathUuid(ctx, "appointmentId"),
            RequestFields.instant("start", body.getString("start")),
            RequestFields.optionalUuid(body, "providerId"),
            BookingService.Actor.of(Principal.of(ctx)))
        .onSuccess(a -> Replies.ok(ctx, a.toJson()))
        .onFailure(ctx::fail);
  }

  private void cancel(RoutingContext ctx) {
    booking
        .cancel(
            Principal.of(ctx).accountId(),
            RequestFields.pathUuid(ctx, "appointmentId"),
            BookingService.Actor.of(Principal.of(ctx)))
        .onSuccess(a -> Replies.ok(ctx, a.toJson()))
        .onFailure(ctx::fail);
  }

  private void setStatus(RoutingContext ctx) {
    AppointmentStatus status =
        AppointmentStatus.fromJson(RequestFields.body(ctx).getString("status"));
    if (!(status == AppointmentStatus.CHECKED_IN
        || status == AppointmentStatus.COMPLETED
        || status == AppointmentStatus.NO_SHOW)) {
      throw Problem.validation(
          "Staff set checked_in, completed or no_show; patients cancel their own");
    }
    Principal staff = Principal.of(ctx);
    booking
        .setStatus(staff, RequestFields.pathUuid(ctx, "appointmentId"), status)
        .compose(
            a ->
                staffReads
                    .record(
                        staff,
                        List.of(a.patientId()),
                        "appointment " + a.id() + " set " + status.json())
                    .map(a))
        .onSuccess(a -> Replies.ok(ctx, a.toJson()))
        .onFailure(ctx::fail);
  }

  private void listClinicDay(RoutingContext ctx) {
    Principal staff = Principal.of(ctx);
    UUID clinicId = RequestFields.pathUuid(ctx, "clinicId");
    LocalDate day = RequestFields.queryDate(ctx, "date");
    if (!staff.worksAt(clinicId)) {
      throw Problem.forbidden("You do not work at clinic " + clinicId);
    }
    booking
        .atClinicOn(clinicId, day)
        .compose(
            list ->
                staffReads
                    .record(
                        staff,
                        list.stream().map(Appointment::patientId).toList(),
                        "appointments of clinic " + clinicId + " on " + day)
                    .map(list))
        .compose(this::withAccessNeeds)
        .onSuccess(
            list ->
                Replies.ok(
                    ctx,
                    new JsonObject()
                        .put("clinicId", clinicId.toString())
                        .put("date", day.toString())
                        .put("appointments", new JsonArray(list))))
        .onFailure(ctx::fail);
  }

  /**
   * Each appointment, with its patient's access needs where they have any: the clinic prepares
   * before they come.
   */
  private Future<List<JsonObject>> withAccessNeeds(List<Appointment> list) {
    Map<UUID, Future<AccessNeedsRepository.Stored>> needs = new HashMap<>();
    list.forEach(a -> needs.computeIfAbsent(a.patientId(), accessNeeds::of));
    return Future.all(List.copyOf(needs.values()))
        .map(
            v ->
                list.stream()
                    .map(
                        a -> {
                          AccessNeeds theirs = needs.get(a.patientId()).result().needs();
                          return theirs.any()
                              ? a.toJson().put("accessNeeds", theirs.toJson())
                              : a.toJson();
                        })
                    .toList());
  }

  private static JsonArray json(List<Appointment> list) {
    return new JsonArray(list.stream().map(Appointment::toJson).toList());
  }
}
