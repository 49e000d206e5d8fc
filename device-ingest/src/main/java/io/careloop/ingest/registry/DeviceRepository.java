package io.careloop.ingest.registry;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The registry's tables: devices_by_id (with the owner column, the claim on a brush), pairing
 * codes, pairings_by_device (the history) and devices_by_patient. Claims on a code and on a brush
 * are lightweight transactions.
 */
public final class DeviceRepository {

  /** A stored pairing code: its brush, its expiry, and who used it when. */
  public record PairingCode(String deviceId, Instant expiresAt, UUID usedBy, Instant usedAt) {}

  /** A brush as the month's list of registrations holds it. */
  public record Registered(String deviceId, String model, Instant registeredAt) {}

  /** A brush's owner and status as they stood when a claim on it was refused. */
  public record ClaimedBy(UUID ownerId, boolean revoked) {}

  private final Cql cql;
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
  private final PreparedStatement insertPatientPairing;
  private final PreparedStatement selectPatientPairings;
  private final PreparedStatement insertPatientCode;
  private final PreparedStatement selectPatientCodes;
  private final PreparedStatement renamePairing;
  private final PreparedStatement forgetCode;
  private final PreparedStatement deletePatientPairings;
  private final PreparedStatement deletePatientCodes;
  private final PreparedStatement deletePatientDevices;
  private final PreparedStatement insertInMonth;
  private final PreparedStatement selectMonth;

  /** Prepares its statements: construct it on a worker thread. */
  public DeviceRepository(CqlSession session) {
    this.cql = new Cql(session);
    insertDevice =
        session.prepare(
            "INSERT INTO devices_by_id (device_id, model, credential_hash, status, registered_at)"
                + " VALUES (?, ?, ?, 'registered', ?) IF NOT EXISTS");
    selectDevice =
        session.prepare(
            "SELECT device_id, model, credential_hash, status, registered_at, owner_id, owner_since"
                + " FROM devices_by_id WHERE device_id = ?");
    selectPairings =
        session.prepare(
            "SELECT paired_at, patient_id, unpaired_at FROM pairings_by_device WHERE device_id = ?");
    revoke =
        session.prepare(
            "UPDATE devices_by_id SET status = 'revoked', revoked_at = ? WHERE device_id = ? IF EXISTS");
    rotateCredential =
        session.prepare(
            "UPDATE devices_by_id SET credential_hash = ? WHERE device_id = ? IF status = 'registered'");
    insertCode =
        session.prepare(
            "INSERT INTO pairing_codes (code, device_id, expires_at) VALUES (?, ?, ?)"
                + " IF NOT EXISTS USING TTL ?");
    selectCode =
        session.prepare(
            "SELECT device_id, expires_at, used_by, used_at FROM pairing_codes WHERE code = ?");
    // The claim expires with the code: a claim outliving it would leave a row without its device.
    claimCode =
        session.prepare(
            "UPDATE pairing_codes USING TTL ? SET used_by = ?, used_at = ? WHERE code = ? IF used_by = null");
    releaseCode =
        session.prepare(
            "UPDATE pairing_codes SET used_by = null, used_at = null WHERE code = ? IF used_by = ?");
    claimDevice =
        session.prepare(
            "UPDATE devices_by_id SET owner_id = ?, owner_since = ? WHERE device_id = ?"
                + " IF owner_id = null AND status = 'registered'");
    releaseDevice =
        session.prepare(
            "UPDATE devices_by_id SET owner_id = null, owner_since = null WHERE device_id = ?"
                + " IF owner_id = ?");
    insertPairing =
        session.prepare(
            "INSERT INTO pairings_by_device (device_id, paired_at, patient_id) VALUES (?, ?, ?)");
    endPairing =
        session.prepare(
            "UPDATE pairings_by_device SET unpaired_at = ? WHERE device_id = ? AND paired_at = ?");
    insertPatientDevice =
        session.prepare(
            "INSERT INTO devices_by_patient (patient_id, device_id, model, paired_at) VALUES (?, ?, ?, ?)");
    deletePatientDevice =
        session.prepare("DELETE FROM devices_by_patient WHERE patient_id = ? AND device_id = ?");
    selectPatientDevices =
        session.prepare(
            "SELECT device_id, model, paired_at FROM devices_by_patient WHERE patient_id = ?");
    insertPatientPairing =
        session.prepare(
            "INSERT INTO pairings_by_patient (patient_id, device_id, paired_at) VALUES (?, ?, ?)");
    selectPatientPairings =
        session.prepare("SELECT device_id FROM pairings_by_patient WHERE patient_id = ?");
    insertPatientCode =
        session.prepare(
            "INSERT INTO pairing_codes_by_patient (patient_id, code) VALUES (?, ?) USING TTL ?");
    selectPatientCodes =
        session.prepare("SELECT code FROM pairing_codes_by_patient WHERE patient_id = ?");
    renamePairing =
        session.prepare(
            "UPDATE pairings_by_device SET patient_id = ? WHERE device_id = ? AND paired_at = ?");
    forgetCode = session.prepare("DELETE FROM pairing_codes WHERE code = ? IF used_by = ?");
    deletePatientPairings = session.prepare("DELETE FROM pairings_by_patient WHERE patient_id = ?");
    deletePatientCodes =
        session.prepare("DELETE FROM pairing_codes_by_patient WHERE patient_id = ?");
    deletePatientDevices = session.prepare("DELETE FROM devices_by_patient WHERE patient_id = ?");
    insertInMonth =
        session.prepare(
            "INSERT INTO devices_by_month (month, registered_at, device_id, model) VALUES (?, ?, ?, ?)");
    selectMonth =
        session.prepare(
            "SELECT device_id, model, registered_at FROM devices_by_month WHERE month = ? LIMIT ?");
  }

  /** Lists the brush among its month's registrations. */
  public Future<Void> listRegistration(String deviceId, String model, Instant at) {
    return cql.run(insertInMonth.bind(monthOf(at), at, deviceId, model));
  }

  /** The brushes registered in the month, newest first, at most {@code limit}. */
  public Future<List<Registered>> registeredIn(YearMonth month, int limit) {
    return cql.all(selectMonth.bind(month.getYear() * 100 + month.getMonthValue(), limit))
        .map(
            rows ->
                rows.stream()
                    .map(
                        r ->
                            new Registered(
                                r.getString("device_id"),
                                r.getString("model"),
                                r.getInstant("registered_at")))
                    .toList());
  }

  private static int monthOf(Instant at) {
    YearMonth month = YearMonth.from(at.atOffset(ZoneOffset.UTC));
    return month.getYear() * 100 + month.getMonthValue();
  }

  /** Registers the brush; false when it already is. */
  public Future<Boolean> insert(String deviceId, String model, String credentialHash, Instant at) {
    return cql.applied(insertDevice.bind(deviceId, model, credentialHash, at));
  }

  /**
   * The brush and its pairing history, as stored (for the registry's cache, off any context). The
   * owner column is the claim: a pairing row that an interrupted pairing did not write yet is taken
   * from it, so attribution never depends on that second write.
   */
  public CompletableFuture<Optional<Device>> load(String deviceId) {
    var device = cql.session().executeAsync(selectDevice.bind(deviceId)).toCompletableFuture();
    var pairings = cql.session().executeAsync(selectPairings.bind(deviceId)).toCompletableFuture();
    return device.thenCombine(
        pairings,
        (d, p) -> {
          Row row = d.one();
          if (row == null) {
            return Optional.<Device>empty();
          }
          List<Device.Pairing> history = new ArrayList<>();
          p.currentPage()
              .forEach(
                  r ->
                      history.add(
                          new Device.Pairing(
                              r.getUuid("patient_id"),
                              r.getInstant("paired_at"),
                              r.getInstant("unpaired_at"))));
          UUID owner = row.getUuid("owner_id");
          Instant ownerSince = row.getInstant("owner_since");
          boolean recorded = history.stream().anyMatch(h -> h.pairedAt().equals(ownerSince));
          if (owner != null && !recorded) {
            history.add(new Device.Pairing(owner, ownerSince, null));
          }
          return Optional.of(
              new Device(
                  row.getString("device_id"),
                  row.getString("model"),
                  row.getString("credential_hash"),
                  "revoked".equals(row.getString("status")),
                  row.getInstant("registered_at"),
                  owner,
                  history));
        });
  }

  /** False when there is no such brush. */
  public Future<Boolean> revoke(String deviceId, Instant at) {
    return cql.applied(revoke.bind(at, deviceId));
  }

  /** False when the brush is revoked. */
  public Future<Boolean> rotateCredential(String deviceId, String credentialHash) {
    return cql.applied(rotateCredential.bind(credentialHash, deviceId));
  }

  /** Stores a new code for the brush, kept for {@code ttlSeconds}; false when the code is taken. */
  public Future<Boolean> insertCode(
      String code, String deviceId, Instant expiresAt, int ttlSeconds) {
    return cql.applied(insertCode.bind(code, deviceId, expiresAt, ttlSeconds));
  }

  public Future<Optional<PairingCode>> code(String code) {
    return cql.one(selectCode.bind(code))
        .map(
            row ->
                row.map(
                    r ->
                        new PairingCode(
                            r.getString("device_id"),
                            r.getInstant("expires_at"),
                            r.getUuid("used_by"),
                            r.getInstant("used_at"))));
  }

  /**
   * Marks the code used by the patient; true also when the patient had already used it. The
   * patient's list of codes is written first, so that an erasure finds every code they claimed.
   */
  public Future<Boolean> claimCode(String code, UUID patientId, Instant at, int ttlSeconds) {
    return cql.run(insertPatientCode.bind(patientId, code, ttlSeconds))
        .compose(v -> cql.execute(claimCode.bind(ttlSeconds, patientId, at, code)))
        .map(rs -> rs.wasApplied() || patientId.equals(rs.one().getUuid("used_by")));
  }

  /** Gives the code back, if the patient still holds it. */
  public Future<Void> releaseCode(String code, UUID patientId) {
    return cql.run(releaseCode.bind(code, patientId));
  }

  /** Claims the brush for the patient; empty when it is now theirs, else who holds it. */
  public Future<Optional<ClaimedBy>> claimDevice(String deviceId, UUID patientId, Instant at) {
    return cql.execute(claimDevice.bind(patientId, at, deviceId))
        .map(
            rs -> {
              Row current = rs.wasApplied() ? null : rs.one();
              return current == null || patientId.equals(current.getUuid("owner_id"))
                  ? Optional.empty()
                  : Optional.of(
                      new ClaimedBy(
                          current.getUuid("owner_id"),
                          "revoked".equals(current.getString("status"))));
            });
  }

  public Future<Void> releaseDevice(String deviceId, UUID patientId) {
    return cql.run(releaseDevice.bind(deviceId, patientId));
  }

  /** The pairing's history row and the patient's lists (now, and ever), all written. */
  public Future<Void> recordPairing(
      String deviceId, String model, UUID patientId, Instant pairedAt) {
    return Future.all(
            cql.run(insertPairing.bind(deviceId, pairedAt, patientId)),
            cql.run(insertPatientDevice.bind(patientId, deviceId, model, pairedAt)),
            cql.run(insertPatientPairing.bind(patientId, deviceId, pairedAt)))
        .mapEmpty();
  }

  /** The brushes the patient ever paired (since pairings_by_patient was written). */
  public Future<List<String>> devicesEverPairedBy(UUID patientId) {
    return cql.all(selectPatientPairings.bind(patientId))
        .map(rows -> rows.stream().map(r -> r.getString("device_id")).distinct().toList());
  }

  /** The codes the patient claimed that have not expired, whether or not the claim held. */
  public Future<List<String>> codesClaimedBy(UUID patientId) {
    return cql.all(selectPatientCodes.bind(patientId))
        .map(rows -> rows.stream().map(r -> r.getString("code")).toList());
  }

  /**
   * The pairing that began at {@code pairedAt} names {@code patientId} from now on (an erasure's
   * pseudonym).
   */
  public Future<Void> renamePairing(String deviceId, Instant pairedAt, UUID patientId) {
    return cql.run(renamePairing.bind(patientId, deviceId, pairedAt));
  }

  /**
   * Deletes the code if the patient used it (it is spent either way); false if it was someone
   * else's.
   */
  public Future<Boolean> forgetCode(String code, UUID patientId) {
    return cql.applied(forgetCode.bind(code, patientId));
  }

  /** The patient's lists of brushes, pairings and codes go. */
  public Future<Void> forgetPatient(UUID patientId) {
    return cql.run(
        BatchStatement.newInstance(
            DefaultBatchType.LOGGED,
            deletePatientPairings.bind(patientId),
            deletePatientCodes.bind(patientId),
            deletePatientDevices.bind(patientId)));
  }

  public Future<Void> endPairing(String deviceId, Instant pairedAt, Instant at) {
    return cql.run(endPairing.bind(at, deviceId, pairedAt));
  }

  public Future<Void> removeFromPatient(UUID patientId, String deviceId) {
    return cql.run(deletePatientDevice.bind(patientId, deviceId));
  }

  public Future<List<DeviceRegistry.PairedDevice>> devicesOf(UUID patientId) {
    return cql.all(selectPatientDevices.bind(patientId))
        .map(
            rows ->
                rows.stream()
                    .map(
                        r ->
                            new DeviceRegistry.PairedDevice(
                                r.getString("device_id"),
                                r.getString("model"),
                                r.getInstant("paired_at")))
                    .toList());
  }
}
