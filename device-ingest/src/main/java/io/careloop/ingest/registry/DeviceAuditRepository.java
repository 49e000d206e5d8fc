package io.careloop.ingest.registry;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who changed a brush's registration or credential, and when: one row per change an admin made
 * (registered, pairing code issued, credential rotated, revoked), newest first. A change is
 * recorded after it was made; when the row cannot be written the change stands (its answer, such as
 * a credential shown once, must reach the admin) and the log keeps the record instead.
 */
public final class DeviceAuditRepository {

  private static final Logger log = LoggerFactory.getLogger(DeviceAuditRepository.class);

  /** What an admin did to a brush. */
  public enum Action {
    REGISTERED,
    PAIRING_CODE_ISSUED,
    CREDENTIAL_ROTATED,
    REVOKED;

    String stored() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** One recorded change. */
  public record Entry(Instant at, UUID actorId, String action) {}

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement select;

  /** Prepares its statements: construct it on a worker thread. */
  public DeviceAuditRepository(CqlSession session) {
    this.cql = new Cql(session);
    insert =
        session.prepare(
            "INSERT INTO device_audit_by_device (device_id, at, actor_id, action) VALUES (?, ?, ?, ?)");
    select =
        session.prepare(
            "SELECT at, actor_id, action FROM device_audit_by_device WHERE device_id = ?");
  }

  /** Records the change; always succeeds (a failed write is logged with the whole record). */
  public Future<Void> record(String deviceId, UUID actorId, Action action) {
    return cql.run(insert.bind(deviceId, Uuids.timeBased(), actorId, action.stored()))
        .recover(
            err -> {
              log.error(
                  "Audit row not written ({}): account {} {} brush {} at {}",
                  err.toString(),
                  actorId,
                  action.stored(),
                  deviceId,
                  Instant.now());
              return Future.succeededFuture();
            });
  }

  /** The brush's changes, newest first. */
  public Future<List<Entry>> of(String deviceId) {
    return cql.all(select.bind(deviceId))
        .map(
            rows ->
                rows.stream()
                    .map(
                        r ->
                            new Entry(
                                Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid("at"))),
                                r.getUuid("actor_id"),
                                r.getString("action")))
                    .toList());
  }
}
