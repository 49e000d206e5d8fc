package io.careloop.ingest.status;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest status of each brush: the one that reached ingest last. Each write carries its
 * message's arrival time as its Cassandra timestamp, so a status stored late (retried while
 * Cassandra was away, or by a slower instance) does not hide one that arrived after it, such as the
 * Last Will's offline. The payload's {@code at} cannot order them: a Last Will carries the time its
 * connection was made.
 */
public final class DeviceStatusRepository {

  private final Cql cql;
  private final PreparedStatement upsert;
  private final PreparedStatement select;

  /** Prepares its statements: construct it on a worker thread. */
  public DeviceStatusRepository(CqlSession session) {
    this.cql = new Cql(session);
    upsert =
        session.prepare(
            "INSERT INTO device_status (device_id, online, battery_pct, firmware, head_usage_sec,"
                + " reported_at, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?");
    select =
        session.prepare(
            "SELECT device_id, online, battery_pct, firmware, head_usage_sec, reported_at, last_seen"
                + " FROM device_status WHERE device_id = ?");
  }

  /**
   * Fields a brush did not send are left as they were (unset, not overwritten with null); each
   * field keeps the value of the latest status by {@code lastSeen} that sent it.
   */
  public Future<Void> store(DeviceStatus s) {
    long arrivalMicros = ChronoUnit.MICROS.between(Instant.EPOCH, s.lastSeen());
    var bound =
        Cql.unsetNulls(
            upsert.bind(
                s.deviceId(),
                s.online(),
                s.batteryPct(),
                s.firmware(),
                s.headUsageSec(),
                s.reportedAt(),
                s.lastSeen(),
                arrivalMicros));
    return cql.run(bound);
  }

  public Future<Optional<DeviceStatus>> statusOf(String deviceId) {
    return cql.one(select.bind(deviceId)).map(row -> row.map(DeviceStatusRepository::toStatus));
  }

  /**
   * The statuses of a few brushes (a patient's), by device id; brushes never heard from are absent.
   */
  public Future<Map<String, DeviceStatus>> statusOf(Collection<String> deviceIds) {
    List<Future<Optional<DeviceStatus>>> reads = deviceIds.stream().map(this::statusOf).toList();
    return Future.all(reads)
        .map(
            done -> {
              Map<String, DeviceStatus> byId = new HashMap<>();
              reads.forEach(r -> r.result().ifPresent(s -> byId.put(s.deviceId(), s)));
              return byId;
            });
  }

  private static DeviceStatus toStatus(Row r) {
    return new DeviceStatus(
        r.getString("device_id"),
        r.getBoolean("online"),
        r.isNull("battery_pct") ? null : r.getInt("battery_pct"),
        r.getString("firmware"),
        r.isNull("head_usage_sec") ? null : r.getInt("head_usage_sec"),
        r.getInstant("reported_at"),
        r.getInstant("last_seen"));
  }
}
