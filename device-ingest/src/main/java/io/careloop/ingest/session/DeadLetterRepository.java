package io.careloop.ingest.session;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/** Messages that were refused, with why, kept for a bounded time so that operators can look. */
public final class DeadLetterRepository {

  /** Payloads are kept up to this many bytes: enough to see what a brush sent, bounded in size. */
  public static final int MAX_STORED_PAYLOAD = 8192;

  /** One refused message. */
  public record DeadLetter(Instant receivedAt, String topic, String deviceId, String reason, String detail,
                           byte[] payload, int payloadSize) {
  }

  private final Cql cql;
  private final int ttlSeconds;
  private final PreparedStatement insert;
  private final PreparedStatement selectDay;

  public DeadLetterRepository(CqlSession session, Duration retention) {
    this.cql = new Cql(session);
    this.ttlSeconds = (int) retention.toSeconds();
    insert = session.prepare("INSERT INTO dead_letters_by_day (day, received_at, id, topic, device_id, reason, detail,"
        + " payload, payload_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    selectDay = session.prepare("SELECT received_at, topic, device_id, reason, detail, payload, payload_size"
        + " FROM dead_letters_by_day WHERE day = ?");
  }

  public Future<Void> store(Instant receivedAt, String topic, String deviceId, String reason, String detail,
                            byte[] payload) {
    byte[] kept = payload.length > MAX_STORED_PAYLOAD ? Arrays.copyOf(payload, MAX_STORED_PAYLOAD) : payload;
    return cql.run(insert.bind(day(receivedAt), receivedAt, Uuids.timeBased(), topic, deviceId, reason, detail,
        ByteBuffer.wrap(kept), payload.length, ttlSeconds));
  }

  /** The dead letters of one UTC day, newest first. */
  public Future<List<DeadLetter>> ofDay(LocalDate day) {
    return cql.all(selectDay.bind(day.toString())).map(rows -> rows.stream().map(r -> {
      ByteBuffer buffer = r.getByteBuffer("payload");
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return new DeadLetter(r.getInstant("received_at"), r.getString("topic"), r.getString("device_id"),
          r.getString("reason"), r.getString("detail"), bytes, r.getInt("payload_size"));
    }).toList());
  }

  static String day(Instant t) {
    return t.atZone(ZoneOffset.UTC).toLocalDate().toString();
  }
}
