package io.careloop.ingest.registry;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.cassandra.Cql;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
  public record Registration(String deviceId, String model, String credential, String pairingCode,
                             Instant pairingCodeExpiresAt) {
  }

  /** A brush as its owner sees it. */
  public record PairedDevice(String deviceId, String model, Instant pairedAt) {
  }

  private final Cql cql;
  private final Clock clock;
  private final Duration pairingCodeTtl;
  private final AsyncLoadingCache<String, Optional<Device>> cache;
  private final List<Consumer<String>> revocationListeners = new CopyOnWriteArrayList<>();
  private final String instanceId = UUID.randomUUID().toString();
  private volatile EventBus bus;

  private final PreparedStatement insertDevice;
  private final PreparedStatement selectDevice;
  private final PreparedStatement selectPairings;
  private final PreparedStatement revoke;
  private final PreparedStatement rotateCredential;
  private final PreparedStatement insertCode;
  private final PreparedStatement selectCode;
  private final PreparedStatement claimCode;
  private final PreparedStatement releaseCode;
  private final PreparedStatement claimDevice;
  private final PreparedStatement releaseDevice;
  private final PreparedStatement insertPairing;
  private final PreparedStatement endPairing;
  private final PreparedStatement insertPatientDevice;
  private final PreparedStatement deletePatientDevice;
  private final PreparedStatement selectPatientDevices;

  /** Prepares its statements: construct it on a worker thread. */
  public DeviceRegistry(CqlSession session, Clock clock, Duration pairingCodeTtl, Duration cacheTtl) {
    this.cql = new Cql(session);
    this.clock = clock;
    this.pairingCodeTtl = pairingCodeTtl;
    this.cache = Caffeine.newBuilder()
        .maximumSize(200_000)
        .expireAfterWrite(cacheTtl)
        .buildAsync((id, executor) -> load(id));
    insertDevice = session.prepare("INSERT INTO devices_by_id (device_id, model, credential_hash, status, registered_at)"
        + " VALUES (?, ?, ?, 'registered', ?) IF NOT EXISTS");
    selectDevice = session.prepare("SELECT device_id, model, credential_hash, status, registered_at, owner_id, owner_since"
        + " FROM devices_by_id WHERE device_id = ?");
    selectPairings = session.prepare("SELECT paired_at, patient_id, unpaired_at FROM pairings_by_device WHERE device_id = ?");
    revoke = session.prepare("UPDATE devices_by_id SET status = 'revoked', revoked_at = ? WHERE device_id = ? IF EXISTS");
    rotateCredential = session.prepare(
        "UPDATE devices_by_id SET credential_hash = ? WHERE device_id = ? IF status = 'registered'");
    insertCode = session.prepare("INSERT INTO pairing_codes (code, device_id, expires_at) VALUES (?, ?, ?)"
        + " IF NOT EXISTS USING TTL ?");
    selectCode = session.prepare("SELECT device_id, expires_at, used_by, used_at FROM pairing_codes WHERE code = ?");
    // The claim expires with the code: a claim outliving it would leave a row without its device.
    claimCode = session.prepare(
        "UPDATE pairing_codes USING TTL ? SET used_by = ?, used_at = ? WHERE code = ? IF used_by = null");
    releaseCode = session.prepare("UPDATE pairing_codes SET used_by = null, used_at = null WHERE code = ? IF used_by = ?");
    claimDevice = session.prepare("UPDATE devices_by_id SET owner_id = ?, owner_since = ? WHERE device_id = ?"
        + " IF owner_id = null AND status = 'registered'");
    releaseDevice = session.prepare("UPDATE devices_by_id SET owner_id = null, owner_since = null WHERE device_id = ?"
        + " IF owner_id = ?");
    insertPairing = session.prepare("INSERT INTO pairings_by_device (device_id, paired_at, patient_id) VALUES (?, ?, ?)");
    endPairing = session.prepare("UPDATE pairings_by_device SET unpaired_at = ? WHERE device_id = ? AND paired_at = ?");
    insertPatientDevice = session.prepare(
        "INSERT INTO devices_by_patient (patient_id, device_id, model, paired_at) VALUES (?, ?, ?, ?)");
    deletePatientDevice = session.prepare("DELETE FROM devices_by_patient WHERE patient_id = ? AND device_id = ?");
    selectPatientDevices = session.prepare("SELECT device_id, model, paired_at FROM devices_by_patient WHERE patient_id = ?");
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
    eventBus.<JsonObject>consumer(Addresses.DEVICE_CHANGED, msg -> {
      if (instanceId.equals(msg.body().getString("from"))) {
        return;
      }
      String deviceId = msg.body().getString("deviceId");
      cache.synchronous().invalidate(deviceId);
      if (msg.body().getBoolean("credentialEnded", false)) {
        revocationListeners.forEach(l -> l.accept(deviceId));
      }
    });
  }

  /** After a change of the brush: out of this cache, and out of the other instances' caches. */
  private void changed(String deviceId, boolean credentialEnded) {
    cache.synchronous().invalidate(deviceId);
    EventBus eventBus = bus;
    if (eventBus != null) {
      eventBus.publish(Addresses.DEVICE_CHANGED, new JsonObject().put("deviceId", deviceId).put("from", instanceId)
          .put("credentialEnded", credentialEnded));
    }
  }

  public Future<Registration> register(String deviceId, String model) {
    if (!DeviceIds.isValid(deviceId)) {
      return Future.failedFuture(Problem.validation("deviceId must be TB- and 8 upper-case hex digits, got " + deviceId));
    }
    String credential = Secrets.newCredential();
    Instant now = now();
    return cql.applied(insertDevice.bind(deviceId, model, Secrets.hash(credential), now))
        .compose(applied -> applied ? issuePairingCode(deviceId)
            : Future.failedFuture(Problem.conflict("device-exists", "Device already registered",
                deviceId + " is already registered; rotate its credential instead")))
        .map(code -> {
          changed(deviceId, false);
          return new Registration(deviceId, model, credential, code, now.plus(pairingCodeTtl));
        });
  }

  /** A new single-use pairing code for a registered brush (for example after it was unpaired). */
  public Future<String> newPairingCode(String deviceId) {
    return require(deviceId).compose(device -> device.revoked()
        ? Future.failedFuture(revokedProblem(deviceId)) : issuePairingCode(deviceId));
  }

  private Future<String> issuePairingCode(String deviceId) {
    String code = Secrets.newPairingCode();
    Instant expiresAt = now().plus(pairingCodeTtl);
    return cql.applied(insertCode.bind(Secrets.normalizePairingCode(code), deviceId, expiresAt,
            (int) pairingCodeTtl.toSeconds()))
        .compose(applied -> applied ? Future.succeededFuture(code) : issuePairingCode(deviceId));
  }

  public Future<Void> revoke(String deviceId) {
    return cql.applied(revoke.bind(now(), deviceId)).compose(applied -> {
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
        .compose(device -> cql.applied(rotateCredential.bind(Secrets.hash(credential), deviceId)))
        .compose(applied -> {
          changed(deviceId, true);
          revocationListeners.forEach(l -> l.accept(deviceId));
          return applied ? Future.succeededFuture(credential) : Future.failedFuture(revokedProblem(deviceId));
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

  /** Whether a brush may connect with this credential: registered, not revoked, credential matches. */
  public Future<Boolean> verifyCredential(String deviceId, String credential) {
    return find(deviceId).map(d -> d.isPresent() && !d.get().revoked()
        && Secrets.matches(credential, d.get().credentialHash()));
  }

  /**
   * Whether the credential whose hash this is still is the brush's and the brush is not revoked,
   * from the cache (the broker asks on every publish of a connected brush).
   */
  public CompletableFuture<Boolean> credentialStands(String deviceId, String credentialHash) {
    return cache.get(deviceId).thenApply(d -> d.isPresent() && !d.get().revoked()
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
    return cql.one(selectCode.bind(code)).compose(row -> {
      Instant expiresAt = row.map(r -> r.getInstant("expires_at")).orElse(null);
      if (expiresAt == null || !expiresAt.isAfter(now()) || row.get().getString("device_id") == null) {
        return Future.failedFuture(new Problem(404, "pairing-code-invalid", "Unknown pairing code",
            "This pairing code is unknown or has expired; check the code on the box"));
      }
      String deviceId = row.get().getString("device_id");
      UUID usedBy = row.get().getUuid("used_by");
      if (usedBy != null && !usedBy.equals(patientId)) {
        return Future.failedFuture(codeUsedProblem());
      }
      Future<Boolean> claimed = usedBy != null ? mayFinish(patientId, deviceId, row.get().getInstant("used_at"))
          : cql.execute(claimCode.bind(secondsUntil(expiresAt), patientId, now(), code)).map(rs -> rs.wasApplied()
              || patientId.equals(rs.one().getUuid("used_by")));
      return claimed.compose(ok -> ok ? claimDevice(patientId, deviceId, code) : Future.failedFuture(codeUsedProblem()));
    });
  }

  /** Whether the patient's request with a code taken at {@code usedAt} may finish (read past the cache). */
  private Future<Boolean> mayFinish(UUID patientId, String deviceId, Instant usedAt) {
    return findFresh(deviceId).map(d -> d.isPresent() && usedAt != null && d.get().pairingMayFinish(patientId, usedAt));
  }

  private int secondsUntil(Instant expiresAt) {
    return (int) Math.max(1, Duration.between(now(), expiresAt).toSeconds());
  }

  private Future<Device> claimDevice(UUID patientId, String deviceId, String code) {
    Instant now = now();
    return cql.execute(claimDevice.bind(patientId, now, deviceId)).compose(rs -> {
      Row current = rs.wasApplied() ? null : rs.one();
      if (current != null && !patientId.equals(current.getUuid("owner_id"))) {
        Problem problem = "revoked".equals(current.getString("status")) ? revokedProblem(deviceId)
            : Problem.conflict("device-already-paired", "Brush already paired",
                "This brush is paired to another account; it must be unpaired first");
        return cql.run(releaseCode.bind(code, patientId)).compose(v -> Future.failedFuture(problem));
      }
      cache.synchronous().invalidate(deviceId);
      return require(deviceId).compose(device -> {
        Instant pairedAt = device.currentPairing().map(Device.Pairing::pairedAt).orElse(now);
        return Future.all(
                cql.run(insertPairing.bind(deviceId, pairedAt, patientId)),
                cql.run(insertPatientDevice.bind(patientId, deviceId, device.model(), pairedAt)))
            .compose(v -> {
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
    return find(deviceId).compose(found -> {
      if (found.isEmpty() || !patientId.equals(found.get().ownerId())) {
        return Future.failedFuture(Problem.notFound("You have no paired brush " + deviceId));
      }
      Future<Void> ended = found.get().currentPairing()
          .map(p -> cql.run(endPairing.bind(now, deviceId, p.pairedAt())))
          .orElse(Future.succeededFuture());
      return ended
          .compose(v -> cql.run(releaseDevice.bind(deviceId, patientId)))
          .compose(v -> cql.run(deletePatientDevice.bind(patientId, deviceId)))
          .onComplete(ar -> changed(deviceId, false));
    });
  }

  public Future<List<PairedDevice>> devicesOf(UUID patientId) {
    return cql.all(selectPatientDevices.bind(patientId)).map(rows -> rows.stream()
        .map(r -> new PairedDevice(r.getString("device_id"), r.getString("model"), r.getInstant("paired_at")))
        .toList());
  }

  private Future<Device> require(String deviceId) {
    return find(deviceId).compose(d -> d.isPresent() ? Future.succeededFuture(d.get())
        : Future.failedFuture(unknownProblem(deviceId)));
  }

  private CompletableFuture<Optional<Device>> load(String deviceId) {
    var device = cql.session().executeAsync(selectDevice.bind(deviceId)).toCompletableFuture();
    var pairings = cql.session().executeAsync(selectPairings.bind(deviceId)).toCompletableFuture();
    return device.thenCombine(pairings, (d, p) -> {
      Row row = d.one();
      if (row == null) {
        return Optional.<Device>empty();
      }
      List<Device.Pairing> history = new ArrayList<>();
      p.currentPage().forEach(r -> history.add(new Device.Pairing(r.getUuid("patient_id"),
          r.getInstant("paired_at"), r.getInstant("unpaired_at"))));
      // The owner column is the claim; a pairing row that an interrupted pair() did not write yet
      // is taken from it, so attribution never depends on that second write.
      UUID owner = row.getUuid("owner_id");
      Instant ownerSince = row.getInstant("owner_since");
      boolean recorded = history.stream().anyMatch(h -> h.pairedAt().equals(ownerSince));
      if (owner != null && !recorded) {
        history.add(new Device.Pairing(owner, ownerSince, null));
      }
      return Optional.of(new Device(row.getString("device_id"), row.getString("model"),
          row.getString("credential_hash"), "revoked".equals(row.getString("status")),
          row.getInstant("registered_at"), owner, history));
    });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static Problem unknownProblem(String deviceId) {
    return Problem.notFound("No registered brush " + deviceId);
  }

  private static Problem revokedProblem(String deviceId) {
    return Problem.conflict("device-revoked", "Brush revoked", deviceId + " was revoked and can no longer be used");
  }

  private static Problem codeUsedProblem() {
    return Problem.conflict("pairing-code-used", "Pairing code already used",
        "This pairing code was already used by another account");
  }
}
