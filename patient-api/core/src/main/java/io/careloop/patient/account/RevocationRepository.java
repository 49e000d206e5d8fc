package io.careloop.patient.account;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.careloop.platform.cassandra.Cql;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** revocations_by_minute: what was revoked in each UTC minute, read back minute by minute. */
public final class RevocationRepository {

  private final Cql cql;
  private final PreparedStatement insert;
  private final PreparedStatement selectMinute;

  /** Prepares its statements: construct it on a worker thread. */
  public RevocationRepository(CqlSession session) {
    this.cql = new Cql(session);
    // account_id is no longer written (see Revocation); rows written before keep it until their TTL
    insert =
        session.prepare(
            "INSERT INTO revocations_by_minute (minute, revoked_at, kind, subject)"
                + " VALUES (?, ?, ?, ?)");
    selectMinute =
        session.prepare(
            "SELECT revoked_at, kind, subject FROM revocations_by_minute WHERE minute = ?");
  }

  public Future<Void> insert(Revocation r) {
    return cql.run(insert.bind(minuteOf(r.at()), r.at(), r.kind().db(), r.subject()));
  }

  /** Everything revoked in the minute that holds {@code instant}. */
  public Future<List<Revocation>> inMinuteOf(Instant instant) {
    return cql.all(selectMinute.bind(minuteOf(instant)))
        .map(
            rows ->
                rows.stream()
                    .map(
                        r ->
                            new Revocation(
                                Revocation.Kind.fromDb(r.getString("kind")),
                                r.getUuid("subject"),
                                r.getInstant("revoked_at")))
                    .toList());
  }

  static Instant minuteOf(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MINUTES);
  }
}
