package io.careloop.ingest.rights;

import io.careloop.ingest.registry.Device;
import io.careloop.ingest.registry.DeviceRegistry;
import io.careloop.ingest.session.BrushingSession;
import io.careloop.ingest.session.BrushingSessionRepository;
import io.careloop.ingest.session.BrushingSessionRepository.SessionKey;
import io.careloop.ingest.session.DailyBrushing;
import io.careloop.ingest.session.SessionPlacement;
import io.careloop.platform.privacy.DataSubject;
import io.careloop.platform.privacy.Erasure;
import io.careloop.platform.privacy.PersonalData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What device-ingest holds about a patient: their brushes and pairings, the pairing codes they
 * used, their sessions and the daily figures made of them. Sessions are read, and erased, between
 * the earliest time one of the patient's brushes could have placed one (its registration, less the
 * backlog window) and now, and no further back than the retention keeps them.
 */
public final class IngestPersonalData implements PersonalData {

  private final String module;
  private final DeviceRegistry registry;
  private final BrushingSessionRepository sessions;
  private final Duration retention;
  private final Duration backlogWindow;
  private final Clock clock;

  public IngestPersonalData(
      String module,
      DeviceRegistry registry,
      BrushingSessionRepository sessions,
      Duration retention,
      Duration backlogWindow,
      Clock clock) {
    this.module = module;
    this.registry = registry;
    this.sessions = sessions;
    this.retention = retention;
    this.backlogWindow = backlogWindow;
    this.clock = clock;
  }

  @Override
  public String module() {
    return module;
  }

  @Override
  public Future<JsonObject> export(DataSubject subject) {
    UUID id = subject.id();
    Instant to = until();
    return registry
        .brushesEverPairedBy(id)
        .compose(
            brushes ->
                earliestSession(brushes)
                    .compose(
                        from ->
                            Future.all(
                                    registry.devicesOf(id),
                                    registry.pairingsOf(id, brushes),
                                    registry.codesUsedBy(id),
                                    from.map(f -> sessions.allPlacedBetween(id, f, to))
                                        .orElse(Future.succeededFuture(List.of())))
                                .map(
                                    all ->
                                        sections(
                                            all.resultAt(0),
                                            all.resultAt(1),
                                            all.resultAt(2),
                                            all.resultAt(3),
                                            ZoneId.of(subject.timeZone())))));
  }

  private static JsonObject sections(
      List<DeviceRegistry.PairedDevice> devices,
      List<DeviceRegistry.PastPairing> pairings,
      List<DeviceRegistry.CodeUse> codes,
      List<BrushingSession> found,
      ZoneId zone) {
    List<BrushingSession> newestFirst =
        found.stream().sorted(Comparator.comparing(BrushingSession::placedAt).reversed()).toList();
    return new JsonObject()
        .put(
            "devices",
            new JsonArray(
                devices.stream()
                    .map(
                        d ->
                            new JsonObject()
                                .put("deviceId", d.deviceId())
                                .put("model", d.model())
                                .put("pairedAt", d.pairedAt().toString()))
                    .toList()))
        .put(
            "pairings",
            new JsonArray(
                pairings.stream()
                    .map(
                        p ->
                            new JsonObject()
                                .put("deviceId", p.deviceId())
                                .put("pairedAt", p.pairedAt().toString())
                                .put(
                                    "unpairedAt",
                                    p.unpairedAt() == null ? null : p.unpairedAt().toString()))
                    .toList()))
        .put(
            "pairingCodesUsed",
            new JsonArray(
                codes.stream()
                    .map(
                        c ->
                            new JsonObject()
                                .put("deviceId", c.deviceId())
                                .put("usedAt", c.usedAt() == null ? null : c.usedAt().toString()))
                    .toList()))
        .put("sessions", new JsonArray(newestFirst.stream().map(BrushingSession::toJson).toList()))
        .put("dailyBrushing", new JsonArray(daily(newestFirst, zone)));
  }

  /** The figures of every local day that has a session. */
  private static List<Object> daily(List<BrushingSession> newestFirst, ZoneId zone) {
    if (newestFirst.isEmpty()) {
      return List.of();
    }
    LocalDate first = LocalDate.ofInstant(newestFirst.get(newestFirst.size() - 1).placedAt(), zone);
    LocalDate last = LocalDate.ofInstant(newestFirst.get(0).placedAt(), zone);
    return DailyBrushing.of(newestFirst, zone, first, last).stream()
        .filter(d -> d.sessions() > 0)
        .map(d -> (Object) d.toJson())
        .toList();
  }

  /**
   * The brushes are unpaired and their history keeps its periods under the pseudonym; the codes the
   * patient used, their sessions (rows, claims and months) and their lists go.
   */
  @Override
  public Future<Erasure> erase(DataSubject subject, UUID pseudonym) {
    UUID id = subject.id();
    Instant to = until();
    Erasure.Tally tally = Erasure.tally(module);
    return registry
        .brushesEverPairedBy(id)
        .compose(
            brushes ->
                earliestSession(brushes)
                    .compose(
                        from -> {
                          Future<List<SessionKey>> keys =
                              from.map(f -> sessions.keysOf(id, f, to))
                                  .orElse(Future.succeededFuture(List.of()));
                          return keys.compose(
                              found -> {
                                Set<String> devices = new TreeSet<>(brushes);
                                found.forEach(k -> devices.add(k.deviceId()));
                                return registry
                                    .forget(id, pseudonym, devices)
                                    .map(
                                        forgotten ->
                                            tally
                                                .pseudonymized(
                                                    "pairings_by_device",
                                                    forgotten.pairingsRenamed())
                                                .deleted("pairing_codes", forgotten.codesDeleted())
                                                .deleted("pairings_by_patient", brushes.size()))
                                    .compose(
                                        v ->
                                            from.isEmpty()
                                                ? Future.succeededFuture(0)
                                                : sessions.forget(
                                                    id, found, devices, from.get(), to))
                                    .map(
                                        deleted ->
                                            tally
                                                .deleted("sessions_by_device", deleted)
                                                .deleted("sessions_by_patient", found.size())
                                                .done());
                              });
                        }));
  }

  /**
   * The earliest time a session of these brushes can be placed at and still be kept; empty without
   * brushes (then there is no session either).
   */
  private Future<Optional<Instant>> earliestSession(Collection<String> brushes) {
    return Future.all(brushes.stream().map(registry::findFresh).toList())
        .map(
            all -> {
              Optional<Instant> registered =
                  all.<Optional<Device>>list().stream()
                      .flatMap(Optional::stream)
                      .map(Device::registeredAt)
                      .min(Comparator.naturalOrder());
              Instant kept = retention.isZero() ? Instant.EPOCH : clock.instant().minus(retention);
              return registered.map(r -> later(r, kept).minus(backlogWindow));
            });
  }

  /** A little past now: a brush's clock may run ahead of ours by the placement's tolerance. */
  private Instant until() {
    return clock.instant().plus(SessionPlacement.FUTURE_TOLERANCE).plus(Duration.ofDays(1));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
