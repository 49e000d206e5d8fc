package io.careloop.ingest.http;

import io.careloop.ingest.registry.Device;
import io.careloop.ingest.registry.DeviceAuditRepository;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.registry.DeviceRepository;
import io.careloop.ingest.session.BrushingSession;
import io.careloop.ingest.session.BrushingSessionRepository;
import io.careloop.ingest.session.DailyBrushing;
import io.careloop.ingest.session.SessionPlacement;
import io.careloop.ingest.status.DeviceStatus;
import io.careloop.ingest.status.DeviceStatusRepository;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.DevicePaired;
import io.careloop.platform.bus.PatientDailyBrushing;
import io.careloop.platform.bus.PatientProfile;
import io.careloop.platform.bus.SharedCodecs;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Problem;
import io.careloop.platform.http.RateLimiter;
import io.careloop.platform.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The device and brushing operations of the app API: admins register and revoke brushes, patients
 * pair them and read their brushing history and daily figures.
 */
public final class DeviceApi implements HttpApi {

  static final int MAX_DAILY_RANGE_DAYS = 366;
  static final Duration DEFAULT_HISTORY = Duration.ofDays(30);

  private final DeviceRegistry registry;
  private final DeviceAuditRepository audit;
  private final BrushingSessionRepository sessions;
  private final DeviceStatusRepository statuses;
  private final EventBus bus;
  private final Clock clock;
  private final RateLimiter pairingAttempts;

  public DeviceApi(
      DeviceRegistry registry,
      DeviceAuditRepository audit,
      BrushingSessionRepository sessions,
      DeviceStatusRepository statuses,
      EventBus bus,
      Clock clock) {
    this.registry = registry;
    this.audit = audit;
    this.sessions = sessions;
    this.statuses = statuses;
    this.bus = bus;
    SharedCodecs.register(bus);
    this.clock = clock;
    // 10 tries at once, then one per 6 minutes: guessing a 50-bit code is hopeless.
    this.pairingAttempts = new RateLimiter(10, Duration.ofMinutes(6), clock);
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("registerDevice", this::registerDevice)
        .on("listDevices", this::listDevices)
        .on("revokeDevice", this::revokeDevice)
        .on("rotateDeviceCredential", this::rotateCredential)
        .on("issuePairingCode", this::issuePairingCode)
        .on("pairDevice", this::pairDevice)
        .on("listMyDevices", this::listMyDevices)
        .on("unpairDevice", this::unpairDevice)
        .on("listMySessions", this::listMySessions)
        .on("getMyDailyBrushing", this::getMyDailyBrushing);
  }

  private void registerDevice(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    registry
        .register(body.getString("deviceId"), body.getString("model"))
        .compose(r -> audited(ctx, r.deviceId(), DeviceAuditRepository.Action.REGISTERED).map(r))
        .onSuccess(
            r ->
                Replies.created(
                    ctx,
                    new JsonObject()
                        .put("deviceId", r.deviceId())
                        .put("model", r.model())
                        .put("credential", r.credential())
                        .put("pairingCode", r.pairingCode())
                        .put("pairingCodeExpiresAt", r.pairingCodeExpiresAt().toString())))
        .onFailure(ctx::fail);
  }

  /** The brushes registered in a month, with whether each is paired or revoked, and its status. */
  private void listDevices(RoutingContext ctx) {
    YearMonth month = monthParam(ctx);
    String limitParam = ctx.queryParams().get("limit");
    int limit = limitParam == null ? 200 : Integer.parseInt(limitParam);
    registry
        .registeredIn(month, limit + 1) // one more tells whether the month holds more
        .compose(listed -> withStatus(month, listed, limit))
        .onSuccess(json -> Replies.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> withStatus(
      YearMonth month, List<DeviceRegistry.Listed> listed, int limit) {
    List<DeviceRegistry.Listed> page = listed.subList(0, Math.min(limit, listed.size()));
    return statuses
        .statusOf(page.stream().map(l -> l.registration().deviceId()).toList())
        .map(
            status ->
                new JsonObject()
                    .put("month", month.toString())
                    .put(
                        "devices",
                        new JsonArray(page.stream().map(l -> listedJson(l, status)).toList()))
                    .put("more", listed.size() > limit));
  }

  private static JsonObject listedJson(
      DeviceRegistry.Listed listed, Map<String, DeviceStatus> status) {
    DeviceRepository.Registered r = listed.registration();
    JsonObject json =
        new JsonObject()
            .put("deviceId", r.deviceId())
            .put("model", r.model())
            .put("registeredAt", r.registeredAt().toString())
            .put("paired", listed.paired())
            .put("revoked", listed.revoked());
    DeviceStatus reported = status.get(r.deviceId());
    if (reported != null) {
      json.put("status", reported.toJson());
    }
    return json;
  }

  private YearMonth monthParam(RoutingContext ctx) {
    String value = ctx.queryParams().get("month");
    if (value == null) {
      return YearMonth.now(clock.withZone(ZoneOffset.UTC));
    }
    try {
      return YearMonth.parse(value);
    } catch (DateTimeParseException e) {
      throw Problem.validation("month must be a month like 2026-11, got " + value);
    }
  }

  private void revokeDevice(RoutingContext ctx) {
    String deviceId = ctx.pathParam("deviceId");
    registry
        .revoke(deviceId)
        .compose(v -> audited(ctx, deviceId, DeviceAuditRepository.Action.REVOKED))
        .onSuccess(
            v ->
                Replies.ok(
                    ctx, new JsonObject().put("deviceId", deviceId).put("status", "revoked")))
        .onFailure(ctx::fail);
  }

  private void rotateCredential(RoutingContext ctx) {
    String deviceId = ctx.pathParam("deviceId");
    registry
        .rotateCredential(deviceId)
        .compose(
            credential ->
                audited(ctx, deviceId, DeviceAuditRepository.Action.CREDENTIAL_ROTATED)
                    .map(credential))
        .onSuccess(
            credential ->
                Replies.ok(
                    ctx, new JsonObject().put("deviceId", deviceId).put("credential", credential)))
        .onFailure(ctx::fail);
  }

  private void issuePairingCode(RoutingContext ctx) {
    String deviceId = ctx.pathParam("deviceId");
    registry
        .newPairingCode(deviceId)
        .compose(
            code ->
                audited(ctx, deviceId, DeviceAuditRepository.Action.PAIRING_CODE_ISSUED).map(code))
        .onSuccess(
            code ->
                Replies.created(
                    ctx, new JsonObject().put("deviceId", deviceId).put("pairingCode", code)))
        .onFailure(ctx::fail);
  }

  private Future<Void> audited(
      RoutingContext ctx, String deviceId, DeviceAuditRepository.Action action) {
    return audit.record(deviceId, Principal.of(ctx).accountId(), action);
  }

  private void pairDevice(RoutingContext ctx) {
    UUID patientId = Principal.of(ctx).accountId();
    pairingAttempts.acquire(patientId.toString());
    String code = ctx.body().asJsonObject().getString("pairingCode");
    registry
        .pair(patientId, code)
        .compose(
            device ->
                attributeWaitingSessions(device, patientId)
                    .map(
                        moved ->
                            new JsonObject()
                                .put("deviceId", device.deviceId())
                                .put("model", device.model())
                                .put(
                                    "pairedAt",
                                    device.currentPairing().orElseThrow().pairedAt().toString())
                                .put("earlierSessionsAttributed", moved)))
        .onSuccess(
            json -> {
              bus.publish(
                  Addresses.DEVICE_PAIRED,
                  new DevicePaired(
                      patientId,
                      json.getString("deviceId"),
                      Instant.parse(json.getString("pairedAt"))));
              Replies.created(ctx, json);
            })
        .onFailure(ctx::fail);
  }

  private Future<Integer> attributeWaitingSessions(Device device, UUID patientId) {
    return sessions.attributeWaitingSessions(device.deviceId(), device.waitingSince(), patientId);
  }

  /**
   * The patient's brushes with what each last reported since it was paired (what it reported for a
   * previous owner, such as when they last used it, is not this patient's to see); a revoked brush
   * says so instead, since it can no longer report.
   */
  private void listMyDevices(RoutingContext ctx) {
    registry
        .devicesOf(Principal.of(ctx).accountId())
        .compose(
            devices -> {
              List<String> ids =
                  devices.stream().map(DeviceRegistry.PairedDevice::deviceId).toList();
              Future<List<Optional<Device>>> registered =
                  Future.all(ids.stream().map(registry::find).toList())
                      .map(all -> all.<Optional<Device>>list());
              return Future.all(statuses.statusOf(ids), registered)
                  .map(
                      both -> {
                        Map<String, DeviceStatus> status = both.resultAt(0);
                        Set<String> revoked =
                            both.<List<Optional<Device>>>resultAt(1).stream()
                                .flatMap(Optional::stream)
                                .filter(Device::revoked)
                                .map(Device::deviceId)
                                .collect(Collectors.toSet());
                        JsonArray out = new JsonArray();
                        for (DeviceRegistry.PairedDevice d : devices) {
                          JsonObject json =
                              new JsonObject()
                                  .put("deviceId", d.deviceId())
                                  .put("model", d.model())
                                  .put("pairedAt", d.pairedAt().toString());
                          DeviceStatus reported = status.get(d.deviceId());
                          if (revoked.contains(d.deviceId())) {
                            json.put("revoked", true);
                          } else if (reported != null
                              && !reported.lastSeen().isBefore(d.pairedAt())) {
                            json.put("status", reported.toJson());
                          }
                          out.add(json);
                        }
                        return out;
                      });
            })
        .onSuccess(devices -> Replies.ok(ctx, new JsonObject().put("devices", devices)))
        .onFailure(ctx::fail);
  }

  private void unpairDevice(RoutingContext ctx) {
    registry
        .unpair(Principal.of(ctx).accountId(), ctx.pathParam("deviceId"))
        .onSuccess(v -> Replies.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void listMySessions(RoutingContext ctx) {
    UUID patientId = Principal.of(ctx).accountId();
    // by default up to the latest time a session can be placed at now (a brush clock a little
    // ahead)
    Instant to =
        instantParam(
            ctx, "to", clock.instant().plus(SessionPlacement.FUTURE_TOLERANCE).plusSeconds(1));
    Instant from =
        instantParam(ctx, "from", to.minus(DEFAULT_HISTORY)); // the repository bounds the range
    int limit =
        Integer.parseInt(
            ctx.queryParams().get("limit") == null ? "50" : ctx.queryParams().get("limit"));
    sessions
        .history(patientId, from, to, limit, ctx.queryParams().get("pageToken"))
        .onSuccess(
            page -> {
              JsonObject json =
                  new JsonObject()
                      .put(
                          "sessions",
                          new JsonArray(
                              page.sessions().stream().map(BrushingSession::toJson).toList()));
              page.nextPageToken().ifPresent(t -> json.put("nextPageToken", t));
              Replies.ok(ctx, json);
            })
        .onFailure(ctx::fail);
  }

  private void getMyDailyBrushing(RoutingContext ctx) {
    UUID patientId = Principal.of(ctx).accountId();
    LocalDate from = dateParam(ctx, "from");
    LocalDate to = dateParam(ctx, "to");
    timeZoneOf(patientId)
        .compose(zone -> daily(patientId, zone, from, to))
        .onSuccess(json -> Replies.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  /**
   * The daily view of a patient in a time zone; also serves the nurse view through the event bus.
   */
  public Future<JsonObject> daily(UUID patientId, ZoneId zone, LocalDate from, LocalDate to) {
    return days(patientId, zone, from, to)
        .map(days -> new PatientDailyBrushing(patientId, zone, from, to, days).toView());
  }

  /** The figures of each day in [from, to] in a time zone, oldest first. */
  public Future<List<PatientDailyBrushing.Day>> days(
      UUID patientId, ZoneId zone, LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      return Future.failedFuture(Problem.validation("from must not be after to"));
    }
    if (!to.isBefore(from.plusDays(MAX_DAILY_RANGE_DAYS))) {
      return Future.failedFuture(
          Problem.validation("At most " + MAX_DAILY_RANGE_DAYS + " days at a time"));
    }
    Instant start = from.atStartOfDay(zone).toInstant();
    Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
    return sessions
        .allPlacedBetween(patientId, start, end)
        .map(list -> DailyBrushing.of(list, zone, from, to));
  }

  private Future<ZoneId> timeZoneOf(UUID patientId) {
    return bus.<PatientProfile>request(Addresses.PATIENT_PROFILE, PatientProfile.ask(patientId))
        .map(reply -> ZoneId.of(reply.body().timeZone()));
  }

  private static Instant instantParam(RoutingContext ctx, String name, Instant fallback) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw Problem.validation(
          name + " must be an RFC 3339 time with offset, e.g. 2026-11-24T07:30:00Z");
    }
  }

  private static LocalDate dateParam(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    try {
      return LocalDate.parse(value);
    } catch (DateTimeException | NullPointerException e) {
      throw Problem.validation(name + " must be a date like 2026-11-24");
    }
  }
}
