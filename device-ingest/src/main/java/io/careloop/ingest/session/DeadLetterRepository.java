package io.careloop.ingest.session;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Messages that were refused, with why, kept for a bounded time so that operators can look. */
public final class DeadLetterRepository {

  /** Payloads are kept up to this many bytes: enough to see what a brush sent, bounded in size. */
  public static final int MAX_STORED_PAYLOAD = 8192;

  /** One refused message. */
  public record DeadLetter(
      Instant receivedAt,
      String topic,
      String deviceId,
      String reason,
      String detail,
      byte[] payload,
      int payloadSize) {}

  /** A dead letter's partition: the UTC hour it was received in, as yyyy-MM-ddTHH. */
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH").withZone(ZoneOffset.UTC);

  private static final String COLUMNS =
      "received_at, topic, device_id, reason, detail, payload, payload_size";

  private final Cql cql;
  private final int ttlSeconds;
  private final PreparedStatement insert;
  private final PreparedStatement selectHour;
  private final PreparedStatement selectDayBeforeHours;

  public DeadLetterRepository(CqlSession session, Duration retention) {
    this.cql = new Cql(session);
    this.ttlSeconds = (int) retention.toSeconds();
    insert =
        session.prepare(
            "INSERT INTO dead_letters_by_hour (hour, received_at, id, topic, device_id, reason,"
                + " detail, payload, payload_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    selectHour = session.prepare("SELECT " + COLUMNS + " FROM dead_letters_by_hour WHERE hour = ?");
    selectDayBeforeHours =
        session.prepare("SELECT " + COLUMNS + " FROM dead_letters_by_day WHERE day = ?");
  }

  public Future<Void> store(
      Instant receivedAt,
      String topic,
      String deviceId,
      String reason,
      String detail,
      byte[] payload) {
    byte[] kept =
        payload.length > MAX_STORED_PAYLOAD ? Arrays.copyOf(payload, MAX_STORED_PAYLOAD) : payload;
    return cql.run(
        insert.bind(
            hour(receivedAt),
            receivedAt,
            Uuids.timeBased(),
            topic,
            deviceId,
            reason,
            detail,
            ByteBuffer.wrap(kept),
            payload.length,
            ttlSeconds));
  }

  /**
   * The dead letters of one UTC day, newest first: its 24 hourly partitions, then what the day's
   * partition of the table before them holds (written before the upgrade, so older).
   */
  public Future<List<DeadLetter>> ofDay(LocalDate day) {
    List<Future<List<Row>>> reads = new ArrayList<>();
    for (int h = 23; h >= 0; h--) {
      reads.add(cql.all(selectHour.bind(String.format("%sT%02d", day, h))));
    }
    reads.add(cql.all(selectDayBeforeHours.bind(day.toString())));
    return Future.all(reads)
        .map(
            done ->
                reads.stream()
                    .flatMap(read -> read.result().stream())
                    .map(DeadLetterRepository::fromRow)
                    .toList());
  }

  private static DeadLetter fromRow(Row r) {
    ByteBuffer buffer = r.getByteBuffer("payload");
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return new DeadLetter(
        r.getInstant("received_at"),
        r.getString("topic"),
        r.getString("device_id"),
        r.getString("reason"),
        r.getString("detail"),
        bytes,
        r.getInt("payload_size"));
  }

  static String hour(Instant t) {
    return HOUR.format(t);
  }
}
