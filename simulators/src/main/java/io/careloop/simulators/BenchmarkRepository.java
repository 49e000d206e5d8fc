package io.careloop.simulators;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What the ingest benchmark asks Cassandra directly, blocking (it runs on its own threads): when
 * each stored session's row was written, whether compactions are still running, and dropping its
 * scratch keyspace.
 */
final class BenchmarkRepository {

  /** A stored session of a brush and when its row was written (the driver's timestamp). */
  record Written(long sessionId, Instant at) {}

  private BenchmarkRepository() {}

  /** The brush's sessions stored this year and last, with their rows' write times. */
  static List<Written> writtenSessions(CqlSession session, String deviceId) {
    int year = Instant.now().atZone(ZoneOffset.UTC).getYear();
    List<Written> written = new ArrayList<>();
    for (int y : new int[] {year - 1, year}) {
      for (Row row :
          session.execute(
              SimpleStatement.newInstance(
                  "SELECT session_id, writetime(duration_sec)"
                      + " FROM sessions_by_device WHERE device_id = ? AND year = ?",
                  deviceId,
                  y))) {
        written.add(
            new Written(row.getLong(0), Instant.EPOCH.plus(row.getLong(1), ChronoUnit.MICROS)));
      }
    }
    return written;
  }

  static boolean compacting(CqlSession session) {
    return session.execute("SELECT task_id FROM system_views.sstable_tasks").one() != null;
  }

  /**
   * Dropping a keyspace snapshots and flushes its tables first: more than the default 5 s on a busy
   * box.
   */
  static void dropKeyspace(CqlSession session, String keyspace) {
    session.execute(
        SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
            .setTimeout(Duration.ofMinutes(2)));
  }
}
