package io.careloop.ingest.registry;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.cassandra.Cql;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The registry of brushes: registration with a credential shown once, revocation, credential
 * rotation, single-use pairing codes, pairing history. Reads on the ingest hot path (and at
 * CONNECT) go through a small expiring cache that every change invalidates: made here, or by the
 * registry of another instance or process (see {@link #followChanges}).
 */
public final class DeviceRegistry {

  /** What an admin gets back once, at registration. */
  public record Registration(
      String deviceId,
      String model,
      String credential,
      String pairingCode,
      Instant pairingCodeExpiresAt) {}

  /** A brush as its owner sees it. */
  public record PairedDevice(String deviceId, String model, Instant pairedAt) {}

  /** One time a patient had a brush; {@code unpairedAt} null while it lasts. */
  public record PastPairing(String deviceId, Instant pairedAt, Instant unpairedAt) {}

  /** A pairing code a patient used: which brush, and when (never the code: it is a secret). */
  public record CodeUse(String deviceId, Instant usedAt) {}

  private final DeviceRepository devices;
  private final Clock clock;
  private final Duration pairingCodeTtl;
  private final AsyncLoadingCache<String, Optional<Device>> cache;
  private final List<Consumer<String>> revocationListeners = new CopyOnWriteArrayList<>();
  private final String instanceId = UUID.randomUUID().toString();
  private volatile EventBus bus;

  public DeviceRegistry(
      DeviceRepository devices, Clock clock, Duration pairingCodeTtl, Duration cacheTtl) {
    this.devices = devices;
    this.clock = clock;
    this.pairingCodeTtl = pairingCodeTtl;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterWrite(cacheTtl)
            .buildAsync((id, executor) -> devices.load(id));
  }

  /** Called with the device id whenever a brush is revoked (the broker disconnects it). */
  public void onRevoked(Consumer<String> listener) {
    revocationListeners.add(listener);
  }

  /**
   * Tells the registries of other instances about every change made here, and hears theirs: the
   * brush leaves this cache at once (rather than when its entry expires, after sessions were
   * attributed by an ended pairing), and a credential revoked or rotated elsewhere also reaches
   * this instance's revocation listeners (its broker drops the brush's connection).
   */
  public void followChanges(EventBus eventBus) {
    this.bus = eventBus;
    DeviceChanged.register(eventBus);
    eventBus.<DeviceChanged>consumer(
        Addresses.DEVICE_CHANGED,
        msg -> {
          DeviceChanged change = msg.body();
          if (instanceId.equals(change.from())) {
            return;
          }
          cache.synchronous().invalidate(change.deviceId());
          if (change.credentialEnded()) {
            revocationListeners.forEach(l -> l.accept(change.deviceId()));
          }
        });
  }

  /** After a change of the brush: out of this cache, and out of the other instances' caches. */
  private void changed(String deviceId, boolean credentialEnded) {
    cache.synchronous().invalidate(deviceId);
    EventBus eventBus = bus;
    if (eventBus != null) {
      eventBus.publish(
          Addresses.DEVICE_CHANGED, new DeviceChanged(deviceId, instanceId, credentialEnded));
    }
  }

  public Future<Registration> register(String deviceId, String model) {
    if (!DeviceIds.isValid(deviceId)) {
      return Future.failedFuture(
          Problem.validation("deviceId must be TB- and 8 upper-case hex digits, got " + deviceId));
    }
    String credential = Secrets.newCredential();
    Instant now = now();
    return devices
        .insert(deviceId, model, Secrets.hash(credential), now)
        .compose(
            applied ->
                applied
                    ? devices
                        .listRegistration(deviceId, model, now)
                        .compose(v -> issuePairingCode(deviceId))
                    : Future.failedFuture(
                        Problem.conflict(
                            "device-exists",
                            "Device already registered",
                            deviceId + " is already registered; rotate its credential instead")))
        .map(
            code -> {
              changed(deviceId, false);
              return new Registration(deviceId, model, credential, code, now.plus(pairingCodeTtl));
            });
  }

  /** A brush of a month's registrations as it stands now: paired or not, revoked or not. */
  public record Listed(DeviceRepository.Registered registration, boolean paired, boolean revoked) {}

  /** The brushes registered in the month (UTC), newest first, at most {@code limit}. */
  public Future<List<Listed>> registeredIn(YearMonth month, int limit) {
    return devices
        .registeredIn(month, limit)
        .compose(
            registered ->
                Future.all(registered.stream().map(r -> find(r.deviceId())).toList())
                    .map(
                        found -> {
                          List<Listed> listed = new ArrayList<>();
                          for (int i = 0; i < registered.size(); i++) {
                            Optional<Device> device = found.resultAt(i);
                            listed.add(
                                new Listed(
                                    registered.get(i),
                                    device.map(d -> d.ownerId() != null).orElse(false),
                                    device.map(Device::revoked).orElse(false)));
                          }
                          return listed;
                        }));
  }

  /** A new single-use pairing code for a registered brush (for example after it was unpaired). */
  public Future<String> newPairingCode(String deviceId) {
    return require(deviceId)
        .compose(
            device ->
                device.revoked()
                    ? Future.failedFuture(revokedProblem(deviceId))
                    : issuePairingCode(deviceId));
  }

  private Future<String> issuePairingCode(String deviceId) {
    String code = Secrets.newPairingCode();
    Instant expiresAt = now().plus(pairingCodeTtl);
    return devices
        .insertCode(
            Secrets.normalizePairingCode(code),
            deviceId,
            expiresAt,
            (int) pairingCodeTtl.toSeconds())
        .compose(applied -> applied ? Future.succeededFuture(code) : issuePairingCode(deviceId));
  }

  public Future<Void> revoke(String deviceId) {
    return devices
        .revoke(deviceId, now())
        .compose(
            applied -> {
              if (!applied) {
                cache.synchronous().invalidate(deviceId);
                return Future.failedFuture(unknownProblem(deviceId));
              }
              changed(deviceId, true);
              revocationListeners.forEach(l -> l.accept(deviceId));
              return Future.succeededFuture();
            });
  }

  /** Issues a new credential; the old one stops working at once. */
  public Future<String> rotateCredential(String deviceId) {
    String credential = Secrets.newCredential();
    return require(deviceId)
        .compose(device -> devices.rotateCredential(deviceId, Secrets.hash(credential)))
        .compose(
            applied -> {
              changed(deviceId, true);
              revocationListeners.forEach(l -> l.accept(deviceId));
              return applied
                  ? Future.succeededFuture(credential)
                  : Future.failedFuture(revokedProblem(deviceId));
            });
  }

  /** The brush, from the cache when it is fresh. */
  public Future<Optional<Device>> find(String deviceId) {
    if (!DeviceIds.isValid(deviceId)) {
      return Future.succeededFuture(Optional.empty());
    }
    return Cql.onCaller(cache.get(deviceId));
  }

  /** The brush as stored now, past the cache (which it refreshes). */
  public Future<Optional<Device>> findFresh(String deviceId) {
    cache.synchronous().invalidate(deviceId);
    return find(deviceId);
  }

  /**
   * Whether a brush may connect with this credential: registered, not revoked, credential matches.
   */
  public Future<Boolean> verifyCredential(String deviceId, String credential) {
    return find(deviceId)
        .map(
            d ->
                d.isPresent()
                    && !d.get().revoked()
                    && Secrets.matches(credential, d.get().credentialHash()));
  }

  /**
   * Whether the credential whose hash this is still is the brush's and the brush is not revoked,
   * from the cache (the broker asks on every publish of a connected brush).
   */
  public CompletableFuture<Boolean> credentialStands(String deviceId, String credentialHash) {
    return cache
        .get(deviceId)
        .thenApply(
            d ->
                d.isPresent()
                    && !d.get().revoked()
                    && Secrets.sameHash(credentialHash, d.get().credentialHash()));
  }

  /**
   * Pairs the brush whose code the patient typed. Safe to retry: a repeated request of the same
   * patient with the same code finishes what an interrupted one started. A code is spent once the
   * pairing it made has ended, or once another patient paired the brush after it was taken: its
   * patient cannot pair the brush with it again (and so take the sessions of whoever brushes with
   * it next). A code is given back only when it paired nothing (the brush was someone else's).
   */
  public Future<Device> pair(UUID patientId, String typedCode) {
    String code = Secrets.normalizePairingCode(typedCode);
    return devices
        .code(code)
        .compose(
            found -> {
              Instant expiresAt = found.map(DeviceRepository.PairingCode::expiresAt).orElse(null);
              if (expiresAt == null
                  || !expiresAt.isAfter(now())
                  || found.get().deviceId() == null) {
                return Future.failedFuture(
                    new Problem(
                        404,
                        "pairing-code-invalid",
                        "Unknown pairing code",
                        "This pairing code is unknown or has expired; check the code on the box"));
              }
              String deviceId = found.get().deviceId();
              UUID usedBy = found.get().usedBy();
              if (usedBy != null && !usedBy.equals(patientId)) {
                return Future.failedFuture(codeUsedProblem());
              }
              Future<Boolean> claimed =
                  usedBy != null
                      ? mayFinish(patientId, deviceId, found.get().usedAt())
                      : devices.claimCode(code, patientId, now(), secondsUntil(expiresAt));
              return claimed.compose(
                  ok ->
                      ok
                          ? claimDevice(patientId, deviceId, code)
                          : Future.failedFuture(codeUsedProblem()));
            });
  }

  /**
   * Whether the patient's request with a code taken at {@code usedAt} may finish (read past the
   * cache).
   */
  private Future<Boolean> mayFinish(UUID patientId, String deviceId, Instant usedAt) {
    return findFresh(deviceId)
        .map(d -> d.isPresent() && usedAt != null && d.get().pairingMayFinish(patientId, usedAt));
  }

  private int secondsUntil(Instant expiresAt) {
    return (int) Math.max(1, Duration.between(now(), expiresAt).toSeconds());
  }

  private Future<Device> claimDevice(UUID patientId, String deviceId, String code) {
    Instant now = now();
    return devices
        .claimDevice(deviceId, patientId, now)
        .compose(
            heldBy -> {
              if (heldBy.isPresent()) {
                Problem problem =
                    heldBy.get().revoked()
                        ? revokedProblem(deviceId)
                        : Problem.conflict(
                            "device-already-paired",
                            "Brush already paired",
                            "This brush is paired to another account; it must be unpaired first");
                return devices
                    .releaseCode(code, patientId)
                    .compose(v -> Future.failedFuture(problem));
              }
              cache.synchronous().invalidate(deviceId);
              return require(deviceId)
                  .compose(
                      device -> {
                        Instant pairedAt =
                            device.currentPairing().map(Device.Pairing::pairedAt).orElse(now);
                        return devices
                            .recordPairing(deviceId, device.model(), patientId, pairedAt)
                            .compose(
                                v -> {
                                  changed(deviceId, false);
                                  return require(deviceId);
                                });
                      });
            });
  }

  /**
   * Ends the patient's pairing with the brush; 404 if it is not theirs. The pairing's end is
   * written before the claim is released, so a retry after a crash finishes the job.
   */
  public Future<Void> unpair(UUID patientId, String deviceId) {
    Instant now = now();
    return find(deviceId)
        .compose(
            found -> {
              if (found.isEmpty() || !patientId.equals(found.get().ownerId())) {
                return Future.failedFuture(
                    Problem.notFound("You have no paired brush " + deviceId));
              }
              Future<Void> ended =
                  found
                      .get()
                      .currentPairing()
                      .map(p -> devices.endPairing(deviceId, p.pairedAt(), now))
                      .orElse(Future.succeededFuture());
              return ended
                  .compose(v -> devices.releaseDevice(deviceId, patientId))
                  .compose(v -> devices.removeFromPatient(patientId, deviceId))
                  .onComplete(ar -> changed(deviceId, false));
            });
  }

  public Future<List<PairedDevice>> devicesOf(UUID patientId) {
    return devices.devicesOf(patientId);
  }

  /** Every brush the patient has had: paired now, or paired before and unpaired. */
  public Future<Set<String>> brushesEverPairedBy(UUID patientId) {
    return Future.all(devices.devicesEverPairedBy(patientId), devices.devicesOf(patientId))
        .map(
            both -> {
              Set<String> ids = new TreeSet<>(both.<List<String>>resultAt(0));
              both.<List<PairedDevice>>resultAt(1).forEach(d -> ids.add(d.deviceId()));
              return ids;
            });
  }

  /** The patient's pairings with these brushes, as stored now (past the cache). */
  public Future<List<PastPairing>> pairingsOf(UUID patientId, Collection<String> deviceIds) {
    return Future.all(deviceIds.stream().map(this::findFresh).toList())
        .map(
            all ->
                all.<Optional<Device>>list().stream()
                    .flatMap(Optional::stream)
                    .flatMap(
                        d ->
                            d.pairings().stream()
                                .filter(p -> patientId.equals(p.patientId()))
                                .map(
                                    p ->
                                        new PastPairing(
                                            d.deviceId(), p.pairedAt(), p.unpairedAt())))
                    .toList());
  }

  /** The pairing codes the patient used, as long as the codes are kept. */
  public Future<List<CodeUse>> codesUsedBy(UUID patientId) {
    return devices
        .codesClaimedBy(patientId)
        .compose(codes -> Future.all(codes.stream().map(devices::code).toList()))
        .map(
            all ->
                all.<Optional<DeviceRepository.PairingCode>>list().stream()
                    .flatMap(Optional::stream)
                    .filter(c -> patientId.equals(c.usedBy()))
                    .map(c -> new CodeUse(c.deviceId(), c.usedAt()))
                    .toList());
  }

  /**
   * The patient's erasure: their brushes are unpaired, each pairing they had now names {@code
   * pseudonym} (the history must keep its periods: a session brushed in one and uploaded later
   * would otherwise go to the next owner), the codes they used are deleted, and their lists go. How
   * many pairings now name the pseudonym and how many codes went.
   */
  public Future<Forgotten> forget(UUID patientId, UUID pseudonym, Collection<String> deviceIds) {
    return Future.all(deviceIds.stream().map(d -> forgetOn(patientId, pseudonym, d)).toList())
        .compose(
            renamed ->
                devices
                    .codesClaimedBy(patientId)
                    .compose(
                        codes ->
                            Future.all(
                                codes.stream().map(c -> devices.forgetCode(c, patientId)).toList()))
                    .compose(
                        codes ->
                            devices
                                .forgetPatient(patientId)
                                .map(
                                    v ->
                                        new Forgotten(
                                            renamed.<Integer>list().stream()
                                                .mapToInt(Integer::intValue)
                                                .sum(),
                                            (int)
                                                codes.<Boolean>list().stream()
                                                    .filter(Boolean::booleanValue)
                                                    .count()))));
  }

  /** What {@link #forget} changed. */
  public record Forgotten(int pairingsRenamed, int codesDeleted) {}

  private Future<Integer> forgetOn(UUID patientId, UUID pseudonym, String deviceId) {
    return findFresh(deviceId)
        .compose(
            found ->
                found.isPresent() && patientId.equals(found.get().ownerId())
                    ? unpair(patientId, deviceId)
                    : Future.<Void>succeededFuture())
        .compose(v -> findFresh(deviceId))
        .compose(
            found -> {
              List<Device.Pairing> theirs =
                  found
                      .map(
                          d ->
                              d.pairings().stream()
                                  .filter(p -> patientId.equals(p.patientId()))
                                  .toList())
                      .orElse(List.of());
              return Future.all(
                      theirs.stream()
                          .map(p -> devices.renamePairing(deviceId, p.pairedAt(), pseudonym))
                          .toList())
                  .map(done -> theirs.size());
            })
        .onComplete(ar -> changed(deviceId, false));
  }

  private Future<Device> require(String deviceId) {
    return find(deviceId)
        .compose(
            d ->
                d.isPresent()
                    ? Future.succeededFuture(d.get())
                    : Future.failedFuture(unknownProblem(deviceId)));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static Problem unknownProblem(String deviceId) {
    return Problem.notFound("No registered brush " + deviceId);
  }

  private static Problem revokedProblem(String deviceId) {
    return Problem.conflict(
        "device-revoked", "Brush revoked", deviceId + " was revoked and can no longer be used");
  }

  private static Problem codeUsedProblem() {
    return Problem.conflict(
        "pairing-code-used",
        "Pairing code already used",
        "This pairing code was already used by another account");
  }
}
