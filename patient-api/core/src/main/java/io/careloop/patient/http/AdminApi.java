package io.careloop.patient.http;

import io.careloop.patient.account.AccountRepository;
import io.careloop.patient.account.StaffAccounts;
import io.careloop.patient.clinic.ClinicCatalog;
import io.careloop.patient.clinic.PriorityTime;
import io.careloop.patient.clinic.PriorityTimeRepository;
import io.careloop.patient.clinic.ProviderSchedules;
import io.careloop.patient.clinic.ScheduleException;
import io.careloop.patient.clinic.TimeRange;
import io.careloop.patient.clinic.WeeklyHours;
import io.careloop.patient.clinic.WorkingDay;
import io.careloop.platform.auth.Role;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Problem;
import io.careloop.platform.http.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** What admins set up: staff accounts, clinics, services, providers, weekly hours and closures. */
public final class AdminApi implements HttpApi {

  private final StaffAccounts staff;
  private final ClinicCatalog catalog;
  private final ProviderSchedules schedules;
  private final PriorityTimeRepository priorityTime;

  public AdminApi(
      StaffAccounts staff,
      ClinicCatalog catalog,
      ProviderSchedules schedules,
      PriorityTimeRepository priorityTime) {
    this.staff = staff;
    this.catalog = catalog;
    this.schedules = schedules;
    this.priorityTime = priorityTime;
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("createStaff", this::createStaff)
        .on("listStaff", this::listStaff)
        .on("createClinic", this::createClinic)
        .on("createService", this::createService)
        .on("createProvider", this::createProvider)
        .on("setWeeklyHours", this::setWeeklyHours)
        .on("addScheduleException", this::addScheduleException)
        .on("getClinicSchedules", this::getClinicSchedules)
        .on("getClinicPriorityTime", this::getPriorityTime)
        .on("setClinicPriorityTime", this::setPriorityTime);
  }

  private void getPriorityTime(RoutingContext ctx) {
    catalog
        .requireClinic(RequestFields.pathUuid(ctx, "clinicId"))
        .compose(clinic -> priorityTime.of(clinic.id()))
        .onSuccess(time -> Replies.ok(ctx, time.toJson()))
        .onFailure(ctx::fail);
  }

  private void setPriorityTime(RoutingContext ctx) {
    JsonObject body = RequestFields.body(ctx);
    PriorityTime time =
        new PriorityTime(
            body.getInteger("sharePercent"),
            Duration.ofHours(body.getInteger("releaseHoursBefore")));
    catalog
        .requireClinic(RequestFields.pathUuid(ctx, "clinicId"))
        .compose(clinic -> priorityTime.save(clinic.id(), time))
        .onSuccess(v -> Replies.ok(ctx, time.toJson()))
        .onFailure(ctx::fail);
  }

  private void createStaff(RoutingContext ctx) {
    JsonObject body = RequestFields.body(ctx);
    Role role = Role.fromClaim(body.getString("role"));
    Set<UUID> clinicIds = RequestFields.uuids(body, "clinicIds");
    staff
        .create(
            body.getString("email"),
            body.getString("password"),
            body.getString("name"),
            role,
            clinicIds)
        .onSuccess(
            id ->
                Replies.created(
                    ctx,
                    new JsonObject()
                        .put("accountId", id.toString())
                        .put("role", role.claim())
                        .put(
                            "clinicIds",
                            new JsonArray(clinicIds.stream().map(UUID::toString).toList()))))
        .onFailure(ctx::fail);
  }

  private void listStaff(RoutingContext ctx) {
    Optional<UUID> clinicId = RequestFields.queryUuid(ctx, "clinicId");
    staff
        .list()
        .map(all -> all.stream().filter(s -> clinicId.map(s.clinicIds()::contains).orElse(true)))
        .onSuccess(
            members ->
                Replies.ok(
                    ctx,
                    new JsonObject()
                        .put("staff", new JsonArray(members.map(AdminApi::staffJson).toList()))))
        .onFailure(ctx::fail);
  }

  private static JsonObject staffJson(AccountRepository.StaffMember member) {
    return new JsonObject()
        .put("accountId", member.id().toString())
        .put("name", member.name())
        .put("email", member.email())
        .put("role", member.role().claim())
        .put("clinicIds", new JsonArray(member.clinicIds().stream().map(UUID::toString).toList()))
        .put("createdAt", member.createdAt().toString());
  }

  private void createClinic(RoutingContext ctx) {
    JsonObject body = RequestFields.body(ctx);
    catalog
        .createClinic(
            new ClinicCatalog.NewClinic(
                body.getString("name"),
                body.getString("address"),
                body.getString("timeZone"),
                Optional.ofNullable(body.getInteger("minBookingNoticeMinutes")),
                Optional.ofNullable(body.getInteger("minChangeNoticeMinutes")),
                Optional.ofNullable(body.getInteger("bookingHorizonDays"))))
        .onSuccess(clinic -> Replies.created(ctx, clinic.toJson()))
        .onFailure(ctx::fail);
  }

  private void createService(RoutingContext ctx) {
    JsonObject body = RequestFields.body(ctx);
    catalog
        .createService(
            body.getString("name"),
            body.getInteger("durationMinutes"),
            body.getInteger("bufferAfterMinutes", 0))
        .onSuccess(service -> Replies.created(ctx, service.toJson()))
        .onFailure(ctx::fail);
  }

  private void createProvider(RoutingContext ctx) {
    JsonObject body = RequestFields.body(ctx);
    catalog
        .createProvider(
            body.getString("name"),
            body.getString("kind"),
            RequestFields.uuids(body, "serviceIds"),
            RequestFields.uuids(body, "clinicIds"))
        .onSuccess(provider -> Replies.created(ctx, provider.toJson()))
        .onFailure(ctx::fail);
  }

  private void setWeeklyHours(RoutingContext ctx) {
    JsonObject body = RequestFields.body(ctx);
    UUID providerId = RequestFields.uuid("providerId", body.getString("providerId"));
    UUID clinicId = RequestFields.uuid("clinicId", body.getString("clinicId"));
    WeeklyHours week = weekFrom(body.getJsonArray("days", new JsonArray()));
    schedules
        .setWeeklyHours(providerId, clinicId, week)
        .onSuccess(
            stored ->
                Replies.ok(
                    ctx,
                    new JsonObject()
                        .put("providerId", providerId.toString())
                        .put("clinicId", clinicId.toString())
                        .put("days", weekJson(stored))))
        .onFailure(ctx::fail);
  }

  private void addScheduleException(RoutingContext ctx) {
    JsonObject body = RequestFields.body(ctx);
    LocalDate firstDay = RequestFields.date("firstDay", body.getString("firstDay"));
    LocalDate lastDay =
        body.getString("lastDay") == null
            ? firstDay
            : RequestFields.date("lastDay", body.getString("lastDay"));
    String start = body.getString("startTime");
    String end = body.getString("endTime");
    if ((start == null) != (end == null)) {
      throw Problem.validation("Give both startTime and endTime, or neither for whole days");
    }
    Optional<TimeRange> hours =
        start == null ? Optional.empty() : Optional.of(TimeRange.parse(start, end));
    ScheduleException.Reason reason =
        ScheduleException.Reason.valueOf(body.getString("reason").toUpperCase(Locale.ROOT));
    schedules
        .addException(
            RequestFields.optionalUuid(body, "clinicId"),
            RequestFields.optionalUuid(body, "providerId"),
            firstDay,
            lastDay,
            hours,
            reason,
            body.getString("note"))
        .onSuccess(
            created -> {
              JsonObject json =
                  closureJson(created.get(0))
                      .put(
                          "clinicIds",
                          new JsonArray(
                              created.stream().map(x -> x.clinicId().toString()).toList()));
              Replies.created(ctx, json);
            })
        .onFailure(ctx::fail);
  }

  private void getClinicSchedules(RoutingContext ctx) {
    schedules
        .scheduleOf(
            RequestFields.pathUuid(ctx, "clinicId"),
            optionalDate(ctx, "from"),
            optionalDate(ctx, "to"))
        .onSuccess(schedule -> Replies.ok(ctx, scheduleJson(schedule)))
        .onFailure(ctx::fail);
  }

  private static Optional<LocalDate> optionalDate(RoutingContext ctx, String name) {
    return Optional.ofNullable(ctx.queryParams().get(name)).map(v -> RequestFields.date(name, v));
  }

  private static JsonObject scheduleJson(ProviderSchedules.ClinicSchedule schedule) {
    JsonArray weeks = new JsonArray();
    schedule
        .weeks()
        .forEach(
            (provider, week) ->
                weeks.add(
                    new JsonObject()
                        .put("providerId", provider.toString())
                        .put("days", weekJson(week))));
    return new JsonObject()
        .put("clinicId", schedule.clinicId().toString())
        .put("from", schedule.from().toString())
        .put("to", schedule.to().toString())
        .put("weeks", weeks)
        .put(
            "closures",
            new JsonArray(schedule.closures().stream().map(AdminApi::closureJson).toList()));
  }

  private static JsonObject closureJson(ScheduleException e) {
    JsonObject json =
        new JsonObject()
            .put("id", e.id().toString())
            .put("firstDay", e.firstDay().toString())
            .put("lastDay", e.lastDay().toString())
            .put("reason", e.reason().name().toLowerCase(Locale.ROOT));
    e.providerId().ifPresent(p -> json.put("providerId", p.toString()));
    e.hours()
        .ifPresent(
            h -> json.put("startTime", h.start().toString()).put("endTime", h.end().toString()));
    if (e.note() != null) {
      json.put("note", e.note());
    }
    return json;
  }

  private static WeeklyHours weekFrom(JsonArray days) {
    List<WorkingDay> list = new ArrayList<>();
    for (Object item : days) {
      JsonObject day = (JsonObject) item;
      DayOfWeek weekday;
      try {
        weekday = DayOfWeek.valueOf(day.getString("day", "").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw Problem.validation("day must be monday to sunday, got " + day.getString("day"));
      }
      list.add(
          new WorkingDay(
              weekday,
              ranges(day.getJsonArray("hours", new JsonArray())),
              ranges(day.getJsonArray("breaks", new JsonArray()))));
    }
    return new WeeklyHours(list);
  }

  private static List<TimeRange> ranges(JsonArray ranges) {
    List<TimeRange> list = new ArrayList<>();
    for (Object item : ranges) {
      JsonObject range = (JsonObject) item;
      list.add(TimeRange.parse(range.getString("start"), range.getString("end")));
    }
    return list;
  }

  static JsonArray weekJson(WeeklyHours week) {
    JsonArray days = new JsonArray();
    for (WorkingDay day : week.days()) {
      days.add(
          new JsonObject()
              .put("day", day.day().name().toLowerCase(Locale.ROOT))
              .put("hours", rangesJson(day.hours()))
              .put("breaks", rangesJson(day.breaks())));
    }
    return days;
  }

  private static JsonArray rangesJson(List<TimeRange> ranges) {
    return new JsonArray(
        ranges.stream()
            .map(
                r ->
                    new JsonObject()
                        .put("start", r.start().toString())
                        .put("end", r.end().toString()))
            .toList());
  }
}
