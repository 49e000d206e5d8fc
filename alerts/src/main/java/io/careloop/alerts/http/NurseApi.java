package io.careloop.alerts.http;

import io.careloop.alerts.alert.Alert;
import io.careloop.alerts.alert.AlertService;
import io.careloop.alerts.alert.AlertStatus;
import io.careloop.alerts.audit.NurseReads;
import io.careloop.alerts.bus.PatientDirectory;
import io.careloop.alerts.plan.CarePlan;
import io.careloop.alerts.plan.CarePlans;
import io.careloop.alerts.plan.CustomRules;
import io.careloop.alerts.plan.PlanEnd;
import io.careloop.alerts.plan.PlanTemplate;
import io.careloop.alerts.rule.Rule;
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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nurse follow-up (contracts/app-api.md): alerts of her clinics worst first, acknowledge,
 * resolve, a patient's daily brushing and care plan. A nurse reaches only her clinics' patients
 * (404 for anyone else's, so nothing tells that they exist), and every read of a patient's data is
 * audited before the data is sent.
 */
public final class NurseApi implements HttpApi {

  private static final Logger log = LoggerFactory.getLogger(NurseApi.class);

  static final Duration LONGEST_PLAN = Duration.ofDays(731);

  private final AlertService alerts;
  private final CarePlans plans;
  private final PatientDirectory directory;
  private final NurseReads reads;
  private final Clock clock;

  public NurseApi(
      AlertService alerts,
      CarePlans plans,
      PatientDirectory directory,
      NurseReads reads,
      Clock clock) {
    this.alerts = alerts;
    this.plans = plans;
    this.directory = directory;
    this.reads = reads;
    this.clock = clock;
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("listNurseAlerts", this::listAlerts)
        .on("getNurseAlertsVersion", this::alertsVersion)
        .on("listPatientAlerts", this::patientAlerts)
        .on("acknowledgeAlert", this::acknowledge)
        .on("resolveAlert", this::resolve)
        .on("getPatientDailyBrushing", this::daily)
        .on("listPatientSessionsOfDay", this::sessionsOfDay)
        .on("putCarePlan", this::putCarePlan)
        .on("getCarePlan", this::getCarePlan);
  }

  private void listAlerts(RoutingContext ctx) {
    Principal staff = Principal.of(ctx);
    Set<AlertStatus> statuses = statuses(ctx.queryParams().get("status"));
    alerts
        .alertsOf(clinicsAsked(ctx, staff), statuses)
        .compose(
            list ->
                reads
                    .record(staff, list.stream().map(Alert::patientId).toList(), "alerts")
                    .compose(v -> withNames(list)))
        .onSuccess(list -> Replies.ok(ctx, new JsonObject().put("alerts", list)))
        .onFailure(ctx::fail);
  }

  /**
   * What the console polls: a fingerprint of the unresolved alerts of the nurse's clinics, which
   * changes whenever one opens, changes state or escalates. No patient data, so no audit row.
   */
  private void alertsVersion(RoutingContext ctx) {
    Principal staff = Principal.of(ctx);
    alerts
        .alertsOf(clinicsAsked(ctx, staff), EnumSet.of(AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED))
        .onSuccess(
            list ->
                Replies.ok(
                    ctx,
                    new JsonObject()
                        .put("version", AlertsVersion.of(list))
                        .put("unresolved", list.size())))
        .onFailure(ctx::fail);
  }

  /** Every alert of one patient of the nurse's clinics, worst first, with the patient's name. */
  private void patientAlerts(RoutingContext ctx) {
    Principal staff = Principal.of(ctx);
    UUID patientId = uuid("patientId", ctx.pathParam("patientId"));
    patientOfMine(staff, patientId)
        .compose(v -> reads.record(staff, List.of(patientId), "alerts of the patient"))
        .compose(v -> Future.all(alerts.allOf(patientId), directory.nameOf(patientId)))
        .onSuccess(
            both ->
                Replies.ok(
                    ctx,
                    named(
                        new JsonObject()
                            .put("patientId", patientId.toString())
                            .put("alerts", worstFirst(both.resultAt(0))),
                        both.resultAt(1))))
        .onFailure(ctx::fail);
  }

  /** The clinic asked for (one of the nurse's: 403 otherwise), or all of hers. */
  private static Set<UUID> clinicsAsked(RoutingContext ctx, Principal staff) {
    String clinicParam = ctx.queryParams().get("clinicId");
    if (clinicParam == null) {
      return staff.clinics();
    }
    UUID clinicId = uuid("clinicId", clinicParam);
    if (!staff.worksAt(clinicId)) {
      throw Problem.forbidden("You do not work at clinic " + clinicId);
    }
    return Set.of(clinicId);
  }

  /** The alerts as JSON, each with its patient's name (left out when the account is gone). */
  private Future<JsonArray> withNames(List<Alert> list) {
    return namesOf(list.stream().map(Alert::patientId).distinct().toList())
        .map(
            names ->
                new JsonArray(
                    list.stream().map(a -> named(a.toJson(), names.get(a.patientId()))).toList()));
  }

  private Future<Map<UUID, Optional<String>>> namesOf(List<UUID> patients) {
    return Future.all(patients.stream().map(directory::nameOf).toList())
        .map(
            found -> {
              Map<UUID, Optional<String>> names = new HashMap<>();
              for (int i = 0; i < patients.size(); i++) {
                names.put(patients.get(i), found.resultAt(i));
              }
              return names;
            });
  }

  private static JsonArray worstFirst(List<Alert> alerts) {
    return new JsonArray(alerts.stream().sorted(Alert.WORST_FIRST).map(Alert::toJson).toList());
  }

  private static JsonObject named(JsonObject alert, Optional<String> name) {
    name.ifPresent(n -> alert.put("patientName", n));
    return alert;
  }

  private void acknowledge(RoutingContext ctx) {
    Principal staff = Principal.of(ctx);
    alerts
        .acknowledge(staff, uuid("alertId", ctx.pathParam("alertId")))
        .compose(alert -> recorded(staff, alert, "acknowledged"))
        .onSuccess(alert -> Replies.ok(ctx, alert.toJson()))
        .onFailure(ctx::fail);
  }

  /**
   * The alert goes back to the nurse who changed it: an audited read of the patient's data, like
   * any other.
   */
  private Future<Alert> recorded(Principal staff, Alert alert, String change) {
    return reads
        .record(staff, List.of(alert.patientId()), "alert " + alert.id() + " " + change)
        .map(alert);
  }

  private void resolve(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    String note = body == null ? null : body.getString("note");
    if (note == null || note.isBlank()) {
      throw Problem.validation("note is required: what was done about it");
    }
    Principal staff = Principal.of(ctx);
    alerts
        .resolve(staff, uuid("alertId", ctx.pathParam("alertId")), note.strip())
        .compose(alert -> recorded(staff, alert, "resolved"))
        .onSuccess(alert -> Replies.ok(ctx, alert.toJson()))
        .onFailure(ctx::fail);
  }

  private void daily(RoutingContext ctx) {
    Principal staff = Principal.of(ctx);
    UUID patientId = uuid("patientId", ctx.pathParam("patientId"));
    LocalDate from = date(ctx, "from");
    LocalDate to = date(ctx, "to");
    patientOfMine(staff, patientId)
        .compose(v -> directory.zoneOf(patientId))
        .compose(
            zone ->
                reads
                    .record(staff, List.of(patientId), "daily brushing " + from + ".." + to)
                    .compose(v -> directory.dailyOf(patientId, zone, from, to)))
        .onSuccess(daily -> Replies.ok(ctx, daily.toView().put("patientId", patientId.toString())))
        .onFailure(ctx::fail);
  }

  /** The sessions placed on one day of the patient's calendar, as the brush reported them. */
  private void sessionsOfDay(RoutingContext ctx) {
    Principal staff = Principal.of(ctx);
    UUID patientId = uuid("patientId", ctx.pathParam("patientId"));
    LocalDate date = date(ctx, "date");
    patientOfMine(staff, patientId)
        .compose(v -> directory.zoneOf(patientId))
        .compose(
            zone ->
                reads
                    .record(staff, List.of(patientId), "sessions of " + date)
                    .compose(v -> sessionsOn(patientId, date, zone)))
        .onSuccess(json -> Replies.ok(ctx, json.put("patientId", patientId.toString())))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> sessionsOn(UUID patientId, LocalDate date, ZoneId zone) {
    Instant from = date.atStartOfDay(zone).toInstant();
    Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
    return directory
        .sessionsAsReportedOf(patientId, from, to)
        .map(
            sessions ->
                new JsonObject()
                    .put("date", date.toString())
                    .put("timeZone", zone.getId())
                    .put("sessions", sessions));
  }

  private void getCarePlan(RoutingContext ctx) {
    Principal staff = Principal.of(ctx);
    UUID patientId = uuid("patientId", ctx.pathParam("patientId"));
    patientOfMine(staff, patientId)
        .compose(v -> reads.record(staff, List.of(patientId), "care plan"))
        .compose(v -> plans.planOf(patientId))
        .onSuccess(
            plan -> {
              if (plan.isEmpty()) {
                ctx.fail(Problem.notFound("Patient " + patientId + " has no care plan"));
              } else {
                Replies.ok(ctx, plan.get().toJson());
              }
            })
        .onFailure(ctx::fail);
  }

  private void putCarePlan(RoutingContext ctx) {
    Principal staff = Principal.of(ctx);
    UUID patientId = uuid("patientId", ctx.pathParam("patientId"));
    JsonObject body = ctx.body().asJsonObject();
    if (body == null) {
      throw Problem.validation("a JSON body {plan, until, thresholds?, customRules?} is required");
    }
    patientOfMine(staff, patientId)
        .compose(v -> directory.zoneOf(patientId))
        .compose(zone -> plans.save(planFrom(staff, patientId, zone, body)))
        .compose(
            plan ->
                alerts
                    .planChanged(plan)
                    .map(plan)
                    .recover(
                        err -> {
                          log.warn(
                              "Alerts of rules gone from {}'s plan not closed now (the next evaluation will): {}",
                              patientId,
                              err.toString());
                          return Future.succeededFuture(plan);
                        }))
        .compose(plan -> reads.record(staff, List.of(patientId), "care plan set").map(plan))
        .onSuccess(plan -> Replies.ok(ctx, plan.toJson()))
        .onFailure(ctx::fail);
  }

  /** The plan the body asks for; a validation problem naming the field when it cannot be. */
  private CarePlan planFrom(Principal staff, UUID patientId, ZoneId zone, JsonObject body) {
    Instant now =
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // as Cassandra keeps it
    try {
      PlanTemplate template = PlanTemplate.fromJson(body.getString("plan"));
      PlanEnd until = until(body.getString("until"), zone);
      if (!until.endsAt().isAfter(now) || until.endsAt().isAfter(now.plus(LONGEST_PLAN))) {
        throw atField("#/until", "until must be in the future and at most two years ahead");
      }
      Map<String, Number> overrides = new LinkedHashMap<>();
      JsonObject thresholds = body.getJsonObject("thresholds", new JsonObject());
      thresholds.forEach(
          e -> {
            if (!(e.getValue() instanceof Number n)) {
              throw new IllegalArgumentException("threshold " + e.getKey() + " must be a number");
            }
            overrides.put(e.getKey(), n);
          });
      refuseThresholds(template.refusedThresholds(overrides));
      Map<String, Number> merged = template.thresholds(overrides);
      List<Rule> templateRules = template.rules(merged);
      List<Rule> custom = CustomRules.read(body.getValue("customRules"), templateRules);
      return new CarePlan(
          patientId,
          template,
          merged,
          templateRules,
          custom,
          now,
          until,
          staff.accountId(),
          staff.role() == Role.NURSE,
          now);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw Problem.validation(e.getMessage());
    }
  }

  /** A date ends with that day in the patient's zone; a timestamp is taken as it is. */
  private static PlanEnd until(String value, ZoneId zone) {
    if (value == null) {
      throw Problem.validation(
          "until is required: a date (YYYY-MM-DD, the plan's last day) or an RFC 3339 time");
    }
    try {
      return PlanEnd.parse(value, zone);
    } catch (IllegalArgumentException e) {
      throw atField("#/until", e.getMessage());
    }
  }

  /** A refusal naming each threshold at fault, as schema errors name their fields. */
  private static void refuseThresholds(Map<String, String> refused) {
    if (refused.isEmpty()) {
      return;
    }
    JsonArray errors = new JsonArray();
    refused.forEach(
        (name, reason) ->
            errors.add(
                new JsonObject().put("pointer", "#/thresholds/" + name).put("detail", reason)));
    throw new Problem(
        400,
        "validation",
        "The request is not valid",
        "Thresholds refused: " + String.join("; ", refused.values()),
        new JsonObject().put("errors", errors));
  }

  private static Problem atField(String pointer, String detail) {
    return new Problem(
        400,
        "validation",
        "The request is not valid",
        detail,
        new JsonObject()
            .put(
                "errors",
                new JsonArray()
                    .add(new JsonObject().put("pointer", pointer).put("detail", detail))));
  }

  /**
   * Succeeds when the patient is a patient of one of the caller's clinics (only nurses call these
   * operations).
   */
  private Future<Void> patientOfMine(Principal staff, UUID patientId) {
    return directory
        .clinicsOf(patientId)
        .compose(
            clinics ->
                clinics.stream().anyMatch(staff::worksAt)
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        Problem.notFound("No patient " + patientId + " at your clinics")));
  }

  private static Set<AlertStatus> statuses(String status) {
    if (status == null) {
      return EnumSet.of(AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED);
    }
    try {
      return EnumSet.of(AlertStatus.fromJson(status));
    } catch (IllegalArgumentException e) {
      throw Problem.validation("status must be open, acknowledged or resolved");
    }
  }

  private static LocalDate date(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    try {
      return LocalDate.parse(value);
    } catch (RuntimeException e) {
      throw Problem.validation(name + " must be a date (YYYY-MM-DD)");
    }
  }

  private static UUID uuid(String name, String value) {
    try {
      return UUID.fromString(value);
    } catch (RuntimeException e) {
      throw Problem.validation(name + " must be a UUID");
    }
  }
}
